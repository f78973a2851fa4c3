"""The duplicates page in real headless Chromium: two look-alike contacts (created with
`allow_duplicate`), Scan now, the pair side by side with its score and reasons and a link to compare
and merge, Dismiss, and the dismissed list. Screenshots: duplicates-empty, duplicates, duplicates-dismissed
(1366 and 390 px)."""

from __future__ import annotations

import time
import uuid

import requests

from test_browser import browser, sign_in  # noqa: F401  (browser is a fixture)


def _post(server, path: str, body: dict) -> dict:
    response = requests.post(f"{server.api}{path}", json=body, headers=server.auth(), timeout=30)
    assert response.status_code == 201, f"POST {path} answered {response.status_code}: {response.text[:500]}"
    return response.json()


def test_scan_review_and_dismiss_duplicates(browser, server):
    b = browser
    tag = uuid.uuid4().hex[:6]
    account = _post(server, "/accounts", {"name": f"Gates Foundation Labs {tag}", "shared": True})
    bill = _post(server, "/contacts", {"first_name": "Bill", "last_name": f"Gates{tag}", "account_id": account["id"],
                                       "allow_duplicate": True})["id"]
    william = _post(server, "/contacts", {"first_name": "William", "last_name": f"Gates{tag}",
                                          "account_id": account["id"], "allow_duplicate": True})["id"]
    # Without the flag the API holds the look-alike back and names the existing record.
    held = requests.post(f"{server.api}/contacts", json={"first_name": "Will", "last_name": f"Gates{tag}",
                                                        "account_id": account["id"]},
                         headers=server.auth(), timeout=30)
    assert held.status_code == 409, held.text[:500]
    assert held.json()["confirm_with"] == "allow_duplicate"
    assert {c.get("record_id") for c in held.json()["conflicts"]} == {bill, william}, held.text[:1000]

    sign_in(b, server.admin.email, server.admin.password)
    b.get("/duplicates")
    scan = b.wait(lambda: b.css("button[data-duplicate-scan]"), "the duplicates page has no Scan now button")[0]
    b.snap("duplicates-empty")
    scan.click()

    def pair():
        b.get("/duplicates")
        return [li for li in b.css("[data-duplicate-pair]") if f"Gates{tag}" in li.text]

    found = b.wait(pair, "the scan did not list the two contacts as a pair", timeout=60)[0]
    text = found.text
    assert "nickname" in text and "same account" in text, f"the pair does not say why it matched:\n{text}"
    merge = found.find_element("css selector", "a[data-duplicate-merge]").get_attribute("href")
    assert any(f"/contacts/{a}/merge?with={c}" in merge for a, c in ((bill, william), (william, bill))), merge
    b.snap("duplicates")

    found.find_element("css selector", "button[data-duplicate-action]").click()
    b.wait(lambda: "Dismissed" in b.body_text() and not [li for li in b.css("[data-duplicate-pair]") if f"Gates{tag}" in li.text],
           "dismissing did not take the pair off the list")
    b.get("/duplicates?status=dismissed")
    assert [li for li in b.css("[data-duplicate-pair]") if f"Gates{tag}" in li.text], "the dismissed pair is not listed"
    b.snap("duplicates-dismissed")
    time.sleep(0.2)
    b.assert_clean()
