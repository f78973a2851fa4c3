"""Logging calls with follow-ups in real headless Chromium, and the outreach guard: another
department called the same customer about the same thing, the form says who and when, and going
ahead anyway needs a reason that is recorded on the activity."""

from __future__ import annotations

import time
import uuid

import requests
from selenium.webdriver.support.ui import Select

from conftest import User
from test_browser import UUID, Browser, browser, sign_in  # noqa: F401  (browser is a fixture)


def _purpose_id(server, name: str) -> str:
    response = requests.get(f"{server.api}/purposes", headers=server.auth(), timeout=30)
    assert response.status_code == 200, f"GET /purposes answered {response.status_code}: {response.text[:500]}"
    body = response.json()
    items = body["data"] if isinstance(body, dict) else body
    for item in items:
        if item["name"] == name:
            return item["id"]
    raise AssertionError(f"no purpose named {name!r} in {[i['name'] for i in items]}")


def _user(server, prefix: str, team: str, role: str = "rep") -> User:
    tag = uuid.uuid4().hex[:6]
    user = User(email=f"{prefix}.{tag}@e2e.example", password=f"e2e-{prefix}-pass-{tag}", role=role, name=f"{prefix.capitalize()} {tag}")
    server.cli("user", "create", "--email", user.email, "--password", user.password, "--role", role, "--name", user.name, "--team", team)
    user.token = server.create_token(user, f"{prefix}-{tag}")
    return user


def _contact(server, first: str, last: str) -> str:
    response = requests.post(
        f"{server.api}/contacts",
        json={"first_name": first, "last_name": last, "shared": True, "allow_duplicate": True},
        headers=server.auth(),
        timeout=30,
    )
    assert response.status_code == 201, f"creating a contact answered {response.status_code}: {response.text[:500]}"
    return response.json()["id"]


def _set_datetime(b: Browser, name: str, value: str) -> None:
    field = b.one(f"[name={name!r}]", f"field {name}")
    b.d.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, value
    )


def test_log_a_call_with_a_follow_up(browser, server):
    b = browser
    rep = _user(server, "rita", "Sales")
    contact = _contact(server, "Fiona", "Followup")
    sign_in(b, rep.email, rep.password)

    b.get(f"/contacts/{contact}")
    b.wait(lambda: b.css("#timeline"), "the contact page has no timeline")
    log_call = [a for a in b.css(".log-links a") if a.text.strip() == "Log call"]
    assert log_call, f"the timeline offers no 'Log call' link: {[a.text for a in b.css('.log-links a')]}"
    log_call[0].click()
    subject = b.wait(lambda: b.css("[name=subject]"), "the log-a-call form has no subject field")[0]
    assert Select(b.one("[name=kind]", "log form")).first_selected_option.get_attribute("value") == "call"
    b.fill("subject", "Intro call with Fiona")
    Select(b.one("[name=purpose_id]", "log form")).select_by_visible_text("Upsell")
    b.fill("outcome", "Interested in the premium plan")
    _set_datetime(b, "follow_up_due_at", "2031-03-04T10:30")
    b.fill("follow_up_title", "Send the premium plan quote")
    b.snap("activity-form")
    b.submit(subject)

    b.wait_for_path(rf"/contacts/{contact}", "saving the call did not come back to the contact page")
    text = b.wait(lambda: "Intro call with Fiona" in b.body_text() and b.body_text(), "the timeline does not show the call")
    assert "Interested in the premium plan" in text, "the timeline does not show the call's outcome"
    assert "Upsell" in text, "the timeline does not show the call's purpose"
    open_tasks = b.css(".open-tasks li")
    assert any("Send the premium plan quote" in li.text for li in open_tasks), (
        f"the follow-up is not among the open follow-ups: {[li.text for li in open_tasks]}"
    )
    b.snap("contact-timeline")
    b.assert_clean()

    # Both exist through the API, the task pointing at the call.
    headers = server.auth(rep)
    timeline = requests.get(f"{server.api}/contacts/{contact}/timeline", headers=headers, timeout=30).json()["data"]
    calls = [e["activity"] for e in timeline if e["type"] == "activity"]
    assert [c["subject"] for c in calls] == ["Intro call with Fiona"]
    tasks = requests.get(
        f"{server.api}/tasks", params={"filter[contact_id]": contact}, headers=headers, timeout=30
    ).json()["data"]
    assert [t["title"] for t in tasks] == ["Send the premium plan quote"]
    assert tasks[0]["activity_id"] == calls[0]["id"]
    assert tasks[0]["status"] == "open"


def test_the_outreach_guard_warns_and_records_an_override(browser, server):
    b = browser
    billing = _user(server, "bea", "Billing")
    sales = _user(server, "sam", "Sales")
    contact = _contact(server, "Gustav", "Guarded")
    payment = _purpose_id(server, "Payment reminder")

    # Billing called two days ago about a payment reminder.
    two_days_ago = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 2 * 86400))
    response = requests.post(
        f"{server.api}/activities",
        json={"kind": "call", "direction": "outbound", "contact_id": contact, "purpose_id": payment,
              "occurred_at": two_days_ago, "subject": "Invoice 1042 overdue"},
        headers=server.auth(billing),
        timeout=30,
    )
    assert response.status_code == 201, f"billing's call answered {response.status_code}: {response.text[:500]}"

    # Sales wants to call about the same thing.
    sign_in(b, sales.email, sales.password)
    b.get(f"/activities/new?kind=call&contact_id={contact}&return_to=/contacts/{contact}")
    subject = b.wait(lambda: b.css("[name=subject]"), "the log-a-call form has no subject field")[0]
    b.fill("subject", "Chasing the invoice")
    Select(b.one("[name=purpose_id]", "log form")).select_by_visible_text("Payment reminder")
    b.submit(subject)

    panel = b.wait(lambda: b.css(".confirm-panel"), "logging a conflicting call did not show the outreach warning")[0]
    warning = panel.text
    assert "Billing" in warning and billing.name in warning, f"the warning does not say who called: {warning!r}"
    assert "Payment reminder" in warning and "2 days ago" in warning, f"the warning does not say why and when: {warning!r}"
    assert b.one("[name=subject]", "form after warning").get_property("value") == "Chasing the invoice", (
        "the form lost what was typed"
    )
    b.snap("outreach-warning")
    # The warning page answers 409 on purpose (nothing was saved); Chromium logs that status.
    b.collect_console("the outreach warning")
    b.console = [c for c in b.console if "409 (Conflict)" not in c]

    # Nothing was stored yet.
    headers = server.auth(sales)
    timeline = requests.get(f"{server.api}/contacts/{contact}/timeline", headers=headers, timeout=30).json()["data"]
    assert [e["activity"]["subject"] for e in timeline if e["type"] == "activity"] == ["Invoice 1042 overdue"]

    # Going ahead needs a reason, which is kept on the activity.
    reason = b.one("[name=override_reason]", "the warning panel")
    b.fill("override_reason", "Customer asked sales to call back today")
    b.submit(reason)
    b.wait_for_path(rf"/contacts/{contact}", "overriding did not save the call and come back to the contact")
    text = b.wait(lambda: "Chasing the invoice" in b.body_text() and b.body_text(), "the overridden call is not on the timeline")
    assert "Customer asked sales to call back today" in text, "the timeline does not show the override reason"
    b.snap("override-timeline")
    b.assert_clean()

    timeline = requests.get(f"{server.api}/contacts/{contact}/timeline", headers=headers, timeout=30).json()["data"]
    ours = [e["activity"] for e in timeline if e["type"] == "activity" and e["activity"]["subject"] == "Chasing the invoice"]
    assert len(ours) == 1 and ours[0]["override_reason"] == "Customer asked sales to call back today"

    # The API says the same: 409 with the conflicts, unless an override reason is sent.
    body = {"kind": "call", "contact_id": contact, "purpose_id": payment, "subject": "Again"}
    response = requests.post(f"{server.api}/activities", json=body, headers=server.auth(billing), timeout=30)
    assert response.status_code == 409, f"expected 409 from the guard, got {response.status_code}: {response.text[:500]}"
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["confirm_with"] == "override_reason"
    assert any(c["code"] == "same_purpose_other_team" for c in problem["conflicts"]), problem
