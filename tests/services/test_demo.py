from datetime import timedelta

from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant, Result, Team, TeamMember, utcnow
from meet.services import demo, meet_queries


def _snapshot() -> dict:
    def rows(model, *columns):
        found = [tuple(getattr(r, c) for c in columns) for r in db.session.scalars(select(model))]
        return sorted(found, key=repr)

    return {
        "meets": rows(Meet, "slug", "name", "next_bib", "results_version"),
        "events": rows(Event, "name", "sport", "capacity"),
        "riders": rows(Participant, "bib", "name", "phone", "station", "platform"),
        "entries": rows(Entry, "event_id", "participant_id", "team_id", "status"),
        "teams": rows(Team, "name", "station"),
        "members": rows(TeamMember, "team_id", "participant_id"),
        "results": rows(Result, "entry_id", "match_id", "version", "value"),
    }


def test_loading_the_demo_twice_leaves_the_same_data(app_context):
    meet, created = demo.load_demo_meet()
    assert created
    before = _snapshot()
    again, created_again = demo.load_demo_meet()
    assert not created_again
    assert again.id == meet.id
    assert _snapshot() == before


def test_the_demo_meet_is_alive_and_open_for_registration(app_context):
    meet, _ = demo.load_demo_meet()
    assert meet.status == "open"
    assert {event.sport for event in meet.events} == {
        "frisbee_football",
        "plank",
        "tug_of_war",
        "pitch_pot",
        "bowling",
    }
    assert 50 <= len(meet.participants) <= 70
    assert len({rider.station for rider in meet.participants}) >= 4
    assert len({rider.platform for rider in meet.participants}) >= 4
    assert db.session.query(Team).count() >= 4
    assert db.session.query(Result).count() >= 10
    now = utcnow()
    assert meet.registration_opens_at <= now <= meet.registration_closes_at
    assert meet.registration_closes_at - now < timedelta(days=2)
    entered = meet_queries.entered_counts(meet)
    assert all(event.capacity > entered.get(event.id, 0) for event in meet.events)


def test_demo_bibs_run_from_one_without_gaps(app_context):
    meet, _ = demo.load_demo_meet()
    bibs = sorted(rider.bib for rider in meet.participants)
    assert bibs == list(range(1, len(bibs) + 1))
    assert meet.next_bib == len(bibs) + 1


def test_demo_results_agree_with_the_scoring_rules(app_context):
    from meet.sports.registry import get_sport

    demo.load_demo_meet()
    for result in db.session.scalars(select(Result).where(Result.entry_id.is_not(None))):
        event = db.session.get(Event, result.event_id)
        sport = get_sport(event.sport)
        assert result.value == sport.value(
            sport.validate_marks(result.marks, event.rules), event.rules
        )
