"""GET /api/v1/events/<id>/rankings, /meets/<slug>/standings and /meets/<slug>/board: bodies,
ETags that follow the results, and 304 answers."""

from __future__ import annotations

import threading
import time

import pytest

from meet.api import rankings as api
from meet.extensions import db
from meet.services.rankings import events, standings
from meet.services.rankings.board import SharedBodies
from tests.fixtures.concurrency import run_at_once

ENDPOINTS = ("rankings", "standings", "board")


@pytest.fixture
def plank_meet(create_meet, create_event, create_rider, create_entry, record_result_row):
    """A meet with a plank event and two riders of different stations, one with a result."""
    meet = create_meet()
    event = create_event(meet, sport="plank", name="平板支撑")
    leader = create_entry(event, create_rider(meet, name="王伟", station="东站"))
    waiting = create_entry(event, create_rider(meet, name="李娜", station="西站"))
    record_result_row(event, leader, {"seconds": 125.4})
    return meet, event, leader, waiting


def _url(kind: str, meet, event) -> str:
    if kind == "rankings":
        return f"/api/v1/events/{event.id}/rankings"
    return f"/api/v1/meets/{meet.slug}/{kind}"


def test_an_event_ranking_lists_every_entry_as_the_contract_says(client, plank_meet):
    _, event, leader, waiting = plank_meet

    response = client.get(f"/api/v1/events/{event.id}/rankings")

    assert response.status_code == 200
    assert response.json == {
        "event": {"id": event.id, "sport": "plank", "name": "平板支撑", "kind": "individual",
                  "status": "scheduled"},
        "official": False,
        "rankings": [
            {"rank": 1, "entry": leader.id, "bib": 1, "name": "王伟", "team": "东站",
             "value": 125.4, "display": "2分05.4秒", "status": "ok"},
            {"rank": None, "entry": waiting.id, "bib": 2, "name": "李娜", "team": "西站",
             "value": None, "display": "", "status": "pending"},
        ],
    }  # fmt: skip


def test_the_display_follows_the_reader_s_language(client, plank_meet):
    _, event, _, _ = plank_meet
    client.set_cookie("meet_lang", "en")

    response = client.get(f"/api/v1/events/{event.id}/rankings")

    assert response.json["rankings"][0]["display"] == "2:05.4"


def test_standings_give_points_and_medals(client, plank_meet):
    meet, _, _, _ = plank_meet

    response = client.get(f"/api/v1/meets/{meet.slug}/standings")

    assert response.json == {
        "official": False,
        "standings": [
            {"rank": 1, "team": "东站", "points": 7.0, "gold": 1, "silver": 0, "bronze": 0},
            {"rank": 2, "team": "西站", "points": 0.0, "gold": 0, "silver": 0, "bronze": 0},
        ],
    }


def test_the_board_state_has_each_event_s_leaders_and_the_standings(client, plank_meet):
    meet, event, leader, _ = plank_meet

    state = client.get(f"/api/v1/meets/{meet.slug}/board").json

    assert state["meet"] == {"slug": meet.slug, "name": meet.name}
    assert state["updated"].startswith("更新于 ")
    [shown] = state["events"]
    assert shown["id"] == event.id and shown["official"] is False
    assert [row["entry"] for row in shown["rankings"]] == [leader.id]
    assert state["standings"][0]["team"] == "东站"


@pytest.mark.parametrize("kind", ENDPOINTS)
def test_a_matching_if_none_match_gets_304_without_a_body(client, plank_meet, kind):
    meet, event, _, _ = plank_meet
    url = _url(kind, meet, event)
    first = client.get(url)

    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200
    assert first.headers["ETag"].startswith('W/"')
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("kind", ENDPOINTS)
def test_a_new_result_changes_the_etag_and_the_old_tag_gets_the_new_body(
    client, plank_meet, record_result_row, kind
):
    meet, event, _, waiting = plank_meet
    url = _url(kind, meet, event)
    before = client.get(url)

    record_result_row(event, waiting, {"seconds": 200})
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})

    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.json != before.json


def test_a_result_in_another_event_of_the_meet_changes_the_event_s_etag(
    client, plank_meet, create_event, create_rider, create_entry, record_result_row
):
    meet, event, _, _ = plank_meet
    other = create_event(meet, sport="plank", name="另一平板")
    url = f"/api/v1/events/{event.id}/rankings"
    before = client.get(url).headers["ETag"]

    record_result_row(other, create_entry(other, create_rider(meet)), {"seconds": 3})

    assert client.get(url, headers={"If-None-Match": before}).status_code == 200


def test_marking_an_event_official_changes_the_etag_and_the_flag(client, plank_meet):
    _, event, _, _ = plank_meet
    url = f"/api/v1/events/{event.id}/rankings"
    before = client.get(url)

    event.status = "official"
    db.session.commit()
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})

    assert before.json["official"] is False
    assert after.status_code == 200
    assert after.json["official"] is True


def test_the_304_is_decided_before_anything_is_ranked(client, plank_meet, monkeypatch):
    meet, event, _, _ = plank_meet
    tags = {kind: client.get(_url(kind, meet, event)).headers["ETag"] for kind in ENDPOINTS}

    def refuse(*args, **kwargs):
        raise AssertionError("ranked although the client's copy was current")

    for name in ("event_ranking", "team_standings", "meet_rankings"):
        monkeypatch.setattr(api, name, refuse)
    for module in (events, standings):
        monkeypatch.setattr(module, "placed_by_event", refuse)

    for kind, tag in tags.items():
        assert (
            client.get(_url(kind, meet, event), headers={"If-None-Match": tag}).status_code == 304
        )


def test_screens_asking_for_the_same_version_share_one_build(client, plank_meet, monkeypatch):
    meet, _, _, _ = plank_meet
    builds = []
    real = api.meet_rankings

    def counted(*args, **kwargs):
        builds.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "meet_rankings", counted)
    bodies = [client.get(f"/api/v1/meets/{meet.slug}/board").json for _ in range(3)]

    assert len(builds) == 1
    assert bodies[0] == bodies[1] == bodies[2]


def test_the_first_build_of_a_body_is_shared_by_everyone_asking_at_the_same_time():
    bodies = SharedBodies(size=2)
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.05)
        return b"v1"

    answers = []
    run_at_once(*[lambda: answers.append(bodies.get("/board", "v1", build))] * 8)

    assert len(builds) == 1
    assert answers == [("v1", b"v1")] * 8


def test_while_a_newer_version_is_built_others_get_the_latest_built_at_once():
    bodies = SharedBodies(size=2)
    bodies.get("/board", "v1", lambda: b"one")
    started, release = threading.Event(), threading.Event()

    def slow_build():
        started.set()
        release.wait(5)
        return b"two"

    builder = threading.Thread(target=bodies.get, args=("/board", "v2", slow_build))
    builder.start()
    started.wait(5)
    meanwhile = bodies.get("/board", "v2", lambda: b"built twice")
    release.set()
    builder.join()

    assert meanwhile == ("v1", b"one")
    assert bodies.get("/board", "v2", lambda: b"built twice") == ("v2", b"two")


def test_shared_bodies_keep_only_the_latest_resources():
    bodies = SharedBodies(size=2)
    for path in ("/a", "/b", "/c"):
        bodies.get(path, "v1", lambda: b"old")

    assert bodies.get("/a", "v1", lambda: b"rebuilt") == ("v1", b"rebuilt")
    assert bodies.get("/c", "v1", lambda: b"rebuilt") == ("v1", b"old")


def test_another_language_has_its_own_etag(app, client, plank_meet):
    meet, _, _, _ = plank_meet
    url = f"/api/v1/meets/{meet.slug}/standings"
    # Each request in its own app context, as in a server: the language is chosen per request.
    with app.app_context():
        chinese = client.get(url).headers["ETag"]
    client.set_cookie("meet_lang", "en")

    with app.app_context():
        english = client.get(url, headers={"If-None-Match": chinese})

    assert english.status_code == 200
    assert english.headers["ETag"] != chinese


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/999999/rankings",
        "/api/v1/meets/no-such-meet/standings",
        "/api/v1/meets/no-such-meet/board",
        f"/api/v1/events/{2**31}/rankings",
        "/api/v1/meets/bad%00slug/standings",
    ],
)
def test_unknown_meets_and_events_get_a_json_404(client, app_context, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response.json["error"] == "not_found"


def test_a_draft_meet_is_not_published(client, create_meet, create_event):
    meet = create_meet(status="draft")
    event = create_event(meet)

    assert client.get(f"/api/v1/meets/{meet.slug}/standings").status_code == 404
    assert client.get(f"/api/v1/events/{event.id}/rankings").status_code == 404


def test_the_openapi_document_describes_the_three_paths(client, app_context):
    document = client.get("/api/v1/openapi.json").json

    for path in (
        "/events/{event_id}/rankings",
        "/meets/{slug}/standings",
        "/meets/{slug}/board",
    ):
        responses = document["paths"][path]["get"]["responses"]
        assert {"200", "304", "404"} <= set(responses)
    assert {"RankingRow", "EventRankings", "Standings", "Board"} <= set(
        document["components"]["schemas"]
    )
