"""Merging two contacts in real headless Chromium: pick the duplicate from the record page, compare
them side by side, keep one title, merge, see the merged record forward to the survivor, and undo.
Screenshots: merge-pick, merge-compare, merge-done, merge-forwarded (1366 and 390 px)."""

from __future__ import annotations

import re
import uuid

import requests
from selenium.webdriver.common.by import By

from test_browser import UUID, browser, sign_in  # noqa: F401  (browser is a fixture)


def _post(server, path: str, body: dict) -> dict:
    response = requests.post(f"{server.api}{path}", json=body, headers=server.auth(), timeout=30)
    assert response.status_code == 201, f"POST {path} answered {response.status_code}: {response.text[:500]}"
    return response.json()


def test_merge_two_contacts_and_undo(browser, server):
    b = browser
    tag = uuid.uuid4().hex[:6]
    last = f"Hopper{tag}"
    account = _post(server, "/accounts", {"name": f"Navy Labs {tag}", "shared": True})
    keep = _post(
        server,
        "/contacts",
        {"first_name": "Grace", "last_name": last, "title": "Rear Admiral", "emails": [f"grace.{tag}@navy.example"],
         "allow_duplicate": True},
    )["id"]
    fold = _post(
        server,
        "/contacts",
        {"first_name": "Grace", "last_name": last, "title": "Computer Scientist", "emails": [f"gh.{tag}@home.example"],
         "city": "Arlington", "account_id": account["id"], "allow_duplicate": True},
    )["id"]
    _post(server, "/activities", {"kind": "note", "contact_id": fold, "body": "Met at the conference",
                                  "occurred_at": "2026-01-05T10:00:00Z"})

    sign_in(b, server.admin.email, server.admin.password)
    b.get(f"/contacts/{keep}")
    merge_link = b.wait(lambda: b.css(f"a[href='/contacts/{keep}/merge']"), "the contact page has no Merge… action")[0]
    merge_link.click()

    # The picker suggests records named like this one; the duplicate is among them.
    b.wait_for_path(rf"/contacts/{keep}/merge", "Merge… did not open the picker")
    candidate = b.wait(
        lambda: [a for a in b.css("a[data-merge-candidate]") if f"with={fold}" in (a.get_attribute("href") or "")],
        "the picker does not offer the duplicate",
    )[0]
    b.snap("merge-pick")
    candidate.click()

    # Side by side: the title differs (a choice), the first name is the same (no choice).
    b.wait(lambda: b.css("input[name='field.title']"), "the comparison offers no choice for the title")
    assert not b.css("input[name='field.first_name']"), "identical first names should be shown once, without a choice"
    assert b.css(f"a[data-merge-swap][href='/contacts/{fold}/merge?with={keep}']"), "no link to keep the other one instead"
    summary = b.one("[data-merge-summary]", "comparison").text
    assert re.search(r"1 activity", summary), f"the summary does not say the activity moves: {summary!r}"
    assert b.one("#merge-emails-both", "comparison").is_selected(), "emails should default to keeping both"
    b.one("#merge-title-duplicate", "comparison").click()
    b.snap("merge-compare")
    b.one("button[data-merge-confirm]", "comparison").click()

    b.wait_for_path(rf"/contacts/{keep}", "merging did not lead back to the survivor")
    text = b.body_text()
    assert f"Merged Grace {last} into this contact." in text, f"no confirmation after the merge:\n{text[:1500]}"
    assert "Computer Scientist" in text and "Arlington" in text, "the survivor did not take the chosen values"
    assert f"gh.{tag}@home.example" in text and f"grace.{tag}@navy.example" in text, "both emails should be kept"
    undo = b.one("[data-merge-banner] form button", "survivor page after merge")
    b.snap("merge-done")

    b.get(f"/contacts/{fold}")
    banner = b.wait(lambda: b.css("[data-merge-banner]"), "the merged contact does not say where it went")[0]
    assert "was merged into" in banner.text, banner.text
    assert banner.find_element(By.CSS_SELECTOR, f"a[href='/contacts/{keep}']"), "no link to the survivor"
    b.snap("merge-forwarded")

    # Undo from the survivor's page (the confirm dialog is answered yes).
    b.get(f"/contacts/{keep}")
    b.d.execute_script("window.confirm = function () { return true; };")
    undo = b.one("[data-merge-banner] form button", "survivor page")
    undo.click()
    b.wait(lambda: "Merge undone" in b.body_text(), "undoing did not confirm")
    title = b.d.execute_script(
        "return [...document.querySelectorAll('.detail-row')].filter(r => r.querySelector('dt').textContent.trim() === 'Job title')"
        ".map(r => r.querySelector('dd').textContent.trim())[0]"
    )
    assert title == "Rear Admiral", f"the survivor's title did not come back: {title!r}"
    b.get(f"/contacts/{fold}")
    b.wait(lambda: b.css("h1"), "the duplicate's page did not load")
    assert not b.css("[data-merge-banner]"), "the duplicate still says it was merged"
    assert "is deleted" not in b.body_text(), "the duplicate is still deleted after the undo"
    response = requests.get(f"{server.api}/contacts/{fold}", headers=server.auth(), timeout=30)
    assert response.json()["deleted_at"] is None
    b.assert_clean()
