"""The results service: versions, corrections, knockouts sent on, official events, history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog, Match
from meet.services.results.history import result_history
from meet.services.results.official import mark_official, reopen_results
from meet.services.results.recording import (
    InvalidResult,
    ResultForbidden,
    VersionConflict,
    record_result,
)
from meet.services.results.sheets import current_results, scoring_sheet

# Messages and values are shown in the reader's language (Chinese by default).
pytestmark = pytest.mark.usefixtures("request_context")


@pytest.fixture
def plank(create_meet, create_event, create_rider, create_entry):
    meet = create_meet()
    event = create_event(meet, sport="plank", rules={"max_seconds": 600})
    return event, create_entry(event, create_rider(meet)), create_entry(event, create_rider(meet))


def test_corrections_add_versions_and_current_results_show_the_latest(plank):
    event, first, second = plank
    record_result(event, entry=first, marks={"seconds": 80}, version=0)
    record_result(event, entry=first, marks={"seconds": 95.47}, version=1, reason="误按")
    record_result(event, entry=second, status="DNS", marks={}, version=0)
    current = current_results(event)
    assert current[first.id].version == 2
    assert current[first.id].value == 95.4  # tenths, cut not rounded
    assert current[second.id].status == "DNS"
    assert current[second.id].value is None
    history = result_history(event, entry=first)
    assert [line.result.version for line in history] == [2, 1]
    assert history[0].result.reason == "误按"


def test_a_first_result_sets_a_scheduled_event_running(plank):
    event, first, _second = plank
    assert event.status == "scheduled"
    record_result(event, entry=first, marks={"seconds": 80}, version=0)
    assert event.status == "running"


def test_a_waitlisted_entry_cannot_get_a_result(plank, create_rider, create_entry):
    event, _first, _second = plank
    waiting = create_entry(event, create_rider(event.meet), status="waitlisted")
    with pytest.raises(InvalidResult) as refused:
        record_result(event, entry=waiting, marks={"seconds": 80}, version=0)
    assert refused.value.code == "not_registered"


def test_only_the_organizer_changes_an_official_result_and_with_a_reason(plank, create_organizer):
    organizer = create_organizer()
    event, first, _second = plank
    record_result(event, entry=first, marks={"seconds": 80}, version=0)
    mark_official(event, organizer)
    with pytest.raises(ResultForbidden):
        record_result(event, entry=first, marks={"seconds": 90}, version=1, reason="x")
    with pytest.raises(InvalidResult) as no_reason:
        record_result(event, entry=first, marks={"seconds": 90}, version=1, user=organizer)
    assert no_reason.value.code == "reason_required"
    fixed = record_result(
        event, entry=first, marks={"seconds": 90}, version=1, reason="录像复核", user=organizer
    )
    assert fixed.user_id == organizer.id
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions[-2:] == ["event.marked_official", "result.recorded"]
    lines = result_history(event, entry=first)
    assert "organizer" in lines[0].by


def test_reopening_an_official_event_lets_referees_correct_again(plank, create_organizer):
    organizer = create_organizer()
    event, first, _second = plank
    mark_official(event, organizer)
    reopen_results(event, organizer)
    assert event.status == "finished"
    assert record_result(event, entry=first, marks={"seconds": 1}, version=0).version == 1


@pytest.fixture
def knockout(create_meet, create_event, create_team_entry, create_match):
    """Two semi-finals feeding a final: a (red v blue) winner to the final's side a, b (green v
    gold) winner to side b."""
    meet = create_meet()
    event = create_event(meet, sport="tug_of_war", name="拔河", kind="team", rules={"pulls": 3})
    teams = [create_team_entry(event, name) for name in ("红队", "蓝队", "绿队", "金队")]
    final = create_match(event, stage="final", round=2)
    semi_a = create_match(
        event, teams[0], teams[1], next_match=final, next_slot="a", stage="knockout"
    )
    semi_b = create_match(
        event, teams[2], teams[3], next_match=final, next_slot="b", stage="knockout"
    )
    return event, teams, semi_a, semi_b, final


def test_a_knockout_winner_goes_on_to_the_next_match(knockout):
    event, teams, semi_a, semi_b, final = knockout
    record_result(event, match=semi_a, marks={"pulls": ["b", "b"]}, version=0)
    record_result(event, match=semi_b, marks={"pulls": ["a", "b", "a"]}, version=0)
    final = db.session.get(Match, final.id)
    assert (final.side_a_id, final.side_b_id) == (teams[1].id, teams[2].id)
    assert semi_a.winner == "b"
    assert semi_a.status == "finished"


def test_correcting_a_winner_before_the_next_match_moves_the_right_team_on(knockout):
    event, teams, semi_a, _semi_b, final = knockout
    record_result(event, match=semi_a, marks={"pulls": ["b", "b"]}, version=0)
    record_result(event, match=semi_a, marks={"pulls": ["a", "a"]}, version=1, reason="记错了队")
    assert db.session.get(Match, final.id).side_a_id == teams[0].id


def test_correcting_a_winner_who_already_played_on_is_refused(knockout):
    event, teams, semi_a, semi_b, final = knockout
    record_result(event, match=semi_a, marks={"pulls": ["b", "b"]}, version=0)
    record_result(event, match=semi_b, marks={"pulls": ["a", "a"]}, version=0)
    record_result(event, match=final, marks={"pulls": ["a", "a"]}, version=0)
    with pytest.raises(VersionConflict) as refused:
        record_result(
            event, match=semi_a, marks={"pulls": ["a", "a"]}, version=1, reason="记错了队"
        )
    assert refused.value.code == "played_on"
    assert db.session.get(Match, final.id).side_a_id == teams[1].id
    # A fixed score that keeps the winner is still allowed.
    kept = record_result(
        event, match=semi_a, marks={"pulls": ["a", "b", "b"]}, version=1, reason="三拉"
    )
    assert kept.version == 2


def test_a_knockout_frisbee_draw_needs_a_decider(
    create_meet, create_event, create_team_entry, create_match
):
    meet = create_meet()
    event = create_event(meet, sport="frisbee_football", name="飞盘", kind="team", rules={})
    match = create_match(
        event, create_team_entry(event, "甲"), create_team_entry(event, "乙"), stage="final"
    )
    with pytest.raises(InvalidResult) as refused:
        record_result(event, match=match, marks={"goals": [2, 2]}, version=0)
    assert refused.value.code == "draw_in_knockout"
    decided = record_result(event, match=match, marks={"goals": [2, 2], "decider": "b"}, version=0)
    assert decided.match.winner == "b"


def test_the_sheet_lists_entries_with_check_in_and_results(plank):
    event, first, second = plank
    first.participant.checked_in_at = first.created_at
    db.session.commit()
    record_result(event, entry=second, marks={"seconds": 61.25}, version=0)
    rows = scoring_sheet(event)
    assert [row.id for row in rows] == [first.id, second.id]
    assert rows[0].all_checked_in and not rows[1].all_checked_in
    assert rows[1].display == "1分01.2秒"
    assert rows[1].version == 1
