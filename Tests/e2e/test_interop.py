"""vCard and iCalendar interop, end to end: what Rapport writes is read by independent libraries
(vobject for vCards, icalendar for the calendar feed), and what other address books write is read
by Rapport's import."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import icalendar
import requests
import vobject
from e2e_helpers import TIMEOUT, assert_problem, describe, parse_forms, signed_in


def _post_json(server, path: str, payload: dict) -> dict:
    response = requests.post(f"{server.api}/{path}", json=payload, headers=server.auth(), timeout=TIMEOUT)
    assert response.status_code == 201, f"POST /{path}:\n{describe(response)}"
    return response.json()


def _import(server, text: str, duplicates: str = "skip") -> dict:
    response = requests.post(
        f"{server.api}/contacts/import?duplicates={duplicates}",
        data=text.encode("utf-8"),
        headers={**server.auth(), "Content-Type": "text/vcard; charset=utf-8"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, describe(response)
    return response.json()


def _contact(server, contact_id: str) -> dict:
    response = requests.get(f"{server.api}/contacts/{contact_id}", headers=server.auth(), timeout=TIMEOUT)
    assert response.status_code == 200, describe(response)
    return response.json()


def _bare_phone(value: str) -> str:
    return value.removeprefix("tel:").split(";")[0].split(" x")[0]


def test_exported_vcards_parse_with_vobject_in_both_versions(server):
    tag = f"vcard-{uuid.uuid4().hex[:10]}"
    people = [
        {"first_name": "Zoë", "last_name": "Ångström", "prefix": "Dr.", "emails": ["zoe.angstrom@nordlicht.example"],
         "phones": [{"number": "+46 70 123 45 67", "label": "mobile"}], "title": "Head of Research, Nordics",
         "city": "Stockholm", "country": "SE", "tags": [tag], "description": "Met at the summit.\nLikes mornings; never Fridays."},
        {"first_name": "José", "last_name": "Núñez", "emails": ["jose@ejemplo.example", {"address": "jn@home.example", "label": "home"}],
         "phones": ["+34 91 123 45 67"], "tags": [tag]},
        {"first_name": "伟", "last_name": "王", "city": "北京", "country": "CN", "tags": [tag]},
    ]
    created = {p["last_name"]: _post_json(server, "contacts", p) for p in people}

    for version in ("3.0", "4.0"):
        response = requests.get(
            f"{server.api}/contacts/export.vcf", params={"version": version, "tag": tag}, headers=server.auth(), timeout=TIMEOUT
        )
        assert response.status_code == 200, describe(response)
        assert response.headers["Content-Type"].startswith("text/vcard"), describe(response)
        assert b"\r\n" in response.content and b"\n\n" not in response.content
        for line in response.content.split(b"\r\n"):
            assert len(line) <= 75, f"line longer than 75 octets in {version}: {line!r}"
        cards = list(vobject.readComponents(response.content.decode("utf-8")))
        assert len(cards) == 3, f"{version}: expected 3 cards, got {len(cards)}:\n{response.text[:3000]}"
        by_family = {card.n.value.family: card for card in cards}
        assert set(by_family) == {"Ångström", "Núñez", "王"}

        zoe = by_family["Ångström"]
        assert zoe.version.value == version
        assert zoe.n.value.given == "Zoë" and zoe.n.value.prefix == "Dr."
        assert zoe.fn.value == "Dr. Zoë Ångström"
        assert zoe.title.value == "Head of Research, Nordics"
        assert zoe.note.value == "Met at the summit.\nLikes mornings; never Fridays."
        assert [e.value for e in zoe.contents["email"]] == ["zoe.angstrom@nordlicht.example"]
        tel = zoe.contents["tel"][0]
        assert _bare_phone(tel.value) == "+46701234567"
        assert "cell" in [t.lower() for t in tel.params.get("TYPE", [])]
        assert zoe.uid.value == f"urn:uuid:{created['Ångström']['id']}"
        assert zoe.adr.value.city == "Stockholm" and zoe.adr.value.country == "Sweden"

        jose = by_family["Núñez"]
        assert [e.value for e in jose.contents["email"]] == ["jose@ejemplo.example", "jn@home.example"]
        assert "home" in [t.lower() for t in jose.contents["email"][1].params.get("TYPE", [])]
        assert _bare_phone(jose.contents["tel"][0].value) == "+34911234567"
        assert by_family["王"].adr.value.city == "北京"

    one = requests.get(
        f"{server.api}/contacts/{created['Núñez']['id']}/vcard", params={"version": "3.0"}, headers=server.auth(), timeout=TIMEOUT
    )
    assert one.status_code == 200, describe(one)
    card = vobject.readOne(one.content.decode("utf-8"))
    assert card.fn.value == "José Núñez"
    assert_problem(
        requests.get(f"{server.api}/contacts/{created['Núñez']['id']}/vcard", params={"version": "2.1"}, headers=server.auth(), timeout=TIMEOUT),
        422,
    )


def test_import_reads_cards_written_by_vobject(server):
    suffix = uuid.uuid4().hex[:8]
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(family=f"Sørensen{suffix}", given="Åse", additional="Marie")
    card.add("fn").value = f"Åse Marie Sørensen{suffix}"
    email = card.add("email")
    email.value = f"ase.{suffix}@fjord.example"
    email.type_param = "WORK"
    tel = card.add("tel")
    tel.value = "+47 22 33 44 55"
    tel.type_param = "CELL"
    card.add("title").value = "Innkjøpssjef; Nord, Vest"
    card.add("note").value = "Første møte i Bergen.\nRinger helst før lunsj."
    card.add("adr").value = vobject.vcard.Address(street="Bryggen 1", city="Bergen", code="5003", country="Norway")
    card.add("categories").value = ["Kunde", "Fjord 2024"]
    text = card.serialize()

    report = _import(server, text)
    assert len(report["created"]) == 1 and report["skipped"] == [], report
    contact = _contact(server, report["created"][0])
    assert contact["first_name"] == "Åse"
    assert contact["middle_name"] == "Marie"
    assert contact["last_name"] == f"Sørensen{suffix}"
    assert contact["title"] == "Innkjøpssjef; Nord, Vest"
    assert contact["description"] == "Første møte i Bergen.\nRinger helst før lunsj."
    assert contact["emails"] == [{"address": f"ase.{suffix}@fjord.example", "label": "work"}]
    assert contact["phones"] == [{"number": "+4722334455", "label": "mobile"}]
    assert (contact["street"], contact["city"], contact["postal_code"], contact["country"]) == ("Bryggen 1", "Bergen", "5003", "NO")
    assert contact["tags"] == ["kunde", "fjord 2024"]

    # The same card again is a possible duplicate: skipped and reported, not created twice.
    again = _import(server, text)
    assert again["created"] == [] and [s["code"] for s in again["skipped"]] == ["possible_duplicate"], again


def test_import_reads_an_apple_contacts_export(server):
    suffix = uuid.uuid4().hex[:8]
    account = _post_json(server, "accounts", {"name": f"Nordlicht {suffix} AB"})
    apple = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.2.1//EN\r\n"
        f"N:Ångström{suffix};Zoë;;Dr.;\r\nFN:Dr. Zoë Ångström{suffix}\r\nORG:Nordlicht {suffix} AB;Forskning\r\n"
        f"item1.EMAIL;type=INTERNET;type=pref:zoe.{suffix}@nordlicht.example\r\nitem1.X-ABLabel:_$!<Work>!$_\r\n"
        "item2.TEL;type=pref:+46 8 123 456 78\r\nitem2.X-ABLabel:_$!<Main>!$_\r\n"
        "TEL;type=IPHONE;type=CELL;type=VOICE:+46 70 765 43 21\r\n"
        "item3.ADR;type=WORK;type=pref:;;Drottninggatan 1;Stockholm;;111 51;Sverige\r\nitem3.X-ABADR:se\r\n"
        "NOTE:Met at the Nordic CRM Summit\\, 2023.\\nPrefers mornings\\; never Frid\r\n ays.\r\n"
        "BDAY:1985-04-15\r\n"
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAASABIAAD/4QBMRXhpZgAATU0AKgAAAAgA\r\n"
        " AYdpAAQAAAABAAAAGgAAAAAAA6ABAAMAAAABAAEAAKACAAQAAAABAAAAZKADAAQAAAABAAAAZAAA\r\n"
        " AAD/7QA4UGhvdG9zaG9wIDMuMAA4QklNBAQAAAAAAAA4QklNBCUAAAAAABDUHYzZjwCyBOmACZjs==\r\n"
        "X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/zoe\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"N:王{suffix};伟;;;\r\nFN:王伟{suffix}\r\n"
        "item1.ADR;type=WORK:;;朝阳区建国路88号;北京;;100022;中国\r\nitem1.X-ABADR:cn\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Not Importable\r\nEMAIL:this is not an email\r\nEND:VCARD\r\n"
    )
    report = _import(server, apple)
    assert len(report["created"]) == 2, report
    assert [(s["index"], s["code"]) for s in report["skipped"]] == [(2, "invalid")], report
    zoe = _contact(server, report["created"][0])
    assert (zoe["first_name"], zoe["last_name"], zoe["prefix"]) == ("Zoë", f"Ångström{suffix}", "Dr.")
    assert zoe["account_id"] == account["id"]
    assert zoe["emails"] == [{"address": f"zoe.{suffix}@nordlicht.example", "label": "work"}]
    assert zoe["phones"] == [{"number": "+46812345678", "label": "main"}, {"number": "+46707654321", "label": "mobile"}]
    assert zoe["country"] == "SE" and zoe["birthday"] == "1985-04-15"
    assert zoe["description"] == "Met at the Nordic CRM Summit, 2023.\nPrefers mornings; never Fridays."
    wang = _contact(server, report["created"][1])
    assert (wang["last_name"], wang["first_name"], wang["city"], wang["country"]) == (f"王{suffix}", "伟", "北京", "CN")


def _form(html: str, action: str):
    forms = [f for f in parse_forms(html) if f.action == action]
    assert forms, f"no form posting to {action}:\n{html[:3000]}"
    return forms[0]


def _feed_url(page_html: str) -> str:
    match = re.search(r'value="(https?://[^"]+/calendar/rcal_[^"]+\.ics)"', page_html)
    assert match, f"the page shows no calendar address:\n{page_html[:3000]}"
    return match.group(1)


def test_calendar_feed_parses_with_icalendar(server):
    session = signed_in(server.base_url, server.admin.email, server.admin.password)
    contact = _post_json(server, "contacts", {"first_name": "Kalender", "last_name": f"Test{uuid.uuid4().hex[:6]}", "emails": ["kal@example.com"]})
    start = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).replace(microsecond=0)
    meeting = _post_json(
        server,
        "activities",
        {"kind": "meeting", "direction": "inbound", "subject": "Quarterly review, Q3; budget", "occurred_at": start.isoformat().replace("+00:00", "Z"),
         "duration_minutes": 90, "location": "Zoë's office", "contact_id": contact["id"],
         "attendee_contact_ids": [contact["id"]], "body": "Agenda:\n1. Numbers\n2. Next steps"},
    )
    task = _post_json(server, "tasks", {"title": "Send the 北京 offer", "priority": "high", "due_at": start.isoformat().replace("+00:00", "Z")})

    page = session.get(f"{server.base_url}/settings/calendar", timeout=TIMEOUT)
    assert page.status_code == 200, describe(page)
    form = _form(page.text, "/settings/calendar/regenerate")
    made = session.post(f"{server.base_url}/settings/calendar/regenerate", data=dict(form.fields), timeout=TIMEOUT)
    assert made.status_code == 200, describe(made)
    url = _feed_url(made.text)
    assert f'value="webcal://{url.split("://", 1)[1]}"' in made.text

    feed = requests.get(url, timeout=TIMEOUT)
    assert feed.status_code == 200, describe(feed)
    assert feed.headers["Content-Type"].startswith("text/calendar")
    for line in feed.content.split(b"\r\n"):
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
    calendar = icalendar.Calendar.from_ical(feed.content)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    todos = {str(t["UID"]): t for t in calendar.walk("VTODO")}
    event = events.get(f"{meeting['id']}@rapport")
    assert event is not None, f"meeting missing from the feed:\n{feed.text[:3000]}"
    assert str(event["SUMMARY"]) == "Quarterly review, Q3; budget"
    assert str(event["LOCATION"]) == "Zoë's office"
    assert str(event["DESCRIPTION"]) == "Agenda:\n1. Numbers\n2. Next steps"
    dtstart, dtend = event.decoded("DTSTART"), event.decoded("DTEND")
    assert dtstart.utcoffset() == dt.timedelta(0), "DTSTART must be in UTC"
    assert dtstart == start and dtend == start + dt.timedelta(minutes=90)
    assert int(event["SEQUENCE"]) == meeting["version"]
    attendees = [str(a) for a in (event.get("ATTENDEE") if isinstance(event.get("ATTENDEE"), list) else [event.get("ATTENDEE")])]
    assert "mailto:kal@example.com" in attendees
    todo = todos.get(f"{task['id']}@rapport")
    assert todo is not None, f"task missing from the feed:\n{feed.text[:3000]}"
    assert str(todo["SUMMARY"]) == "Send the 北京 offer"
    assert int(todo["PRIORITY"]) == 1 and str(todo["STATUS"]) == "NEEDS-ACTION"
    assert todo.decoded("DUE").utcoffset() == dt.timedelta(0)

    # Turned off, the address is dead.
    page = session.get(f"{server.base_url}/settings/calendar", timeout=TIMEOUT)
    revoke = _form(page.text, "/settings/calendar/revoke")
    response = session.post(f"{server.base_url}/settings/calendar/revoke", data=dict(revoke.fields), timeout=TIMEOUT)
    assert response.status_code == 200, describe(response)  # redirect followed back to the page
    assert_problem(requests.get(url, timeout=TIMEOUT), 404)
