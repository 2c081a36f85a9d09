"""Capacity and the waitlist: past capacity riders wait in order, and a withdrawal or a raised
capacity moves the first of them up."""

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog
from meet.services.events import EventDetails, update_event
from meet.services.registration.queries import rider_entries
from meet.services.registration.waitlist import (
    WithdrawalError,
    withdraw_entry,
    withdraw_from_event,
)


def test_past_capacity_riders_go_on_the_waitlist_with_their_position(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=2)
    results = [make_registration(meet, [event]).entries[0] for _ in range(4)]
    assert [(item.status, item.position) for item in results] == [
        ("registered", None),
        ("registered", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_an_event_without_capacity_never_waitlists(create_meet, create_event, make_registration):
    meet = create_meet()
    event = create_event(meet, capacity=None)
    assert {make_registration(meet, [event]).entries[0].status for _ in range(5)} == {"registered"}


def test_a_rider_withdrawing_promotes_the_first_on_the_waitlist(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first, second, third = (make_registration(meet, [event]) for _ in range(3))
    withdraw_from_event(first.participant, first.entries[0].entry.id)
    statuses = [rider_entries(done.participant)[0].status for done in (first, second, third)]
    assert statuses == ["withdrawn", "registered", "waitlisted"]
    assert rider_entries(third.participant)[0].position == 1


def test_a_waitlisted_rider_withdrawing_promotes_nobody(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first, second, third = (make_registration(meet, [event]) for _ in range(3))
    withdraw_from_event(second.participant, second.entries[0].entry.id)
    assert rider_entries(first.participant)[0].status == "registered"
    assert rider_entries(third.participant)[0].position == 1
    assert rider_entries(third.participant)[0].status == "waitlisted"


def test_the_organizer_withdrawing_an_entry_promotes_the_waitlist(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first, second = (make_registration(meet, [event]) for _ in range(2))
    withdraw_entry(first.entries[0].entry, actor="organizer:test")
    assert rider_entries(second.participant)[0].status == "registered"
    with pytest.raises(WithdrawalError):
        withdraw_entry(first.entries[0].entry, actor="organizer:test")


def test_a_rider_cannot_withdraw_someone_elses_entry(create_meet, create_event, make_registration):
    meet = create_meet()
    event = create_event(meet)
    mine, theirs = make_registration(meet, [event]), make_registration(meet, [event])
    with pytest.raises(WithdrawalError):
        withdraw_from_event(mine.participant, theirs.entries[0].entry.id)
    assert rider_entries(theirs.participant)[0].status == "registered"


def test_raising_the_capacity_fills_places_from_the_waitlist(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    riders = [make_registration(meet, [event]) for _ in range(4)]
    details = EventDetails(sport="plank", name=event.name, rules=event.rules, capacity=3)
    update_event(event, details, actor="organizer:test")
    statuses = [rider_entries(done.participant)[0].status for done in riders]
    assert statuses == ["registered", "registered", "registered", "waitlisted"]
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "event.waitlist_promoted"))
    assert len(log.after["entries"]) == 2


def test_a_withdrawal_changes_the_rankings_tag_so_screens_see_it(
    client, create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first, _second = (make_registration(meet, [event]) for _ in range(2))
    url = f"/api/v1/events/{event.id}/rankings"
    before = client.get(url).headers["ETag"]
    withdraw_from_event(first.participant, first.entries[0].entry.id)
    after = client.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["ETag"] != before
