"""The web UI in real headless Chromium: sign in, create an account and a contact, search, and a
form with errors. Screenshots of every page at desktop (1366 px) and phone (390 px) widths go to
e2e-artifacts/<database>/NAME-1366.png and NAME-390.png."""

from __future__ import annotations

import base64
import os
import re
import time
import urllib.parse
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    NoAlertPresentException,
    TimeoutException,
)
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DESKTOP = (1366, 900)
PHONE = (390, 844)
WAIT = 20  # seconds: a debug build on 2 shared cores can be slow

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ACCOUNT_NAME = "E2E Robotics <script>alert(1)</script>"
CONTACT_NAME = "Zoë E2ETester"

# Runs before any page script: records dialogs instead of showing them, so an injected alert is seen.
DIALOG_TRAP = """
window.__e2eDialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function (message) { window.__e2eDialogs.push(name + ": " + String(message)); return null; };
}
"""

# The document's width, and the elements that stick out furthest to the right, as short selectors.
OVERFLOW_SCRIPT = """
const limit = arguments[0];
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
  (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
const wide = [...document.querySelectorAll('body *')]
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.width > 0 && r.right > limit + 1)
  .sort((a, b) => b[1].right - a[1].right)
  .slice(0, 3)
  .map(([el, r]) => name(el) + ' (right edge ' + Math.round(r.right) + ' px)');
return {scrollWidth: document.documentElement.scrollWidth, culprits: wide};
"""

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager reach for the network


# ---------------------------------------------------------------------------------------------
# Browser plumbing


class Browser:
    def __init__(self, driver: webdriver.Chrome, base_url: str, directory: Path):
        self.d = driver
        self.base_url = base_url
        self.directory = directory
        self.console: list[str] = []
        self.layout: list[str] = []  # pages wider than the phone screen

    # navigation and waiting

    def get(self, path: str) -> None:
        self.d.get(self.base_url + path)
        self.collect_console(f"GET {path}")

    def path(self) -> str:
        return urllib.parse.urlsplit(self.d.current_url).path

    def wait(self, condition, message: str, timeout: float = WAIT):
        try:
            return WebDriverWait(self.d, timeout).until(lambda _: condition())
        except TimeoutException:
            raise AssertionError(
                f"{message} (waited {timeout} s; now at {self.d.current_url}, title {self.d.title!r})\n"
                f"page text:\n{self.body_text()[:2000]}"
            ) from None

    def wait_for_path(self, pattern: str, message: str) -> re.Match:
        self.wait(lambda: re.fullmatch(pattern, self.path()), message)
        self.collect_console(f"landed on {self.path()}")
        return re.fullmatch(pattern, self.path())

    def css(self, selector: str) -> list[WebElement]:
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector: str, what: str) -> WebElement:
        found = self.css(selector)
        assert found, f"{what}: no element matches {selector!r} on {self.path()}\npage text:\n{self.body_text()[:1500]}"
        return found[0]

    def body_text(self) -> str:
        try:
            return self.d.find_element(By.TAG_NAME, "body").text
        except Exception:  # noqa: BLE001 - only for messages
            return "(no body)"

    # forms

    def fill(self, name: str, value: str) -> WebElement:
        field = self.one(f"[name={name!r}]", f"field {name}")
        tag = field.tag_name.lower()
        if tag == "select":
            Select(field).select_by_value(value)
            return field
        field.clear()
        field.send_keys(value)
        if field.get_property("value") != value:  # some drivers mangle non-ASCII keys: set it directly
            self.d.execute_script(
                "arguments[0].value = arguments[1];arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                field,
                value,
            )
        return field

    def submit(self, field: WebElement) -> None:
        """Submits the form a field belongs to with its own submit button."""
        form = field.find_element(By.XPATH, "./ancestor::form")
        buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], input[type=submit]") or form.find_elements(
            By.CSS_SELECTOR, "button:not([type])"
        )
        assert buttons, f"the form on {self.path()} has no submit button"
        button = buttons[0]
        try:
            button.click()
        except (ElementClickInterceptedException, ElementNotInteractableException):
            self.d.execute_script("arguments[0].requestSubmit(arguments[1])", form, button)

    # checks

    def assert_no_injected_script(self) -> None:
        dialogs = self.d.execute_script("return window.__e2eDialogs || []")
        assert not dialogs, f"the page opened dialogs (injected script ran): {dialogs}"
        try:
            alert = self.d.switch_to.alert
            raise AssertionError(f"an alert is open: {alert.text!r}")
        except NoAlertPresentException:
            pass
        injected = self.d.execute_script(
            "return [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(1)')).length"
        )
        assert injected == 0, f"{self.path()} contains a <script> element with the injected alert(1): not escaped"

    def collect_console(self, where: str) -> None:
        try:
            entries = self.d.get_log("browser")
        except Exception:  # noqa: BLE001 - logs are a diagnostic, not every driver has them
            return
        for entry in entries:
            if entry.get("level") == "SEVERE" and "favicon" not in entry.get("message", ""):
                self.console.append(f"{where}: {entry.get('message')}")

    def check_phone_width(self, name: str) -> None:
        """UI.md: pages work from 360 px wide; nothing may make a phone scroll sideways."""
        found = self.d.execute_script(OVERFLOW_SCRIPT, PHONE[0])
        if found["scrollWidth"] > PHONE[0] + 1:
            self.layout.append(
                f"{name}: the page is {found['scrollWidth']} px wide on a {PHONE[0]} px phone; "
                f"widest elements: {found['culprits']}"
            )

    def assert_clean(self) -> None:
        problems = [f"browser console: {c}" for c in self.console] + [f"layout: {m}" for m in self.layout]
        assert not problems, "\n".join(problems)

    # screenshots

    def snap(self, name: str) -> None:
        """Full-page screenshots at desktop and phone widths."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for width, height in (DESKTOP, PHONE):
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
            self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            time.sleep(0.3)
            full = self.d.execute_script(
                "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)"
            )
            metrics["height"] = int(min(max(full or height, height), 6000))
            self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            time.sleep(0.2)
            if width == PHONE[0]:
                self.check_phone_width(name)
            shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
            (self.directory / f"{name}-{width}.png").write_bytes(base64.b64decode(shot["data"]))
        self.d.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": DESKTOP[0],
                "height": DESKTOP[1],
                "deviceScaleFactor": 1,
                "mobile": False,
            },
        )


@pytest.fixture
def browser(request, server, artifacts) -> Browser:
    for path in (CHROMIUM, CHROMEDRIVER):
        assert os.access(path, os.X_OK), (
            f"{path} is missing: apt-get install chromium chromium-driver (scripts/test does)"
        )
    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1366,900",
        "--disable-gpu",
        "--lang=en-US",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(CHROMEDRIVER, log_output=str(artifacts / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DIALOG_TRAP})
    b = Browser(driver, server.base_url, artifacts)
    yield b
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        stem = f"FAILED-{request.node.originalname}"
        try:
            driver.save_screenshot(str(artifacts / f"{stem}.png"))
            (artifacts / f"{stem}.html").write_text(driver.page_source, encoding="utf-8")
        except Exception as error:  # noqa: BLE001
            print(f"could not save the failure screenshot: {error}")
        for line in b.console + b.layout:
            print(line)
    driver.quit()


def sign_in(b: Browser, email: str, password: str, *, snap: bool = False) -> None:
    b.get("/login")
    email_field = b.wait(lambda: b.css("input[name=email]"), "the sign-in page has no input[name=email]")[0]
    if snap:
        b.snap("login")
    b.fill("email", email)
    b.fill("password", password)
    b.submit(email_field)
    b.wait(lambda: b.path() != "/login", f"signing in as {email} did not leave /login")
    b.collect_console(f"after sign-in ({b.path()})")


# ---------------------------------------------------------------------------------------------
# Tests


def test_sign_in_lands_on_home(browser, server):
    b = browser
    sign_in(b, server.admin.email, server.admin.password, snap=True)
    b.wait(lambda: b.css("nav"), "the page after sign-in has no <nav>")
    assert b.path() == "/home" or server.admin.name in b.body_text(), (
        f"after sign-in expected /home or the user's name on the page; at {b.path()}:\n{b.body_text()[:1500]}"
    )
    assert server.admin.name in b.body_text(), f"the signed-in user's name {server.admin.name!r} is not visible"
    b.snap("home")
    b.assert_clean()


def test_account_contact_and_search(browser, server):
    b = browser
    sign_in(b, server.admin.email, server.admin.password)

    # A new account whose name is an injection attempt: it must come back as text.
    b.get("/accounts/new")
    name = b.wait(lambda: b.css("[name=name]"), "the new account form has no field 'name'")[0]
    b.fill("name", ACCOUNT_NAME)
    b.fill("type", "customer")
    website = b.one("[name=website]", "new account form")
    site = "e2e-robotics.example"
    if (website.get_attribute("type") or "").lower() == "url":  # a type=url input needs a scheme in the browser
        site = "https://" + site
    b.fill("website", site)
    b.submit(name)
    account_id = b.wait_for_path(rf"/accounts/({UUID})", "creating the account did not lead to /accounts/<uuid>").group(
        1
    )
    heading = b.one("h1", "account record page")
    assert heading.text.strip() == ACCOUNT_NAME, (
        f"the account page's h1 is {heading.text!r}, expected the literal {ACCOUNT_NAME!r}"
    )
    assert "e2e-robotics.example" in b.body_text(), "the account page does not show its website"
    b.assert_no_injected_script()
    b.snap("account-record")

    b.get("/accounts")
    b.wait(lambda: ACCOUNT_NAME in b.body_text(), "the accounts list does not show the new account's name as text")
    b.assert_no_injected_script()
    b.snap("accounts-list")

    # A contact at that account.
    b.get("/contacts/new")
    first = b.wait(lambda: b.css("[name=first_name]"), "the new contact form has no field 'first_name'")[0]
    b.fill("first_name", "Zoë")
    b.fill("last_name", "E2ETester")
    b.fill("emails", "zoe.e2e@e2e-robotics.example")
    b.fill("phones", "+1 415 555 0199")
    account_field = b.one("[name=account_id]", "new contact form")
    if account_field.tag_name.lower() == "select":
        select = Select(account_field)
        values = [o.get_attribute("value") for o in select.options]
        assert account_id in values, (
            f"the account select does not offer the new account {account_id}; options: {values}"
        )
        select.select_by_value(account_id)
    elif (account_field.get_attribute("type") or "").lower() == "hidden":
        b.d.execute_script("arguments[0].value = arguments[1]", account_field, account_id)
    else:
        b.fill("account_id", account_id)
    b.submit(first)
    b.wait_for_path(rf"/contacts/({UUID})", "creating the contact did not lead to /contacts/<uuid>")
    heading = b.one("h1", "contact record page")
    assert heading.text.strip() == CONTACT_NAME, f"the contact page's h1 is {heading.text!r}, expected {CONTACT_NAME!r}"
    text = b.body_text()
    assert ACCOUNT_NAME in text, "the contact page does not show its account's name"
    assert "zoe.e2e@e2e-robotics.example" in text, "the contact page does not show the email address"
    assert re.search(r"415\D{0,3}555\D{0,3}0199", text), "the contact page does not show the phone number"
    b.assert_no_injected_script()
    b.snap("contact-record")

    # Global search from the keyboard: `/` focuses the search box.
    b.get("/home")
    b.d.execute_script("if (document.activeElement) document.activeElement.blur()")
    ActionChains(b.d).send_keys("/").perform()
    box = b.wait(
        lambda: (lambda el: el if el.tag_name.lower() == "input" else None)(b.d.switch_to.active_element),
        "pressing / did not focus a search input",
        timeout=5,
    )
    assert (box.get_property("value") or "") == "", "typing / into the page also typed it into the search box"
    ActionChains(b.d).send_keys("e2etes").perform()
    suggestions = None
    try:
        suggestions = WebDriverWait(b.d, 8).until(
            lambda _: (
                [a for a in b.css("[data-search-results] a") if "E2ETester" in a.text and a.is_displayed()] or None
            )
        )
    except TimeoutException:
        pass
    if suggestions:
        href = suggestions[0].get_attribute("href") or ""
        assert re.search(rf"/contacts/{UUID}", href), f"the search suggestion links to {href!r}, not a contact"
        b.snap("search-results")
    else:
        ActionChains(b.d).send_keys(Keys.ENTER).perform()
        b.wait_for_path(r"/search", "Enter in the search box did not open /search (and no suggestions appeared)")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(b.d.current_url).query).get("q", [""])[0]
        assert query == "e2etes", f"/search got q={query!r}"
        b.wait(lambda: CONTACT_NAME in b.body_text(), f"the search results do not list {CONTACT_NAME!r}")
        b.snap("search-results")
    b.assert_no_injected_script()
    b.collect_console("search")
    b.assert_clean()


def test_invalid_contact_form_shows_errors_and_keeps_input(browser, server):
    b = browser
    sign_in(b, server.admin.email, server.admin.password)
    b.get("/contacts/new")
    emails = b.wait(lambda: b.css("[name=emails]"), "the new contact form has no field 'emails'")[0]
    b.fill("emails", "not-an-email")
    b.fill("phones", "+1 415 555 0199")
    # Test the server's validation, not the browser's: switch off required/type checks.
    b.d.execute_script("arguments[0].closest('form').noValidate = true", emails)
    b.submit(emails)
    b.wait(
        lambda: b.css(".field-error"), "submitting a contact without a name and with a bad email showed no .field-error"
    )
    assert not re.fullmatch(rf"/contacts/{UUID}", b.path()), "an invalid contact was saved"
    errors = " | ".join(e.text for e in b.css(".field-error")).lower()
    assert "email" in errors, f"no field error about the email address; field errors: {errors!r}"
    assert "name" in errors, f"no field error about the missing name; field errors: {errors!r}"
    kept_email = (b.one("[name=emails]", "form with errors").get_property("value") or "").strip()
    assert kept_email == "not-an-email", f"the form lost the typed email: {kept_email!r}"
    kept_phone = b.one("[name=phones]", "form with errors").get_property("value") or ""
    assert re.search(r"415\D{0,3}555\D{0,3}0199", kept_phone), f"the form lost the typed phone: {kept_phone!r}"
    b.snap("contact-form-errors")
    b.assert_clean()
