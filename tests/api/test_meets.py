"""GET /api/v1/meets/<slug> and GET /api/v1/events/<id>: the shapes of CONTRACT.md, described
by the OpenAPI document, and nothing of a draft meet."""

from __future__ import annotations

from datetime import date, datetime

import jsonschema_rs
import pytest

from meet.api.openapi import openapi_document

PITCH_POT = {"rounds": 1, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}}


def conforms(body: dict, schema_name: str) -> None:
    """Raise unless the body matches the named schema of the OpenAPI document."""
    document = openapi_document()
    schema = {"$ref": f"#/components/schemas/{schema_name}", **document}
    jsonschema_rs.Draft202012Validator(schema).validate(body)


@pytest.fixture
def yuhong(create_meet, create_event):
    meet = create_meet(
        slug="yuhong",
        name="于洪区流动运动会",
        starts_on=date(2026, 6, 6),
        ends_on=date(2026, 6, 6),
        registration_opens_at=datetime(2026, 5, 30, 1, 0),
    )
    plank = create_event(meet, capacity=2, starts_at=datetime(2026, 6, 6, 1, 30), place="A区")
    tug = create_event(
        meet,
        sport="tug_of_war",
        name="拔河",
        kind="team",
        rules={"pulls": 3},
        position=1,
        team_size_min=8,
        team_size_max=10,
    )
    return meet, plank, tug


def test_a_meet_lists_its_events_with_places_taken(client, yuhong, create_rider, create_entry):
    meet, plank, _tug = yuhong
    create_entry(plank, create_rider(meet))
    create_entry(plank, create_rider(meet))
    create_entry(plank, create_rider(meet), status="waitlisted")
    create_entry(plank, create_rider(meet), status="withdrawn")
    response = client.get("/api/v1/meets/yuhong")
    assert response.status_code == 200
    body = response.json
    assert body["slug"] == "yuhong"
    assert body["name"] == "于洪区流动运动会"
    assert (body["starts_on"], body["status"]) == ("2026-06-06", "open")
    assert body["registration_opens_at"] == "2026-05-30T01:00:00Z"
    first, second = body["events"]
    assert {key: first[key] for key in ("id", "sport", "name", "kind", "status")} == {
        "id": plank.id,
        "sport": "plank",
        "name": "平板支撑",
        "kind": "individual",
        "status": "scheduled",
    }
    assert (first["capacity"], first["entered"]) == (2, 2)
    assert first["starts_at"] == "2026-06-06T01:30:00Z"
    assert (second["sport"], second["kind"], second["capacity"], second["entered"]) == (
        "tug_of_war",
        "team",
        None,
        0,
    )
    conforms(body, "Meet")


def test_a_draft_meet_is_not_public(client, create_meet, create_event):
    meet = create_meet(slug="secret", status="draft")
    event = create_event(meet)
    for path in ("/api/v1/meets/secret", f"/api/v1/events/{event.id}"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json["error"] == "not_found"
        assert response.json["message"]
        conforms(response.json, "Error")


def test_unknown_meets_and_events_answer_json_404(client):
    assert client.get("/api/v1/meets/nowhere").json["error"] == "not_found"
    response = client.get("/api/v1/events/999999")
    assert response.status_code == 404
    assert response.content_type == "application/json"


def test_an_event_gives_its_rules_and_entries(client, yuhong, create_rider, create_entry):
    meet, plank, _tug = yuhong
    rider = create_rider(meet, name="王伟", station="美团于洪站")
    entry = create_entry(plank, rider)
    waiting = create_entry(plank, create_rider(meet, station=""), status="waitlisted")
    response = client.get(f"/api/v1/events/{plank.id}")
    assert response.status_code == 200
    body = response.json
    assert (body["id"], body["sport"], body["kind"], body["meet"]) == (
        plank.id,
        "plank",
        "individual",
        "yuhong",
    )
    assert body["rules"] == {"max_seconds": 600}
    assert body["entered"] == 1
    assert body["entries"] == [
        {
            "id": entry.id,
            "bib": rider.bib,
            "name": "王伟",
            "team": "美团于洪站",
            "status": "registered",
        },
        {
            "id": waiting.id,
            "bib": waiting.participant.bib,
            "name": waiting.participant.name,
            "team": None,
            "status": "waitlisted",
        },
    ]
    assert body["matches"] == []
    conforms(body, "Event")


def test_an_event_never_shows_a_riders_phone(client, yuhong, create_rider, create_entry):
    meet, plank, _tug = yuhong
    create_entry(plank, create_rider(meet, phone="13912345678"))
    assert "13912345678" not in client.get(f"/api/v1/events/{plank.id}").text


def test_a_match_sport_gives_its_matches_with_the_latest_score(
    client, yuhong, create_team_entry, create_match, record_result_row
):
    _meet, _plank, tug = yuhong
    red = create_team_entry(tug, "美团队")
    blue = create_team_entry(tug, "饿了么队")
    final = create_match(tug, round=2, stage="final")
    semi = create_match(tug, red, blue, round=1, next_match=final, next_slot="a")
    record_result_row(tug, match=semi, marks={"pulls": ["a", "a"]})
    record_result_row(tug, match=semi, marks={"pulls": ["a", "b", "b"]})  # a correction
    body = client.get(f"/api/v1/events/{tug.id}").json
    assert [entry["name"] for entry in body["entries"]] == ["美团队", "饿了么队"]
    assert body["entries"][0]["bib"] is None
    assert body["entries"][0]["team"] == "美团队"
    first, second = body["matches"]
    assert {key: first[key] for key in ("id", "round", "a", "b", "score", "winner", "status")} == {
        "id": semi.id,
        "round": 1,
        "a": red.id,
        "b": blue.id,
        "score": {"a": 1, "b": 2},
        "winner": "b",
        "status": "finished",
    }
    assert first["version"] == 2
    assert {key: second[key] for key in ("id", "a", "b", "score", "winner", "status")} == {
        "id": final.id,
        "a": None,
        "b": None,
        "score": None,
        "winner": None,
        "status": "scheduled",
    }
    conforms(body, "Event")


def test_a_match_with_a_no_show_has_no_score(
    client, yuhong, create_team_entry, create_match, record_result_row
):
    _meet, _plank, tug = yuhong
    match = create_match(tug, create_team_entry(tug, "甲队"), create_team_entry(tug, "乙队"))
    record_result_row(tug, match=match, status="DNS", winner="a")
    [row] = client.get(f"/api/v1/events/{tug.id}").json["matches"]
    assert (row["score"], row["winner"]) == (None, "a")


def test_the_demo_meet_answers_in_the_documented_shapes(client, demo_meet):
    body = client.get(f"/api/v1/meets/{demo_meet.slug}").json
    conforms(body, "Meet")
    for event in body["events"]:
        conforms(client.get(f"/api/v1/events/{event['id']}").json, "Event")


def test_the_openapi_document_describes_both_paths(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    assert "get" in document["paths"]["/meets/{slug}"]
    assert "get" in document["paths"]["/events/{id}"]
    for name in ("Meet", "EventSummary", "Event", "EventEntry", "Match"):
        assert name in document["components"]["schemas"]


def test_numbers_and_slugs_no_row_can_have_are_simply_not_found(client):
    # PostgreSQL would fail on both (integer out of range, NUL in text) instead of answering.
    assert client.get("/api/v1/events/99999999999999999999").status_code == 404
    assert client.get("/api/v1/meets/%00yuhong").status_code == 404
    assert client.get("/api/v1/meets/" + "a" * 200).status_code == 404
