"""POST /api/v1/results: scope, idempotency, versions and the rules of each sport."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Meet, Result
from meet.services.referees import revoke_referee_access
from tests.fixtures.concurrency import run_at_once

PITCH_POT = {"rounds": 1, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}}


@pytest.fixture
def pitch_pot(create_meet, create_event, create_rider, create_entry, create_referee_access):
    """A pitch-pot event with one entry and a referee access for it."""
    meet = create_meet()
    event = create_event(meet, sport="pitch_pot", name="投壶", rules=PITCH_POT)
    entry = create_entry(event, create_rider(meet))
    _access, token, _pin = create_referee_access(meet, [event])
    return event, entry, token


def post(client, token, body, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post("/api/v1/results", json=body, headers=headers)


def arrows(*outcomes):
    return {"arrows": list(outcomes)}


def result_count(**where) -> int:
    query = select(func.count()).select_from(Result).filter_by(**where)
    db.session.rollback()
    return db.session.scalar(query)


def test_a_first_result_is_recorded_as_version_one(client, pitch_pot):
    event, entry, token = pitch_pot
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "ear", "miss", "pot")}
    response = post(client, token, body, key=str(uuid.uuid4()))
    assert response.status_code == 201
    assert response.json["version"] == 1
    assert response.json["value"] == 5
    assert response.json["display"] == "5分"
    assert response.json["official"] is False


def test_the_same_idempotency_key_twice_records_once_and_answers_the_same(client, pitch_pot):
    event, entry, token = pitch_pot
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    key = str(uuid.uuid4())
    first = post(client, token, body, key)
    again = post(client, token, dict(reversed(list(body.items()))), key)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert result_count(entry_id=entry.id) == 1


def test_the_same_key_with_a_different_body_is_refused(client, pitch_pot):
    event, entry, token = pitch_pot
    key = str(uuid.uuid4())
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    post(client, token, body, key)
    changed = {**body, "marks": arrows("miss", "miss", "miss", "miss")}
    response = post(client, token, changed, key)
    assert response.status_code == 422
    assert response.json["error"] == "idempotency_key_reused"
    assert result_count(entry_id=entry.id) == 1


def test_a_key_sent_at_once_from_several_threads_records_once(app, client, pitch_pot):
    event, entry, token = pitch_pot
    body = {"event": event.id, "entry": entry.id, "marks": arrows("ear", "ear", "ear", "ear")}
    key = str(uuid.uuid4())
    db.session.rollback()
    answers = []

    def send():
        with app.test_client() as own:
            answers.append(post(own, token, body, key))

    run_at_once(*[send] * 6)
    assert [answer.status_code for answer in answers] == [201] * 6
    assert len({answer.json["id"] for answer in answers}) == 1
    assert result_count(entry_id=entry.id) == 1


def test_a_stale_version_is_refused_with_the_current_result(client, pitch_pot):
    event, entry, token = pitch_pot
    first = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    post(client, token, first, str(uuid.uuid4()))
    stale = {**first, "marks": arrows("miss", "pot", "pot", "pot"), "reason": "recount"}
    response = post(client, token, stale, str(uuid.uuid4()))
    assert response.status_code == 409
    assert response.json["error"] == "version_conflict"
    assert response.json["version"] == 1
    assert response.json["current"]["display"] == "8分"
    assert result_count(entry_id=entry.id) == 1


def test_a_correction_names_the_current_version_and_a_reason(client, pitch_pot):
    event, entry, token = pitch_pot
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    post(client, token, body, str(uuid.uuid4()))
    fixed = {**body, "marks": arrows("miss", "pot", "pot", "pot"), "version": 1}
    no_reason = post(client, token, fixed, str(uuid.uuid4()))
    assert no_reason.status_code == 422
    assert no_reason.json["error"] == "reason_required"
    corrected = post(client, token, {**fixed, "reason": "第一箭落地"}, str(uuid.uuid4()))
    assert corrected.status_code == 201
    assert corrected.json["version"] == 2
    assert corrected.json["value"] == 6
    assert result_count(entry_id=entry.id) == 2


def test_every_result_change_moves_the_meet_results_version(client, pitch_pot):
    event, entry, token = pitch_pot
    before = db.session.get(Meet, event.meet_id).results_version
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    post(client, token, body, str(uuid.uuid4()))
    db.session.rollback()
    assert db.session.get(Meet, event.meet_id).results_version == before + 1


def test_a_token_for_another_event_is_forbidden(
    client, pitch_pot, create_event, create_referee_access
):
    event, entry, _token = pitch_pot
    other_event = create_event(event.meet, sport="plank", name="平板支撑")
    _access, other_token, _pin = create_referee_access(event.meet, [other_event])
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    response = post(client, other_token, body, str(uuid.uuid4()))
    assert response.status_code == 403
    assert response.json["error"] == "not_allowed"
    assert result_count(entry_id=entry.id) == 0


def test_a_token_of_another_meet_is_forbidden(
    client, pitch_pot, create_meet, create_referee_access
):
    event, entry, _token = pitch_pot
    _access, foreign_token, _pin = create_referee_access(create_meet())
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    assert post(client, foreign_token, body).status_code == 403


def test_a_revoked_token_is_unauthorized(client, pitch_pot, create_referee_access):
    event, entry, _token = pitch_pot
    access, token, _pin = create_referee_access(event.meet, [event])
    revoke_referee_access(access, actor="test")
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    response = post(client, token, body)
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


def test_an_unknown_or_missing_token_is_unauthorized(client, pitch_pot):
    event, entry, _token = pitch_pot
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    assert post(client, "not-a-token", body).status_code == 401
    assert client.post("/api/v1/results", json=body).status_code == 401


def test_an_official_event_refuses_referee_changes(client, pitch_pot):
    event, entry, token = pitch_pot
    event.status = "official"
    db.session.commit()
    body = {"event": event.id, "entry": entry.id, "marks": arrows("pot", "pot", "pot", "pot")}
    response = post(client, token, body)
    assert response.status_code == 403
    assert response.json["error"] == "official"


@pytest.mark.parametrize(
    ("sport", "rules", "marks", "code"),
    [
        ("plank", {"max_seconds": 600}, {"seconds": -3}, "negative"),
        ("plank", {"max_seconds": 600}, {"seconds": 4000}, "over_maximum"),
        ("plank", {"max_seconds": 600}, {"seconds": "1:20"}, "not_a_number"),
        ("pitch_pot", PITCH_POT, arrows("pot", "pot", "pot", "pot", "pot"), "wrong_arrow_count"),
        ("pitch_pot", PITCH_POT, arrows("pot", "pot", "pot", "hole"), "unknown_outcome"),
        ("bowling", {"frames": 2}, {"rolls": [7, 5, 1, 1]}, "frame_over_ten"),
        ("bowling", {"frames": 2}, {"rolls": [11, 1, 1]}, "bad_roll"),
        ("bowling", {"frames": 2}, {"rolls": [1, 1, 1, 1, 1]}, "extra_rolls"),
        ("bowling", {"frames": 2}, {"rolls": [1, 1]}, "incomplete_game"),
        ("custom", {"attempts": 2}, {"attempts": [1, 2, 3]}, "wrong_attempt_count"),
        ("custom", {"attempts": 2, "measure": "count"}, {"attempts": [1.5]}, "not_whole"),
    ],
)
def test_marks_outside_the_rules_are_refused_with_the_reason(
    client,
    create_meet,
    create_event,
    create_rider,
    create_entry,
    create_referee_access,
    sport,
    rules,
    marks,
    code,
):
    meet = create_meet()
    event = create_event(meet, sport=sport, name=sport, rules=rules)
    entry = create_entry(event, create_rider(meet))
    _access, token, _pin = create_referee_access(meet, [event])
    response = post(client, token, {"event": event.id, "entry": entry.id, "marks": marks})
    assert response.status_code == 422
    assert response.json["error"] == code
    assert response.json["message"]
    assert response.json["fields"]["marks"] == response.json["message"]
    assert result_count(entry_id=entry.id) == 0


@pytest.fixture
def tug_of_war(create_meet, create_event, create_team_entry, create_match, create_referee_access):
    meet = create_meet()
    event = create_event(meet, sport="tug_of_war", name="拔河", kind="team", rules={"pulls": 3})
    red, blue = create_team_entry(event, "红队"), create_team_entry(event, "蓝队")
    match = create_match(event, red, blue)
    _access, token, _pin = create_referee_access(meet, [event])
    return event, match, token


def test_a_pull_after_the_match_was_won_is_refused(client, tug_of_war):
    event, match, token = tug_of_war
    body = {"event": event.id, "match": match.id, "marks": {"pulls": ["a", "a", "b"]}}
    response = post(client, token, body)
    assert response.status_code == 422
    assert response.json["error"] == "pull_after_win"


def test_a_pull_for_a_finished_match_is_refused(client, tug_of_war):
    event, match, token = tug_of_war
    won = post(
        client, token, {"event": event.id, "match": match.id, "marks": {"pulls": ["a", "a"]}}
    )
    assert won.status_code == 201
    assert won.json["winner"] == "a"
    more = {"event": event.id, "match": match.id, "marks": {"pulls": ["a", "b", "b"]}, "version": 1}
    response = post(client, token, more)
    assert response.status_code == 422
    assert response.json["error"] == "match_finished"
    assert result_count(match_id=match.id) == 1


def test_a_match_without_a_majority_is_refused(client, tug_of_war):
    event, match, token = tug_of_war
    body = {"event": event.id, "match": match.id, "marks": {"pulls": ["a"]}}
    assert post(client, token, body).json["error"] == "no_winner"


def test_a_walkover_makes_the_other_side_win(client, tug_of_war):
    event, match, token = tug_of_war
    body = {"event": event.id, "match": match.id, "status": "DNS", "marks": {"side": "b"}}
    response = post(client, token, body)
    assert response.status_code == 201
    assert response.json["winner"] == "a"


def test_a_body_that_is_not_a_result_gets_field_errors(client, pitch_pot):
    _event, _entry, token = pitch_pot
    response = post(client, token, {"event": "x", "version": -1})
    assert response.status_code == 422
    assert set(response.json["fields"]) >= {"event", "entry", "version", "marks"}
