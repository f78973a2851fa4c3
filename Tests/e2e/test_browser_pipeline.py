"""Moving deals across the pipeline board in real headless Chromium: drag a card to another stage
(the board's script posts the move and updates the columns), drag one that lacks what the stage
needs (the script takes you to the form that asks for it, which comes back to the board), and move
a deal from its own page with the stage buttons, which work without the script.
Screenshots: board, board-after-drag, stage-form, deal-stages (1366 and 390 px)."""

from __future__ import annotations

import uuid

import requests

from test_browser import browser, sign_in  # noqa: F401  (browser is a fixture)

# Dispatches the HTML drag-and-drop events a person's drag makes; Chromium's WebDriver does not
# synthesize HTML5 drag events from pointer actions, so this is how a test drives the board's script.
DRAG = """
const [card, column] = arguments;
const data = new DataTransfer();
const fire = (type, target) => target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
fire('dragstart', card);
fire('dragenter', column);
fire('dragover', column);
fire('drop', column);
fire('dragend', card);
"""


def _api(server, method: str, path: str, body: dict | None = None) -> dict:
    response = requests.request(method, f"{server.api}{path}", json=body, headers=server.auth(), timeout=30)
    assert response.status_code in (200, 201), f"{method} {path} answered {response.status_code}: {response.text[:500]}"
    return response.json()


def _column(b, stage_id: str):
    return b.one(f".board-column[data-stage='{stage_id}']", f"the board's column for stage {stage_id}")


def test_move_deals_across_the_board_and_from_the_deal_page(browser, server):
    b = browser
    tag = uuid.uuid4().hex[:6]
    pipeline = _api(server, "GET", "/pipelines")["data"][0]
    stages = {s["name"]: s for s in pipeline["stages"]}
    ready = _api(server, "POST", "/deals", {
        "name": f"Ready deal {tag}", "amount": {"amount_minor": 1_250_000, "currency": "USD"}, "close_date": "2027-05-31"})
    lacking = _api(server, "POST", "/deals", {"name": f"Lacking deal {tag}", "amount": {"amount_minor": 40_000, "currency": "USD"}})
    proposal = stages["Proposal"]["id"]

    sign_in(b, server.admin.email, server.admin.password)
    b.get(f"/deals/board?pipeline={pipeline['id']}")
    card = b.wait(lambda: b.css(f"#deal-{ready['id']}"), "the board does not show the new deal")[0]
    assert card.get_attribute("draggable") == "true", "cards should be draggable for the script"
    b.snap("board")

    # A drag to Proposal moves the deal without leaving the board, and the headers follow.
    b.d.execute_script(DRAG, card, _column(b, proposal))
    b.wait(lambda: _column(b, proposal).find_elements("css selector", f"#deal-{ready['id']}"), "the card did not land in Proposal")
    b.wait(lambda: _column(b, proposal).find_element("css selector", "[data-count]").text.strip() == "1",
           "the Proposal column's count did not go up")
    assert "USD 12,500.00" in _column(b, proposal).text, "the Proposal column's total did not follow"
    offered = [o.get_attribute("value") for o in b.css(f"#deal-{ready['id']} select[name='stage_id'] option")]
    assert proposal not in offered and stages["Qualification"]["id"] in offered, f"the card's Move list is stale: {offered}"
    moved = _api(server, "GET", f"/deals/{ready['id']}")
    assert moved["stage_id"] == proposal and moved["probability"] == 50 and moved["version"] == 2, moved
    b.snap("board-after-drag")

    # A deal without an expected close date cannot enter Proposal: the script opens the form for it.
    b.d.execute_script(DRAG, b.one(f"#deal-{lacking['id']}", "the second card"), _column(b, proposal))
    b.wait_for_path(rf"/deals/{lacking['id']}/stage", "dragging a deal that lacks a required field did not open its form")
    assert "is required in the Proposal stage" in b.body_text(), b.body_text()[:1500]
    b.snap("stage-form")
    close = b.fill("close_date", "2027-06-30")
    b.submit(close)
    b.wait_for_path(r"/deals/board", "saving the form did not come back to the board")
    b.wait(lambda: _column(b, proposal).find_elements("css selector", f"#deal-{lacking['id']}"), "the second deal is not in Proposal")
    assert _api(server, "GET", f"/deals/{lacking['id']}")["close_date"] == "2027-06-30"

    # On the deal's own page the stage path moves it with plain forms.
    b.get(f"/deals/{ready['id']}")
    button = b.wait(
        lambda: [x for x in b.css(".stage-path button") if x.text.strip() == "Closed won"], "no Closed won button on the deal page")[0]
    button.click()
    b.wait(lambda: "moved to Closed won" in b.body_text(), "moving from the deal page gave no confirmation")
    history = b.one("#stages-title", "stage history").find_element("xpath", "./ancestor::section").text
    for name in ("Qualification", "Proposal", "Closed won"):
        assert name in history, f"the stage history does not list {name}:\n{history}"
    assert _api(server, "GET", f"/deals/{ready['id']}")["forecast_category"] == "won"
    b.snap("deal-stages")
    b.assert_clean()
