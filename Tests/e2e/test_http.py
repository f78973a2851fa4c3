"""Security-relevant HTTP behaviour, end to end, with plain requests against the real server."""

from __future__ import annotations

import json
import urllib.parse
import uuid

import requests
from e2e_helpers import (
    TIMEOUT,
    assert_problem,
    describe,
    find_form,
    list_items,
    next_cursor,
    raw_request,
    record_of,
    signed_in,
    web_login,
)


def test_health_and_readiness(server):
    for path in ("/healthz", "/readyz"):
        response = requests.get(server.base_url + path, timeout=TIMEOUT)
        assert response.status_code == 200, describe(response)


def test_openapi_document_is_served(server):
    response = requests.get(f"{server.api}/openapi.json", timeout=TIMEOUT)
    assert response.status_code == 200, describe(response)
    doc = response.json()
    assert str(doc.get("openapi", "")).startswith("3.1"), (
        f"expected an OpenAPI 3.1 document, got openapi={doc.get('openapi')!r}"
    )
    assert doc.get("paths"), "the OpenAPI document lists no paths"
    paths = " ".join(doc["paths"])
    assert "contacts" in paths, f"the OpenAPI document has no contacts endpoint; paths: {sorted(doc['paths'])}"


def test_api_without_token_is_401_problem(server):
    response = requests.get(f"{server.api}/contacts", timeout=TIMEOUT)
    assert_problem(response, 401)
    response = requests.get(
        f"{server.api}/contacts", headers={"Authorization": "Bearer rpt_not-a-real-token"}, timeout=TIMEOUT
    )
    assert_problem(response, 401)
    response = requests.get(
        f"{server.api}/contacts", headers={"Authorization": "Basic YWRtaW46YWRtaW4="}, timeout=TIMEOUT
    )
    assert_problem(response, 401)
    # ...and the real token works, so the 401s above were about the token.
    response = requests.get(f"{server.api}/contacts", headers=server.auth(), timeout=TIMEOUT)
    assert response.status_code == 200, describe(response)


def test_web_pages_need_a_session(server):
    response = requests.get(f"{server.base_url}/accounts", allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code in (302, 303), f"GET /accounts without a session should redirect:\n{describe(response)}"
    location = urllib.parse.urlsplit(response.headers.get("Location", ""))
    assert location.path == "/login", (
        f"GET /accounts without a session redirected to {response.headers.get('Location')!r}"
    )
    assert location.netloc in ("", f"127.0.0.1:{server.port}"), "the sign-in redirect leaves the site"


def test_form_post_without_csrf_token_is_403(server):
    session = signed_in(server.base_url, server.admin.email, server.admin.password)
    page = session.get(f"{server.base_url}/accounts/new", timeout=TIMEOUT)
    assert page.status_code == 200, describe(page)
    form = find_form(page.text, having="name", page="GET /accounts/new")
    assert "_csrf" in form.fields, f"the account form has no _csrf field; fields: {sorted(form.fields)}"
    action = urllib.parse.urljoin(f"{server.base_url}/accounts/new", form.action or "/accounts/new")
    assert form.method == "post", f"the account form's method is {form.method!r}"

    def post(data):
        return session.post(action, data=data, allow_redirects=False, timeout=TIMEOUT)

    data = dict(form.fields, name="CSRF Probe Ltd", type="customer")
    without = {k: v for k, v in data.items() if k != "_csrf"}
    response = post(without)
    assert response.status_code == 403, f"a form POST without _csrf must be refused with 403:\n{describe(response)}"

    response = post(dict(data, _csrf="x" * len(data["_csrf"])))
    assert response.status_code == 403, (
        f"a form POST with a wrong _csrf must be refused with 403:\n{describe(response)}"
    )

    # A session cookie from another session does not carry this form's token either.
    other = signed_in(server.base_url, server.admin.email, server.admin.password)
    response = other.post(action, data=data, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 403, (
        f"another session's cookie with this form's _csrf must be refused:\n{describe(response)}"
    )

    # With the right token the same post goes through, so the refusals above were about the token.
    response = post(dict(data, name="CSRF Control Ltd"))
    assert response.status_code in (302, 303), (
        f"the same form with its _csrf should create the account:\n{describe(response)}"
    )
    assert "/accounts/" in response.headers.get("Location", ""), describe(response)

    listing = session.get(f"{server.base_url}/accounts", params={"q": "CSRF Probe"}, timeout=TIMEOUT)
    assert listing.status_code == 200, describe(listing)
    assert "CSRF Probe Ltd" not in listing.text, "a refused form POST created the account anyway"


def test_form_post_without_session_is_refused(server):
    response = requests.post(
        f"{server.base_url}/accounts",
        data={"name": "No Session Ltd", "type": "customer"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code in (302, 303, 401, 403), (
        f"a form POST without a session must not be accepted:\n{describe(response)}"
    )
    if response.status_code in (302, 303):
        assert urllib.parse.urlsplit(response.headers.get("Location", "")).path == "/login", describe(response)


def test_failed_sign_ins_are_throttled(fresh_server):
    s = fresh_server
    statuses = []
    throttled = None
    for attempt in range(1, 7):
        _, response = web_login(s.base_url, s.admin.email, f"wrong-password-{attempt}")
        statuses.append(response.status_code)
        assert response.status_code not in (302, 303), (
            f"attempt {attempt} with a wrong password signed in (redirect to {response.headers.get('Location')})"
        )
        if response.status_code == 429:
            throttled = response
            break
        assert response.status_code in (200, 401, 403, 422), f"attempt {attempt}:\n{describe(response)}"
    assert throttled is not None, f"6 wrong passwords in a row were never answered 429; statuses: {statuses}"
    retry_after = throttled.headers.get("Retry-After")
    assert retry_after, f"429 without a Retry-After header:\n{describe(throttled)}"
    assert retry_after.isdigit() and int(retry_after) > 0, (
        f"Retry-After should be a positive number of seconds: {retry_after!r}"
    )

    # While locked, even the right password does not sign in.
    _, response = web_login(s.base_url, s.admin.email, s.admin.password)
    assert response.status_code == 429, (
        f"the right password during the lock-out should still get 429 (statuses so far {statuses}):\n{describe(response)}"
    )


def _count_contacts(server, q: str) -> int:
    """Contacts whose list entry mentions `q`, over every page of GET /api/v1/contacts."""
    count = 0
    params: dict[str, str] = {}
    for _ in range(500):
        response = requests.get(f"{server.api}/contacts", params=params, headers=server.auth(), timeout=TIMEOUT)
        assert response.status_code == 200, describe(response)
        body = response.json()
        count += sum(1 for item in list_items(body) if q in json.dumps(item, ensure_ascii=False))
        cursor = next_cursor(body)
        if not cursor:
            return count
        params = {"cursor": cursor}
    raise AssertionError("GET /api/v1/contacts kept returning next cursors for 500 pages")


def test_idempotency_key_replays_the_first_create(server):
    marker = f"Idem{uuid.uuid4().hex[:10]}"
    # The third create below is the same person on purpose: say so, or the duplicate check holds it.
    payload = {"first_name": "Ida", "last_name": marker, "emails": [f"{marker.lower()}@e2e.example"], "allow_duplicate": True}
    headers = dict(server.auth(), **{"Idempotency-Key": str(uuid.uuid4()), "Content-Type": "application/json"})
    before = _count_contacts(server, marker)
    assert before == 0

    first = requests.post(f"{server.api}/contacts", data=json.dumps(payload), headers=headers, timeout=TIMEOUT)
    assert first.status_code in (200, 201), describe(first)
    second = requests.post(f"{server.api}/contacts", data=json.dumps(payload), headers=headers, timeout=TIMEOUT)
    assert second.status_code == first.status_code, (
        f"a retried POST with the same Idempotency-Key should get the first answer's status {first.status_code}:\n{describe(second)}"
    )
    first_id, second_id = record_of(first.json())["id"], record_of(second.json())["id"]
    assert first_id == second_id, f"the same Idempotency-Key created two contacts: {first_id} and {second_id}"
    assert _count_contacts(server, marker) == 1, "the same Idempotency-Key created more than one contact"

    fetched = requests.get(f"{server.api}/contacts/{first_id}", headers=server.auth(), timeout=TIMEOUT)
    assert fetched.status_code == 200, describe(fetched)
    assert record_of(fetched.json())["last_name"] == marker

    # A different key is a different request.
    headers["Idempotency-Key"] = str(uuid.uuid4())
    third = requests.post(f"{server.api}/contacts", data=json.dumps(payload), headers=headers, timeout=TIMEOUT)
    assert third.status_code in (200, 201), describe(third)
    assert record_of(third.json())["id"] != first_id, "a new Idempotency-Key replayed an old answer"


def test_body_over_one_mebibyte_is_413(server):
    filler = "x" * (1024 * 1024 + 1024)
    body = json.dumps({"first_name": "Big", "last_name": "Body", "description": filler}).encode()
    head = (
        f"POST /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Authorization: Bearer {server.admin.token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    status, headers, rest = raw_request(server.host, server.port, head, body)
    assert status == 413, f"a {len(body)}-byte body should be refused with 413, got {status}: {headers} {rest[:500]!r}"

    # The same without Content-Length (chunked) must be cut off too.
    chunked_head = head.replace(f"Content-Length: {len(body)}\r\n".encode(), b"Transfer-Encoding: chunked\r\n")
    chunks = b"".join(
        f"{len(body[i : i + 65536]):x}\r\n".encode() + body[i : i + 65536] + b"\r\n" for i in range(0, len(body), 65536)
    )
    status, headers, rest = raw_request(server.host, server.port, chunked_head, chunks + b"0\r\n\r\n")
    assert status == 413, (
        f"a chunked {len(body)}-byte body should be refused with 413, got {status}: {headers} {rest[:500]!r}"
    )

    # The server is still fine afterwards.
    response = requests.get(f"{server.base_url}/healthz", timeout=TIMEOUT)
    assert response.status_code == 200, describe(response)
