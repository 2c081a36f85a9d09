"""Hostile input through the real forms: markup typed into any text field is shown as text on
every page and printed as text in every PDF, SQL-looking text is stored as typed, 10,000
characters get a message, a NUL, a digit int() refuses, a number past 2^31 or invalid UTF-8 in
any field or query string gets a 4xx, and formulas leave the exports neutralised. Nothing answers
with a server error, on SQLite or PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from flask import g
from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant
from tests.fixtures.forms import csrf_token_from, registration_form


def script(n: int) -> str:
    return f"<script>alert({n})</script>"


def image(n: int) -> str:
    return f"<img src=x onerror=alert({n})>"


def svg(n: int) -> str:
    return f'"><svg onload=alert({n})>'


# What each free-text field of the forms is given; the number tells the fields apart on a page.
TYPED = {
    "station": script(1),
    "emergency": image(2),
    "team": svg(3),
    "meet": "运动会" + script(4),
    "venue": image(5),
    "organizer": svg(6),
    "seal": script(7),
    "event": "平板" + image(8),
    "place": svg(9),
    "referee": script(10),
    "wording": image(11) + "，{event}",
}
DROP_TABLE = "'; DROP TABLE participants; --"
ALWAYS_TRUE = "1' OR '1'='1"
TEN_THOUSAND = "长" * 10_000
SPORTS = ("plank", "pitch_pot", "bowling", "tug_of_war", "frisbee_football", "custom")
# What a script sends instead of a form's values. Numbers go into each field in turn: a digit
# str.isdigit() accepts and int() refuses, and a number past PostgreSQL's integer. Text goes into
# every field at once: a NUL (PostgreSQL refuses it in text), bytes that are not UTF-8, and a very
# long text.
NUMBERS = {"superscript": "²", "past_2_31": "99999999999"}
TEXTS = {"nul": "王\x00伟", "not_utf8": b"\xff\xfe\xc3(", "long": TEN_THOUSAND}


def markup_in(text: str) -> list[str]:
    """The typed markup found as markup (not escaped) in a page."""
    return [typed for typed in TYPED.values() if typed in text]


def shown(html: str) -> set[str]:
    """The fields whose text a page shows, escaped."""
    return {field for field, typed in TYPED.items() if str(escape(typed)) in html}


def flat(text: str) -> str:
    """Text without the line breaks and spaces a PDF layout puts in."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def desk_meet(app, client, login, submit):
    """An open meet set up through the desk forms with markup in every free-text field: the meet,
    a plank event, a tug-of-war, a referee access and the certificate wording."""
    login()
    today = date.today()
    meet_form = {
        "name": TYPED["meet"],
        "slug": "hostile",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=1)).isoformat(),
        "venue": TYPED["venue"],
        "organizer_name": TYPED["organizer"],
    }
    assert submit("/admin/meets/new", meet_form).status_code == 302
    plank = {"name": TYPED["event"], "place": TYPED["place"], "rules_max_seconds": "600"}
    assert submit("/admin/meets/hostile/events/new/plank", plank).status_code == 302
    tug = {"name": "拔河", "rules_pulls": "3", "team_size_min": "1", "team_size_max": "10"}
    assert submit("/admin/meets/hostile/events/new/tug_of_war", tug).status_code == 302
    opened = submit("/admin/meets/hostile/status", {"status": "open"}, "/admin/meets/hostile/")
    assert opened.status_code == 302
    settings = {
        "award_wording": TYPED["wording"],
        "seal_text": TYPED["seal"],
        "top": "3",
        "place_style": "chinese",
        "bib_layout": "a5",
    }
    assert submit("/admin/meets/hostile/print-settings", settings).status_code == 302
    referee = submit("/admin/meets/hostile/referees", {"name": TYPED["referee"]})
    if referee.status_code in (302, 303):  # the link and PIN are shown on the page it goes to
        referee = client.get(referee.headers["Location"])
    link = urlsplit(re.search(r'class="tablet-link" href="([^"]+)"', referee.text).group(1)).path
    pin = re.search(r'class="pin"[^>]*>(\d+)<', referee.text).group(1)
    plank_id, tug_id = (
        event.id for event in db.session.scalars(select(Event).order_by(Event.position, Event.id))
    )
    return {"link": link, "pin": pin, "plank": plank_id, "tug": tug_id}


@pytest.fixture
def marked_up_meet(app, desk_meet, submit):
    """The desk meet, and a rider registered through the phone form with markup in every field
    that takes it (the name takes letters only), who started a team; returns what desk_meet
    does and the rider's browser and page."""
    rider = app.test_client()
    registered = submit(
        "/m/hostile/register",
        registration_form(
            [desk_meet["plank"], desk_meet["tug"]],
            station=TYPED["station"],
            emergency_contact=TYPED["emergency"],
            **{
                f"team_{desk_meet['tug']}": "create",
                f"team_name_{desk_meet['tug']}": TYPED["team"],
            },
        ),
        via=rider,
    )
    assert registered.status_code == 302, registered.text
    return {**desk_meet, "rider": rider, "rider_page": registered.headers["Location"]}


def test_markup_typed_into_the_forms_is_shown_as_text_on_every_page(
    client, app, marked_up_meet, submit, record_result_row
):
    world = marked_up_meet
    plank, tug, link = world["plank"], world["tug"], world["link"]
    entry = db.session.scalar(select(Entry).where(Entry.event_id == plank))
    record_result_row(db.session.get(Event, plank), entry, {"seconds": 95})
    referee = app.test_client()
    assert submit(link, {"pin": world["pin"]}, via=referee).status_code == 303
    walk_in = submit(
        "/admin/meets/hostile/registrations/new",
        registration_form([plank], phone="13900139000", station=TYPED["station"]),
    )
    assert walk_in.status_code == 200 and markup_in(walk_in.text) == []
    assert {"meet", "event"} <= shown(walk_in.text)
    rider = world["rider"]
    expected = {
        (rider, world["rider_page"]): {"station", "team", "meet", "event"},
        (rider, "/m/hostile/"): {"meet", "venue", "event", "place"},
        (rider, "/m/hostile/register"): {"meet", "event", "station", "team"},
        (rider, "/m/hostile/board"): {"meet", "event", "station"},
        (rider, "/m/hostile/rankings"): {"meet", "event", "station"},
        (rider, f"/m/hostile/rankings/{plank}"): {"event", "station"},
        (rider, f"/m/hostile/rankings/{tug}"): {"team"},
        (referee, link): {"meet", "referee"},
        (referee, f"{link}/events/{plank}"): {"event"},
        (referee, f"{link}/events/{tug}"): set(),  # no matches drawn yet
        (referee, f"{link}/checkin"): set(),
        (client, "/admin/"): {"meet", "venue"},
        (client, "/admin/meets/hostile/"): {"meet", "venue", "event", "place"},
        (client, "/admin/meets/hostile/edit"): {"meet", "venue", "organizer"},
        (client, f"/admin/events/{plank}/edit"): {"event", "place"},
        (client, "/admin/meets/hostile/registrations"): {"station", "team"},
        (client, "/admin/meets/hostile/registrations/new"): {"station", "team"},
        (client, "/admin/meets/hostile/checkin"): set(),
        (client, "/admin/meets/hostile/referees"): {"referee"},
        (client, "/admin/meets/hostile/print-settings"): {"wording", "seal"},
        (client, f"/admin/events/{plank}/results"): {"event"},
        (client, f"/admin/events/{tug}/results"): set(),
        (client, "/admin/meets/hostile/rankings"): {"event", "station"},
        (client, "/admin/meets/hostile/audit"): {
            "meet",
            "venue",
            "organizer",
            "seal",
            "event",
            "place",
            "referee",
            "wording",
        },
    }
    for (browser, path), fields in expected.items():
        page = browser.get(path)
        assert page.status_code == 200, path
        assert markup_in(page.text) == [], path
        assert fields <= shown(page.text), path


def test_markup_in_a_refused_name_comes_back_escaped_in_the_form(client, app, desk_meet, submit):
    for page in ("/m/hostile/register", "/admin/meets/hostile/registrations/new"):
        via = app.test_client() if page.startswith("/m/") else None
        for name in (script(12), svg(13)):
            answer = submit(page, registration_form([desk_meet["plank"]], name=name), via=via)
            assert answer.status_code == 422, page
            assert name not in answer.text and f'value="{escape(name)}"' in answer.text, page


def test_markup_is_printed_as_plain_text_in_every_pdf(
    client, marked_up_meet, submit, record_result_row, pdf_text
):
    world = marked_up_meet
    plank = db.session.get(Event, world["plank"])
    entry = db.session.scalar(select(Entry).where(Entry.event_id == plank.id))
    record_result_row(plank, entry, {"seconds": 95})
    official = submit(f"/admin/events/{plank.id}/official", {}, f"/admin/events/{plank.id}/results")
    assert official.status_code == 302
    expected = {
        "/admin/meets/hostile/poster.pdf": {"meet", "venue", "event", "place"},
        "/admin/meets/hostile/bibs.pdf": {"meet", "station"},
        "/admin/meets/hostile/rankings.pdf": {"meet", "event", "station", "team"},
        f"/admin/meets/hostile/certificates.pdf?event={plank.id}": {"event", "organizer"},
        f"/admin/events/{plank.id}/sheet.pdf": {"meet", "event", "place", "station"},
        f"{world['rider_page']}/certificates/{plank.id}.pdf": {"event", "organizer"},
    }
    for path, fields in expected.items():
        browser = world["rider"] if path.startswith("/me/") else client
        response = browser.get(path)
        assert response.status_code == 200, path
        printed = flat(pdf_text(response.data))
        for field in fields:
            assert flat(TYPED[field]) in printed, (path, field)
        assert "&lt;" not in printed and "&#34;" not in printed, path  # not escaped twice either
    certificate = flat(
        pdf_text(client.get(f"/admin/meets/hostile/certificates.pdf?event={plank.id}").data)
    )
    assert flat(image(11) + "，" + TYPED["event"]) in certificate  # the wording, filled in


class FormReader(HTMLParser):
    """The POST forms of a page: action and the values a browser would send untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = dict(attrs)
        if tag == "form":
            method = (attr.get("method") or "get").lower()
            self.forms.append(
                {"action": attr.get("action"), "post": method == "post", "fields": []}
            )
        if not self.forms or "name" not in attr:
            return
        fields = self.forms[-1]["fields"]
        name = attr["name"]
        if tag == "input":
            kind = (attr.get("type") or "text").lower()
            if kind == "file":
                return
            if kind in ("checkbox", "radio"):
                fields.append((name, attr.get("value", "on") if "checked" in attr else None))
            else:
                fields.append((name, attr.get("value") or ""))
        elif tag == "textarea":
            self._textarea = name
            fields.append((name, ""))
        elif tag == "select":
            self._select = name
            fields.append((name, None))
        elif tag == "option" and self._select:
            value = attr.get("value", "")
            if "selected" in attr or fields[-1] == (self._select, None):
                fields[-1] = (self._select, value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            fields = self.forms[-1]["fields"]
            fields[-1] = (self._textarea, fields[-1][1] + data)


# Forms that end a session or remove something: not probed, so the pages after them still work.
NOT_PROBED = re.compile(r"/(logout|delete|revoke|withdraw|undo|official|reopen|status|sport)\b")


def probe_forms(browser, page: str, base: dict | None = None) -> list[tuple]:
    """Post every form of the page with hostile values, the other fields as the page filled them
    (or as `base` says); returns what answered with a server error."""
    g.pop("csrf_token", None)
    reader = FormReader()
    reader.feed(browser.get(page).text)
    errors = []
    for form in reader.forms:
        action = form["action"] or page
        if not form["post"] or NOT_PROBED.search(action):
            continue
        base = base or {}
        defaults = [(k, v) for k, v in form["fields"] if v is not None and k not in base]
        defaults += list(base.items())
        token = [(k, v) for k, v in defaults if k == "csrf_token"]
        names = sorted({name for name, _value in form["fields"]} - {"csrf_token"})
        attempts = [
            (f"{name}={label}", [*((k, v) for k, v in defaults if k != name), (name, value)])
            for name in names
            for label, value in NUMBERS.items()
        ]
        attempts += [
            (f"all={label}", [*token, *((name, value) for name in names)])
            for label, value in TEXTS.items()
        ]
        for label, pairs in attempts:
            try:
                answer = browser.post(
                    action, data=urlencode(pairs), content_type="application/x-www-form-urlencoded"
                )
            except Exception as error:  # the test app lets a view's exception through
                db.session.rollback()
                errors.append((action, label, f"{type(error).__name__}: {error}"[:120]))
                continue
            if answer.status_code >= 500:
                errors.append((action, label, answer.status_code))
    return errors


def test_hostile_values_in_any_form_field_never_make_a_server_error(
    app, client, marked_up_meet, record_result_row, submit
):
    world = marked_up_meet
    referee = app.test_client()
    assert submit(world["link"], {"pin": world["pin"]}, via=referee).status_code == 303
    plank, tug = world["plank"], world["tug"]
    entry = db.session.scalar(select(Entry).where(Entry.event_id == plank))
    record_result_row(db.session.get(Event, plank), entry, {"seconds": 95})
    rider_base = {
        "name": "李娜",
        "phone": "13900139000",
        "platform": "meituan",
        "consent": "yes",
        "events": str(plank),
    }
    pages = [
        "/admin/meets/new",
        "/admin/meets/hostile/edit",
        "/admin/meets/hostile/copy",
        "/admin/meets/hostile/points",
        *(f"/admin/meets/hostile/events/new/{sport}" for sport in SPORTS),
        f"/admin/events/{plank}/edit",
        f"/admin/events/{tug}/edit",
        "/admin/meets/hostile/referees",
        "/admin/meets/hostile/print-settings",
        "/admin/meets/hostile/checkin",
        f"/admin/events/{plank}/results",
    ]
    errors = []
    for page in pages:
        errors += probe_forms(client, page)
    errors += probe_forms(client, "/admin/meets/hostile/registrations/new", rider_base)
    errors += probe_forms(world["rider"], "/m/hostile/register", rider_base)
    errors += probe_forms(referee, f"{world['link']}/checkin")
    errors += probe_forms(app.test_client(), world["link"])  # the PIN: last, it locks the link
    errors += probe_forms(app.test_client(), "/admin/login")
    assert errors == []


def test_numbers_past_what_the_database_holds_are_refused_next_to_their_field(
    client, desk_meet, submit
):
    too_many = submit(
        f"/admin/events/{desk_meet['plank']}/edit",
        {"name": "平板支撑", "rules_max_seconds": "600", "capacity": "99999999999"},
    )
    assert too_many.status_code == 422 and "请输入 1 到 10000 的数字" in too_many.text
    team = submit(
        f"/admin/events/{desk_meet['tug']}/edit",
        {"name": "拔河", "rules_pulls": "3", "team_size_min": "1", "team_size_max": "99999999999"},
    )
    assert team.status_code == 422 and "请输入 1 到 10000 的数字" in team.text
    referee = submit("/admin/meets/hostile/referees", {"events": "99999999999"})
    assert referee.status_code == 422 and "99999999999" in referee.text
    points = submit(
        "/admin/meets/hostile/points", {"points_table": "7, 5, ², 3", "team_event_multiplier": "2"}
    )
    assert points.status_code == 422


def test_a_result_naming_ids_no_row_can_have_or_a_nul_reason_is_refused(
    client, desk_meet, marked_up_meet
):
    token = desk_meet["link"].rsplit("/", 1)[1]
    entry = db.session.scalar(select(Entry).where(Entry.event_id == desk_meet["plank"]))

    def send(**fields):
        body = {"event": desk_meet["plank"], "entry": entry.id, "marks": {"seconds": 61}}
        return client.post(
            "/api/v1/results", json={**body, **fields}, headers={"Authorization": f"Bearer {token}"}
        )

    assert send(event=2**31).json["error"] == "unknown_event"
    assert send(entry=2**40).json["error"] == "unknown_entry"
    assert send(entry=None, match=2**63).json["error"] == "unknown_match"
    assert send().status_code == 201
    nul = send(marks={"seconds": 62}, version=1, reason="看错\x00了")
    assert nul.status_code == 422 and set(nul.json["fields"]) == {"reason"}


def riders_in(slug: str = "hostile") -> list[Participant]:
    db.session.rollback()  # see what the requests committed
    meet = db.session.scalar(select(Meet).where(Meet.slug == slug))
    return list(db.session.scalars(select(Participant).where(Participant.meet_id == meet.id)))


def test_sql_looking_text_is_stored_as_typed_and_matches_nothing_it_should_not(
    client, app, desk_meet, submit
):
    rider = app.test_client()
    registered = submit(
        "/m/hostile/register",
        registration_form([desk_meet["plank"]], station=DROP_TABLE, emergency_contact=ALWAYS_TRUE),
        via=rider,
    )
    assert registered.status_code == 302
    [stored] = riders_in()
    assert (stored.station, stored.emergency_contact) == (DROP_TABLE, ALWAYS_TRUE)
    assert str(escape(DROP_TABLE)) in rider.get(registered.headers["Location"]).text
    # A search is a search: the quote does not turn it into "every rider".
    everyone = client.get("/admin/meets/hostile/registrations")
    assert "王伟" in everyone.text
    for search in (ALWAYS_TRUE, DROP_TABLE, "%", "_"):
        found = client.get("/admin/meets/hostile/registrations", query_string={"q": search})
        assert found.status_code == 200 and "13800138000" not in found.text, search
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 1


def test_ten_thousand_characters_get_a_message_and_nothing_is_stored(
    client, app, desk_meet, submit
):
    rider = app.test_client()
    plank, tug = desk_meet["plank"], desk_meet["tug"]
    fields = registration_form(
        [plank, tug],
        name=TEN_THOUSAND,
        station=TEN_THOUSAND,
        emergency_contact=TEN_THOUSAND,
        **{f"team_{tug}": "create", f"team_name_{tug}": TEN_THOUSAND},
    )
    form = submit("/m/hostile/register", fields, via=rider)
    assert form.status_code == 422
    assert form.text.count("最多 40 个字") == 2 and "最多 60 个字" in form.text
    api = client.post(
        "/api/v1/meets/hostile/registrations",
        json={
            **registration_form([plank]),
            "events": [plank],
            "consent": True,
            "name": TEN_THOUSAND,
        },
    )
    assert api.status_code == 422 and api.json["fields"]["name"] == "最多 40 个字。"
    assert riders_in() == []
    team = submit(
        "/m/hostile/register",
        registration_form(
            [plank, tug], **{f"team_{tug}": "create", f"team_name_{tug}": TEN_THOUSAND}
        ),
        via=rider,
    )
    assert team.status_code == 422 and "最多 30 个字" in team.text

    desk = {
        "/admin/meets/hostile/edit": (
            {"name": TEN_THOUSAND, "venue": TEN_THOUSAND, "slug": "hostile"},
            ["120", "200"],
        ),
        f"/admin/events/{plank}/edit": (
            {"name": TEN_THOUSAND, "place": TEN_THOUSAND, "rules_max_seconds": "600"},
            ["120"],
        ),
        "/admin/meets/hostile/referees": ({"name": TEN_THOUSAND}, ["80"]),
        "/admin/meets/hostile/print-settings": (
            {"award_wording": TEN_THOUSAND, "seal_text": TEN_THOUSAND, "top": "3"},
            ["300", "200"],
        ),
    }
    for url, (data, limits) in desk.items():
        answer = submit(url, {"starts_on": "2026-06-06", "ends_on": "2026-06-06", **data})
        assert answer.status_code == 422, url
        for limit in limits:
            assert f"字段长度不能超过 {limit} 个字符" in answer.text, (url, limit)
    db.session.rollback()
    meet = db.session.scalar(select(Meet).where(Meet.slug == "hostile"))
    assert meet.name == TYPED["meet"] and meet.seal_text == TYPED["seal"]
    assert TEN_THOUSAND not in str(db.session.get(Event, plank).name)


def test_invalid_utf8_and_nul_get_a_clear_400_never_a_server_error(client, app, desk_meet):
    rider = app.test_client()
    page = rider.get("/m/hostile/register")
    token = csrf_token_from(page.text)
    form = urlencode(
        {
            "csrf_token": token,
            "phone": "13800138000",
            "platform": "meituan",
            "consent": "yes",
            "events": desk_meet["plank"],
        }
    )
    for name in (b"%FF%FE%C3%28", b"\xff\xfe\xc3(", b"%E7%8E%8B%00"):
        answer = rider.post(
            "/m/hostile/register",
            data=b"name=" + name + b"&" + form.encode(),
            content_type="application/x-www-form-urlencoded",
        )
        assert answer.status_code == 400, name
        assert "不是文字的字符" in answer.text, name
    for url in (
        "/admin/meets/hostile/registrations?q=%FF%FE",
        "/admin/meets/hostile/registrations?q=%00",
        "/m/hostile/?utm=%C3%28",
        "/lang/en?next=/%FF",
    ):
        assert client.get(url).status_code == 400, url
    for url in ("/m/%FF%FE/", "/me/%FF", "/ref/%C3%28", "/m/hostile/rankings/%FF"):
        assert client.get(url).status_code == 404, url
    api = client.post(
        "/api/v1/meets/hostile/registrations",
        data=b'{"name": "\xff\xfe"}',
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json["error"] == "bad_request"
    assert riders_in() == []


FORMULAS = ('=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=2+2")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_formulas_typed_by_riders_leave_the_exports_as_text(client, app, desk_meet, submit):
    plank, tug = desk_meet["plank"], desk_meet["tug"]
    formula_event = submit(
        f"/admin/events/{plank}/edit", {"name": "=SUM(1,1)", "rules_max_seconds": "600"}
    )
    assert formula_event.status_code == 302
    for number, formula in enumerate(FORMULAS):
        registered = submit(
            "/m/hostile/register",
            registration_form(
                [plank, tug],
                phone=f"1380013800{number}",
                station=formula,
                emergency_contact=formula,
                **{f"team_{tug}": "create", f"team_name_{tug}": f"{formula}{number}"},
            ),
            via=app.test_client(),
        )
        assert registered.status_code == 302, formula

    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/admin/meets/hostile/registrations.csv").data.decode("utf-8-sig")
            )
        )
    )
    sheet = load_workbook(
        io.BytesIO(client.get("/admin/meets/hostile/registrations.xlsx").data)
    ).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert len(rows) == len(FORMULAS) + 1 and sheet.max_row == len(FORMULAS) + 1
    assert all(cell.data_type != "f" for cell in cells)
    texts = [value for row in rows[1:] for value in row] + [
        cell.value for cell in cells if isinstance(cell.value, str)
    ]
    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
    for formula in FORMULAS:  # kept whole, behind the apostrophe that makes it text
        typed = formula.strip()
        assert texts.count("'" + typed) >= 4, formula  # station and contact, in both files
    assert sum(text.startswith("'=SUM(1,1)") for text in texts) == 2 * len(FORMULAS)
