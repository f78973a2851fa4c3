"""The public product configurator in real headless Chromium: a visitor, signed out, builds a gas
analyzer step by step with the price kept live and options the rules rule out disabled, saves it,
asks for a quote, and a draft quote with that exact price is waiting for the product's owner.
Screenshots: configurator-public, configurator-saved, configurator-thanks (1366 and 390 px)."""

from __future__ import annotations

import re
import uuid

import requests
from selenium.webdriver.common.by import By

from test_browser import browser  # noqa: F401  (browser is a fixture)


def _api(server, method: str, path: str, body: dict | None = None, status: int = 200) -> dict:
    response = requests.request(method, f"{server.api}{path}", json=body, headers=server.auth(), timeout=30)
    assert response.status_code == status, f"{method} {path} answered {response.status_code}: {response.text[:500]}"
    return response.json() if response.text else {}


CONFIGURATOR = {
    "currency": "USD",
    "base_price": 2450000,
    "base_cost": 1410000,
    "groups": [
        {"key": "gases", "label": "Gases measured", "min": 1, "max": 4, "options": [
            {"key": "o2", "label": "Oxygen", "default": True},
            {"key": "ch4", "label": "Methane", "price_delta": 120000},
        ]},
        {"key": "housing", "label": "Housing", "options": [
            {"key": "standard", "label": "Standard aluminium", "default": True},
            {"key": "atex", "label": "ATEX explosion-proof", "price_delta": 320000},
        ]},
        {"key": "output", "label": "Output", "options": [
            {"key": "analog", "label": "4-20 mA analog", "default": True},
            {"key": "profibus", "label": "PROFIBUS DP", "price_delta": 60000},
        ]},
    ],
    "rules": [
        {"type": "only_if", "option": "ch4", "options": ["atex"]},
        {"type": "excludes", "option": "profibus", "options": ["standard"]},
    ],
}


def test_a_visitor_builds_a_product_and_asks_for_a_quote(browser, server):
    b = browser
    tag = uuid.uuid4().hex[:6]
    product = _api(server, "POST", "/products", {
        "sku": f"VEC-{tag}", "name": f"Vector analyzer {tag}",
        "price": {"amount_minor": 2450000, "currency": "USD"}}, status=201)
    # A rule set with a conflict is refused, naming what is wrong.
    broken = dict(CONFIGURATOR, rules=CONFIGURATOR["rules"] + [{"type": "requires", "option": "ch4", "options": ["standard"]}])
    refused = requests.put(f"{server.api}/products/{product['id']}/configurator", json={"configurator": broken, "published": True},
                           headers=server.auth(), timeout=30)
    assert refused.status_code == 422, refused.text
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    saved = _api(server, "PUT", f"/products/{product['id']}/configurator", {"configurator": CONFIGURATOR, "published": True})
    path = saved["public_path"]
    assert re.fullmatch(r"/configure/[A-Za-z0-9_-]+", path), path

    b.d.delete_all_cookies()
    b.get(path)
    b.wait(lambda: b.css("form[data-configurator]"), "the public link shows no configurator")
    price = lambda: b.one("[data-price]", "the price").text  # noqa: E731
    assert price() == "USD 24,500.00", price()
    # Methane is only offered with the ATEX housing; PROFIBUS not with the standard one.
    profibus = b.one("#opt-profibus", "the output step")
    assert not profibus.is_enabled(), "PROFIBUS should be unavailable with the standard housing"
    methane = b.one("#opt-ch4", "the gases step")
    assert not methane.is_enabled(), "methane should wait for the ATEX housing"
    assert "ATEX" in b.one('[data-reason-for="ch4"]', "the reason").text
    b.one("#opt-atex", "the housing step").click()
    b.wait(lambda: b.one("#opt-ch4", "the gases step").is_enabled(), "choosing ATEX did not offer methane")
    b.one("#opt-ch4", "the gases step").click()
    b.wait(lambda: price() == "USD 28,900.00", f"the live price did not follow the choices: {price()}")
    # Leaving no gas at all is explained at once.
    b.one("#opt-o2", "the gases step").click()
    b.one("#opt-ch4", "the gases step").click()
    b.wait(lambda: "Choose at least one in Gases measured" in b.one("[data-problems]", "problems").text, "no gas chosen shows no problem")
    b.one("#opt-o2", "the gases step").click()
    b.one("#opt-ch4", "the gases step").click()
    b.wait(lambda: price() == "USD 28,900.00", f"the live price did not follow the choices: {price()}")
    b.wait(lambda: b.one("#opt-profibus", "the output step").is_enabled(), "PROFIBUS stays unavailable with ATEX")
    b.one("#opt-profibus", "the output step").click()
    b.wait(lambda: price() == "USD 29,500.00", f"the live price did not add PROFIBUS: {price()}")
    b.wait(lambda: b.one("[data-problems]", "problems").text == "", "problems remain with a valid choice")
    b.snap("configurator-public")

    b.one("form[data-configurator] button.btn-primary", "the save button").click()
    b.wait(lambda: b.css("#quote"), "saving the configuration did not show the quote form")
    share = b.one(".configure-share a", "the share link").get_attribute("href")
    assert "?c=" in share, share
    assert "Oxygen, Methane, ATEX explosion-proof, PROFIBUS DP" in b.body_text(), b.body_text()[:800]
    b.snap("configurator-saved")
    # The share link brings the same configuration back in another browser.
    again = requests.get(share, timeout=30)
    assert again.status_code == 200 and "USD 29,500.00" in again.text

    email = f"ingrid.{tag}@e2e.example"
    b.d.find_element(By.NAME, "name").send_keys(f"Ingrid Solberg {tag}")
    b.d.find_element(By.NAME, "email").send_keys(email)
    b.d.find_element(By.NAME, "company").send_keys("Nordkapp Biogas AS")
    b.d.find_element(By.NAME, "message").send_keys("Two units for our digesters.")
    b.d.find_element(By.CSS_SELECTOR, "#quote button[type=submit]").click()
    b.wait(lambda: "Thank you" in b.body_text(), "the quote request did not thank the visitor")
    assert "USD 29,500.00" in b.body_text()
    b.snap("configurator-thanks")

    quotes = _api(server, "GET", "/quotes?q=Quote+request&limit=100")["data"]
    quote = next(q for q in quotes if email in (q.get("notes") or ""))
    assert quote["status"] == "draft" and quote["owner_id"] == product["owner_id"], quote
    lines = _api(server, "GET", f"/quotes/{quote['id']}/lines")
    assert [(l["product_id"], l["unit_price"]["amount_minor"]) for l in lines["lines"]] == [(product["id"], 2950000)], lines["lines"]
    assert "ATEX explosion-proof" in lines["lines"][0]["description"]
    leads = _api(server, "GET", f"/leads?q={tag}&limit=20")["data"]
    assert any(l["last_name"] == f"Solberg {tag}" and l["company"] == "Nordkapp Biogas AS" for l in leads), leads
