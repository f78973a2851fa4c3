"""Small helpers shared by the e2e tests: HTML form parsing, web sign-in, API response shapes."""

from __future__ import annotations

import json
import socket
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

TIMEOUT = 30  # seconds, for every HTTP request a test makes


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # name -> input type / "textarea" / "select"


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._option_value: str | None = None
        self._option_text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self._form.fields[name] = a.get("value", "")
            self._form.types[name] = kind
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields[name] = ""
            self._form.types[name] = "textarea"
        elif tag == "select" and name:
            self._select = name
            self._select_first = None
            self._form.types[name] = "select"
        elif tag == "option" and self._select:
            self._option_value = a.get("value")
            self._option_text = []
            if "selected" in a:
                self._form.fields[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._form is None:
            return
        if self._textarea:
            self._form.fields[self._textarea] += data
        if self._option_text is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._select and self._option_text is not None:
            value = self._option_value if self._option_value is not None else "".join(self._option_text).strip()
            if self._select_first is None:
                self._select_first = value
            self._option_text = None
        elif tag == "select" and self._select:
            if self._form is not None and self._select not in self._form.fields and self._select_first is not None:
                self._form.fields[self._select] = self._select_first
            self._select = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html: str, *, having: str, page: str) -> Form:
    """The first form with a field named `having`; fails with the page's start when there is none."""
    for form in parse_forms(html):
        if having in form.types:
            return form
    raise AssertionError(f"{page}: no <form> with a field named {having!r}. Page starts:\n{html[:1500]}")


def web_login(base_url: str, email: str, password: str) -> tuple[requests.Session, requests.Response]:
    """Signs in through the real sign-in form (with its hidden fields, e.g. _csrf).

    Returns the session and the POST's response (redirects not followed)."""
    session = requests.Session()
    page = session.get(f"{base_url}/login", timeout=TIMEOUT)
    assert page.status_code == 200, f"GET /login answered {page.status_code}:\n{page.text[:1000]}"
    form = find_form(page.text, having="password", page="GET /login")
    data = dict(form.fields)
    data["email"] = email
    data["password"] = password
    action = urllib.parse.urljoin(f"{base_url}/login", form.action or "/login")
    response = session.post(action, data=data, allow_redirects=False, timeout=TIMEOUT)
    return session, response


def signed_in(base_url: str, email: str, password: str) -> requests.Session:
    session, response = web_login(base_url, email, password)
    assert response.status_code in (302, 303), (
        f"signing in as {email} answered {response.status_code} (expected a 303 redirect):\n{response.text[:1500]}"
    )
    assert "/login" not in response.headers.get("Location", ""), (
        f"signing in as {email} redirected back to {response.headers.get('Location')}"
    )
    return session


def describe(response: requests.Response, limit: int = 1500) -> str:
    """A response in a few lines, for assertion messages."""
    headers = "\n".join(f"  {k}: {v}" for k, v in response.headers.items())
    return (
        f"{response.request.method} {response.request.url} -> {response.status_code}\n"
        f"{headers}\n  body: {response.text[:limit]}"
    )


def assert_problem(response: requests.Response, status: int) -> dict:
    """Checks an RFC 9457 problem response and returns its body."""
    assert response.status_code == status, f"expected {status}:\n{describe(response)}"
    content_type = response.headers.get("Content-Type", "")
    assert content_type.split(";")[0].strip() == "application/problem+json", (
        f"expected Content-Type application/problem+json, got {content_type!r}:\n{describe(response)}"
    )
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"problem body is not JSON:\n{describe(response)}") from None
    assert isinstance(body, dict), f"problem body is not an object:\n{describe(response)}"
    assert body.get("status") in (None, status), f"problem 'status' member disagrees:\n{describe(response)}"
    assert body.get("title"), f"problem has no 'title':\n{describe(response)}"
    return body


LIST_KEYS = ("data", "items", "results", "records", "contacts", "accounts")
CURSOR_KEYS = ("next_cursor", "nextCursor", "next")


def list_items(body) -> list:
    """The records of a list response: a bare array, or an object with one of LIST_KEYS."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in LIST_KEYS:
            if isinstance(body.get(key), list):
                return body[key]
    raise AssertionError(f"cannot find the records in this list response: {json.dumps(body)[:800]}")


def next_cursor(body) -> str | None:
    if not isinstance(body, dict):
        return None
    for container in (body, body.get("page"), body.get("meta"), body.get("links"), body.get("pagination")):
        if isinstance(container, dict):
            for key in CURSOR_KEYS:
                value = container.get(key)
                if isinstance(value, str) and value:
                    return value
    return None


def record_of(body) -> dict:
    """The record in a single-record response: the object itself, or wrapped in `data`."""
    if isinstance(body, dict) and isinstance(body.get("id"), str):
        return body
    if isinstance(body, dict) and isinstance(body.get("data"), dict) and isinstance(body["data"].get("id"), str):
        return body["data"]
    raise AssertionError(f"cannot find a record with an 'id' in this response: {json.dumps(body)[:800]}")


def raw_request(host: str, port: int, head: bytes, body: bytes, timeout: float = 30) -> tuple[int, dict, bytes]:
    """Sends one HTTP/1.1 request over a plain socket and reads the answer, even when the server
    answers (and closes) before it has read the whole body. Returns (status, headers, body)."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        try:
            sock.sendall(head + body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may stop reading once it has decided; its answer is still there to read
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                data = b"".join(chunks)
                if b"\r\n\r\n" in data:
                    header_part, _, rest = data.partition(b"\r\n\r\n")
                    length = _content_length(header_part)
                    if length is not None and len(rest) >= length:
                        break
        except (ConnectionResetError, socket.timeout):
            pass
    data = b"".join(chunks)
    if not data:
        raise AssertionError("the server closed the connection without an HTTP response")
    header_part, _, rest = data.partition(b"\r\n\r\n")
    lines = header_part.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, rest


def _content_length(header_part: bytes) -> int | None:
    for line in header_part.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None
