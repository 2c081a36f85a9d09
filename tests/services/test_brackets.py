"""A knockout stored in the database is the bracket model: a draw made by meet/scoring/brackets.py,
played through the results service, fills its matches and places its teams as the model does."""

from __future__ import annotations

import pytest

from meet.extensions import db
from meet.models import Match
from meet.scoring import brackets
from meet.services.rankings.events import event_ranking
from meet.services.results.recording import VersionConflict, record_result

SIDE_A_WINS = {"pulls": ["a", "a"]}


# Messages and values are shown in the reader's language (Chinese by default).
pytestmark = pytest.mark.usefixtures("request_context")


def stored_draw(event, draw: list[brackets.Match]) -> dict[object, Match]:
    """The draw's matches as rows of the event, wired winner to next match as the model says."""
    last_round = max(m.round for m in draw)
    rows = {
        m.id: Match(
            event_id=event.id,
            stage="final" if m.round == last_round else "knockout",
            round=m.round,
            position=position,
            side_a_id=m.a,
            side_b_id=m.b,
        )
        for position, m in enumerate(draw)
    }
    db.session.add_all(rows.values())
    db.session.flush()
    for m in draw:
        if m.winner_to is not None:
            rows[m.id].next_match_id = rows[m.winner_to.match].id
            rows[m.id].next_slot = m.winner_to.side
    db.session.commit()
    return rows


@pytest.fixture
def knockout_of(create_meet, create_event, create_team_entry):
    def make(count: int):
        event = create_event(create_meet(), sport="tug_of_war", name="拔河", kind="team", rules={})
        teams = [create_team_entry(event, f"队{n}") for n in range(1, count + 1)]
        draw = brackets.single_elimination([team.id for team in teams])
        return event, draw, stored_draw(event, draw)

    return make


def test_a_knockout_played_through_the_service_fills_and_places_as_the_model_does(knockout_of):
    event, draw, rows = knockout_of(6)

    for match in sorted(draw, key=lambda m: m.round):
        row = db.session.get(Match, rows[match.id].id)
        assert (row.side_a_id, row.side_b_id) == (match.a, match.b)
        record_result(event, match=row, marks=SIDE_A_WINS, version=0)
        brackets.record_winner(draw, match.id, match.a)

    ranked = {row.entry_id: row.rank for row in event_ranking(event)}
    assert ranked == brackets.bracket_places(draw)
    assert sorted(ranked.values()) == [1, 2, 3, 3, 5, 5]


def test_a_corrected_winner_who_played_on_is_refused_naming_every_match_in_the_way(
    knockout_of,
):
    event, draw, rows = knockout_of(8)
    for match in sorted(draw, key=lambda m: m.round):
        record_result(event, match=rows[match.id], marks=SIDE_A_WINS, version=0)
    first, semi_final, final = rows["R1-1"], rows["R2-1"], rows["R3-1"]

    with pytest.raises(VersionConflict) as refused:
        record_result(event, match=first, marks={"pulls": ["b", "b"]}, version=1, reason="记错了队")

    assert refused.value.code == "played_on"
    assert refused.value.extra["blocking"] == [semi_final.id, final.id]
    assert db.session.get(Match, semi_final.id).side_a_id == first.side_a_id
