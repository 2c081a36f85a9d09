"""Every route, tried as each kind of visitor: anonymous, a rider, a referee of another event,
the event's referee, a revoked referee and the organizer.

A route added without a row in EXPECTED fails this test, so access rules are decided on purpose.
Outcomes: "allow" (served), "login" (sent to the organizer login) and "deny" (401, 403 or 404,
or sent back to the PIN page). Nothing may answer with a server error."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from meet.extensions import db
from meet.models import Result
from tests.fixtures.forms import csrf_token_from

ROLES = ("anonymous", "rider", "referee_other_event", "referee", "referee_revoked", "organizer")

PUBLIC = dict.fromkeys(ROLES, "allow")
ORGANIZER = {**dict.fromkeys(ROLES, "login"), "organizer": "allow"}
RIDER = {**dict.fromkeys(ROLES, "deny"), "rider": "allow"}
# Pages of a referee link: any active access of the meet opens its own link (the PIN page).
REFEREE_LINK = {**dict.fromkeys(ROLES, "deny"), "referee": "allow", "referee_other_event": "allow"}
EVENT_REFEREE = {**dict.fromkeys(ROLES, "deny"), "referee": "allow"}

EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("GET", "register.index"): PUBLIC,
    ("GET", "register.meet_page"): PUBLIC,
    ("GET", "register.register"): PUBLIC,
    ("POST", "register.register"): PUBLIC,
    ("GET", "register.rider_page"): RIDER,
    ("GET", "register.rider_certificate"): RIDER,
    ("POST", "register.withdraw"): RIDER,
    ("GET", "board.board"): PUBLIC,
    ("GET", "board.meet_rankings"): PUBLIC,
    ("GET", "board.event_rankings"): PUBLIC,
    ("GET", "healthz"): PUBLIC,
    ("GET", "set_language"): PUBLIC,
    ("GET", "static"): PUBLIC,
    ("GET", "sports.script"): PUBLIC,
    ("GET", "referee.service_worker"): PUBLIC,
    ("GET", "referee.home"): REFEREE_LINK,
    ("POST", "referee.home"): REFEREE_LINK,
    ("GET", "referee.checkin"): REFEREE_LINK,
    ("POST", "referee.checkin"): REFEREE_LINK,
    ("GET", "referee.event"): EVENT_REFEREE,
    ("GET", "referee.rows"): EVENT_REFEREE,
    ("GET", "api.meet"): PUBLIC,
    ("GET", "api.event"): PUBLIC,
    ("GET", "api.event_rankings"): PUBLIC,
    ("GET", "api.standings"): PUBLIC,
    ("GET", "api.board"): PUBLIC,
    ("GET", "api.openapi"): PUBLIC,
    ("POST", "api.create_registration"): PUBLIC,
    ("POST", "api.post_result"): EVENT_REFEREE,
    ("GET", "admin.login"): PUBLIC,
    ("POST", "admin.login"): dict.fromkeys(ROLES, "deny"),  # no credentials in the body
    ("POST", "admin.logout"): ORGANIZER,
}
ADMIN_ROUTES_ARE_ORGANIZER_ONLY = ORGANIZER


@dataclass
class World:
    meet: object
    event: object
    other_event: object
    rider: object
    rider_token: str
    entry: object
    access: object
    tokens: dict[str, str]
    pins: dict[str, str]


@pytest.fixture
def world(
    app_context,
    create_meet,
    create_event,
    create_rider,
    create_entry,
    create_referee_access,
    create_organizer,
):
    from meet.services.referees import revoke_referee_access
    from meet.services.tokens import new_token

    meet = create_meet(slug="matrix")
    event = create_event(meet, name="平板支撑")
    other_event = create_event(
        meet,
        sport="pitch_pot",
        name="投壶",
        rules={"rounds": 1, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}},
    )
    token, token_hash = new_token()
    rider = create_rider(meet, token_hash=token_hash)
    entry = create_entry(event, rider)
    db.session.add(
        Result(event_id=event.id, entry_id=entry.id, version=1, marks={"seconds": 90}, value=90.0)
    )
    entry.result_version = 1
    # A rider's certificate is there once an event is official: a second, finished event.
    finished = create_event(meet, name="平板支撑决赛", status="official")
    finished_entry = create_entry(finished, rider)
    db.session.add(
        Result(
            event_id=finished.id,
            entry_id=finished_entry.id,
            version=1,
            marks={"seconds": 90},
            value=90.0,
        )
    )
    finished_entry.result_version = 1
    db.session.commit()
    access, access_token, pin = create_referee_access(meet, [event])
    _other, other_token, other_pin = create_referee_access(meet, [other_event])
    revoked, revoked_token, revoked_pin = create_referee_access(meet, [event])
    create_organizer()
    world = World(
        meet,
        event,
        other_event,
        rider,
        token,
        entry,
        access,
        tokens={
            "referee": access_token,
            "referee_other_event": other_token,
            "referee_revoked": revoked_token,
        },
        pins={"referee": pin, "referee_other_event": other_pin, "referee_revoked": revoked_pin},
    )
    world.revoked = revoked
    world.finished_event = finished
    world.revoke = lambda: revoke_referee_access(revoked, actor="test")
    return world


def _client_for(role: str, app, world: World):
    client = app.test_client()
    if role == "organizer":
        page = client.get("/admin/login")
        client.post(
            "/admin/login",
            data={
                "username": "organizer",
                "password": "correct horse battery",
                "csrf_token": csrf_token_from(page.text),
            },
        )
    elif role.startswith("referee"):
        token = world.tokens[role]
        page = client.get(f"/ref/{token}")
        client.post(
            f"/ref/{token}",
            data={"pin": world.pins[role], "csrf_token": csrf_token_from(page.text)},
        )
    return client


def _url_token(role: str, rule: str, world: World) -> str:
    if rule.startswith("/me/"):
        return world.rider_token if role == "rider" else "not-a-valid-token"
    return world.tokens.get(role, "not-a-valid-token")


def _url(rule, role: str, world: World) -> str:
    values = {
        "slug": world.meet.slug,
        "event_id": world.finished_event.id if "certificates" in rule.rule else world.event.id,
        "entry_id": world.entry.id,
        "participant_id": world.rider.id,
        "access_id": world.revoked.id,
        "sport": "plank",
        "key": "plank",
        "name": "pad",
        "code": "en",
        "filename": "css/meet.css",
        "token": _url_token(role, rule.rule, world),
    }
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values[name]), path)
    return path


def _classify(response) -> str:
    assert response.status_code < 500, response.text[:500]
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/admin/login" in location:
        return "login"
    if response.status_code in (301, 302, 303) and re.search(r"/ref/[^/]+$", location):
        return "deny"  # sent back to the PIN page
    if response.status_code in (401, 403, 404):
        return "deny"
    return "allow"


def _routes(app):
    """Every (method, rule); reads first, so that a POST that changes the world comes last."""
    pairs = [
        (method, rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    ]
    return sorted(pairs, key=lambda pair: (pair[0] != "GET", pair[1].rule, pair[0]))


def _expected(method: str, endpoint: str) -> dict[str, str] | None:
    if (method, endpoint) in EXPECTED:
        return EXPECTED[(method, endpoint)]
    if endpoint.startswith("admin.") and endpoint not in ("admin.login",):
        return ADMIN_ROUTES_ARE_ORGANIZER_ONLY
    return None


def test_every_route_has_an_expected_row(app):
    missing = [
        f"{method} {rule.rule} ({rule.endpoint})"
        for method, rule in _routes(app)
        if _expected(method, rule.endpoint) is None
    ]
    assert missing == []


def _request(client, method: str, url: str, role: str, world: World):
    if url.startswith("/api/"):
        headers = {}
        if role in world.tokens:
            headers["Authorization"] = f"Bearer {world.tokens[role]}"
        body = {
            "event": world.event.id,
            "entry": world.entry.id,
            "marks": {"seconds": 95},
            "status": "ok",
            "version": 1,
            "reason": "访问矩阵",
        }
        if method == "POST":
            return client.post(url, json=body, headers=headers)
        return client.get(url, headers=headers)
    if method == "POST":
        token = csrf_token_from(client.get(f"/m/{world.meet.slug}/register").text)
        return client.post(url, data={"csrf_token": token})
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_each_visitor_as_expected(app, world, role):
    client = _client_for(role, app, world)
    world.revoke()  # revoked after its tablet was opened with the PIN
    wrong = []
    for method, rule in _routes(app):
        expected = _expected(method, rule.endpoint)
        if expected is None or rule.endpoint in ("admin.logout",):
            continue
        url = _url(rule, role, world)
        if method == "POST" and rule.endpoint.startswith("admin.") and role == "organizer":
            continue  # organizer POSTs change data; covered by each area's own tests
        response = _request(client, method, url, role, world)
        outcome = _classify(response)
        if outcome != expected[role]:
            wrong.append(f"{method} {url}: {outcome}, expected {expected[role]}")
        wrong += _unprotected_forms(method, url, response)
    assert wrong == []


POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def _unprotected_forms(method: str, url: str, response) -> list[str]:
    """Every form that posts carries a CSRF token, and every page sends the security headers."""
    if method != "GET" or not response.content_type.startswith("text/html"):
        return []
    problems = [
        f"GET {url}: a POST form without csrf_token"
        for form in POST_FORM.findall(response.text)
        if 'name="csrf_token"' not in form
    ]
    policy = response.headers.get("Content-Security-Policy", "")
    if "frame-ancestors 'none'" not in policy or "unsafe-inline" in policy:
        problems.append(f"GET {url}: weak Content-Security-Policy {policy!r}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"GET {url}: no nosniff")
    return problems
