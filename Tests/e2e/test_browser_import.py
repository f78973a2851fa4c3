"""A CSV import in real headless Chromium: Import CSV on the contacts list, upload, the suggested
mapping (one column changed by hand), the preview with a row's error, the run with its progress bar
(polled by /static/import.js), the result with the rows not imported, and the revert.
Screenshots: import-upload, import-mapping, import-preview, import-progress, import-result,
import-reverted, imports (1366 and 390 px)."""

from __future__ import annotations

import csv
import re
import tempfile
import time
import uuid
from pathlib import Path

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_browser import UUID, browser, sign_in  # noqa: F401  (browser is a fixture)

ROWS = 4000


def _write_file(tag: str) -> Path:
    """A German trade-fair export: semicolons, a column the mapping does not know, one bad row."""
    path = Path(tempfile.mkdtemp(prefix="rapport-e2e-import-")) / f"messe-{tag}.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Vorname", "Nachname", "E-Mail", "Handy", "Anmerkung"])
        writer.writerow(["Jürgen", f"Stößel{tag}", f"jurgen.{tag}@messe.example", "+49 171 5550100", "Stand 4B, sehr interessiert"])
        writer.writerow(["Bad", f"Row{tag}", "not-an-email", "", ""])
        for n in range(ROWS):
            writer.writerow([f"Person{n}", f"Messe{tag}", f"p{n}.{tag}@visitor{n}.example", "", f"Besucher {n}"])
    return path


def test_import_with_preview_run_progress_and_revert(browser, server):
    b = browser
    tag = uuid.uuid4().hex[:6]
    path = _write_file(tag)
    sign_in(b, server.admin.email, server.admin.password)

    # The list page leads to the upload form.
    b.get("/contacts")
    link = b.wait(lambda: b.css("a[href='/imports/new?entity=contacts']"), "the contacts list has no Import CSV button")[0]
    link.click()
    upload = b.wait(lambda: b.css("form[data-import-upload] input[type=file]"), "the upload page has no file input")[0]
    assert Select(b.one("select[name=entity]", "upload form")).first_selected_option.get_attribute("value") == "contacts"
    b.snap("import-upload")
    upload.send_keys(str(path))
    b.submit(upload)
    match = b.wait_for_path(rf"/imports/({UUID})", "uploading did not open the import's page")
    import_id = match.group(1)

    # The suggested mapping: German headers recognised, the notes column not.
    b.wait(lambda: b.css("[data-import-form]"), "the import page has no mapping form")

    def target(header: str) -> Select:
        row = b.one(f"tr[data-import-column='{header}']", f"the mapping has no row for {header}")
        return Select(row.find_element(By.CSS_SELECTOR, "select[data-import-target]"))

    assert target("Vorname").first_selected_option.get_attribute("value") == "first_name"
    assert target("Nachname").first_selected_option.get_attribute("value") == "last_name"
    assert target("E-Mail").first_selected_option.get_attribute("value") == "emails"
    assert target("Handy").first_selected_option.get_attribute("value") == "phones:mobile"
    assert target("Anmerkung").first_selected_option.get_attribute("value") == "", "Anmerkung should not be mapped yet"
    assert "Jürgen" in b.one("tr[data-import-column='Vorname']", "mapping").text
    b.snap("import-mapping")
    # Map the notes by hand, name the list, and preview.
    target("Anmerkung").select_by_value("description")
    b.fill("list_name", f"Messe {tag}")
    b.fill("list_cost", "450")
    b.one("button[data-import-preview]", "the preview button").click()
    b.wait(lambda: b.css("[data-import-preview-rows] tr[data-preview-row]"), "previewing showed no rows")
    rejected = b.one("tr[data-preview-row='3']", "the preview has no row 3")
    assert rejected.get_attribute("data-outcome") == "reject", rejected.text
    assert "not a valid email address" in rejected.text, f"the preview does not say why row 3 fails:\n{rejected.text}"
    first = b.one("tr[data-preview-row='2']", "the preview has no row 2")
    assert first.get_attribute("data-outcome") == "create" and "Stand 4B" in first.text, first.text
    assert target("Anmerkung").first_selected_option.get_attribute("value") == "description", "the changed mapping was not kept"
    b.snap("import-preview")

    # Run it: the progress bar moves, then the result.
    b.one("button[data-import-run]", "the import button").click()
    b.wait(lambda: b.css("[data-import-progress]") or b.css("[data-import-result]"), "running did not show progress or a result")
    if b.css("[data-import-progress]"):
        b.snap("import-progress")
        bar = b.one("[data-progress-bar]", "the progress panel has no bar")
        assert bar.tag_name == "progress"
    result = b.wait(lambda: b.css("[data-import-result]"), "the import did not finish", timeout=180)[0]
    created = b.one("[data-import-result] [data-count=created]", "result").text.replace(",", "")
    assert created == str(ROWS + 1), f"expected {ROWS + 1} created, the page says {created}:\n{result.text}"
    issues = b.one("[data-import-issues]", "the result lists no rows not imported").text
    assert "Row 3" in issues and "not a valid email address" in issues, issues
    assert b.css("a[data-import-download]"), "the result offers no download of the rows not imported"
    assert f"Messe {tag}" in b.body_text(), "the list's name is not shown"
    b.snap("import-result")

    # What the API sees, and the download.
    api = requests.get(f"{server.api}/imports/{import_id}", headers=server.auth(), timeout=30).json()
    assert api["status"] == "done" and api["counts"]["created"] == ROWS + 1 and api["counts"]["rejected"] == 1, api
    assert api["settings"]["list_cost"] == {"amount_minor": 45000, "currency": "USD"}, api["settings"]
    download = requests.get(f"{server.api}/imports/{import_id}/rejected.csv", headers=server.auth(), timeout=30)
    assert download.status_code == 200 and f"Bad,Row{tag},not-an-email" in download.text, download.text[:500]
    found = requests.get(f"{server.api}/contacts", params={"q": f"Stößel{tag}"}, headers=server.auth(), timeout=30).json()
    assert [c["description"] for c in found["data"]] == ["Stand 4B, sehr interessiert"], found

    # Revert it.
    b.one("[data-import-revert-panel] summary", "the result has no revert panel").click()
    b.one("button[data-import-revert]", "the revert button").click()
    b.wait(lambda: b.css("[data-import-reverted]") and "Reverted" in b.one("[data-import-status]", "status").text,
           "the revert did not finish", timeout=180)
    deleted = b.one("[data-import-reverted] [data-count=deleted]", "revert result").text.replace(",", "")
    assert deleted == str(ROWS + 1), f"expected {ROWS + 1} deleted, the page says {deleted}"
    b.snap("import-reverted")
    gone = requests.get(f"{server.api}/contacts", params={"q": f"Stößel{tag}"}, headers=server.auth(), timeout=30).json()
    assert gone["data"] == [], gone

    b.get("/imports")
    row = b.wait(lambda: [r for r in b.css("table[data-imports] tbody tr") if f"messe-{tag}.csv" in r.text],
                 "the imports list does not show the import")[0]
    assert "Reverted" in row.text, row.text
    b.snap("imports")
    time.sleep(0.2)
    b.assert_clean()
