"""The database itself refuses duplicates, whatever a buggy service might try."""

import pytest
from sqlalchemy.exc import IntegrityError

from meet.extensions import db
from meet.models import Entry, Result


def _refused(add) -> None:
    with pytest.raises(IntegrityError):
        add()
        db.session.commit()
    db.session.rollback()


def test_two_riders_cannot_share_a_bib_in_one_meet(create_meet, create_rider):
    meet = create_meet()
    create_rider(meet, bib=7)
    _refused(lambda: create_rider(meet, bib=7, phone="13900000000"))


def test_the_same_bib_is_fine_in_another_meet(create_meet, create_rider):
    create_rider(create_meet(), bib=7)
    assert create_rider(create_meet(), bib=7).bib == 7


def test_two_riders_cannot_share_a_phone_in_one_meet(create_meet, create_rider):
    meet = create_meet()
    create_rider(meet, phone="13800138000")
    _refused(lambda: create_rider(meet, phone="13800138000"))


def test_a_rider_enters_an_event_once(create_meet, create_event, create_rider):
    meet = create_meet()
    event = create_event(meet)
    rider = create_rider(meet)
    db.session.add(Entry(event_id=event.id, participant_id=rider.id))
    db.session.commit()
    _refused(lambda: db.session.add(Entry(event_id=event.id, participant_id=rider.id)))


def test_an_entry_is_a_rider_or_a_team_never_neither(create_meet, create_event):
    event = create_event(create_meet())
    _refused(lambda: db.session.add(Entry(event_id=event.id)))


def test_a_result_version_is_recorded_once_per_entry(create_meet, create_event, create_rider):
    meet = create_meet()
    event = create_event(meet)
    entry = Entry(event_id=event.id, participant_id=create_rider(meet).id)
    db.session.add(entry)
    db.session.commit()
    first = {"event_id": event.id, "entry_id": entry.id, "version": 1, "marks": {"seconds": 60}}
    db.session.add(Result(**first))
    db.session.commit()
    _refused(lambda: db.session.add(Result(**{**first, "marks": {"seconds": 61}})))


def test_unknown_statuses_are_refused(create_meet, create_event):
    meet = create_meet()
    _refused(lambda: create_event(meet, status="maybe"))


def test_deleting_a_meet_removes_its_riders_and_events(create_meet, create_event, create_rider):
    from meet.models import Event, Participant

    meet = create_meet()
    create_event(meet)
    create_rider(meet)
    db.session.delete(meet)
    db.session.commit()
    assert db.session.query(Participant).count() == 0
    assert db.session.query(Event).count() == 0
