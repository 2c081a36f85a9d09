"""The meet's lock closes the races of a crowd: two riders after the last place get one place and
one waitlist position, with two bibs; the places a raised capacity frees go to the waitlist, not
to a rider registering meanwhile. The locked part is slowed so that the riders meet inside it
whenever they can, and a control test switches the lock off to show the race is real: the lock
test cannot pass only because the riders happened to take turns (pretix's habit)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from meet import sqlite
from meet.extensions import db
from meet.models import Entry, Event, Participant
from meet.services import events, locking
from meet.services.events import EventDetails, update_event
from meet.services.registration import places
from meet.services.registration.intake import RiderDetails
from meet.services.registration.places import register_rider

# How long whoever is inside the slowed part waits for the other to join them there. With the
# lock the other never can, so the wait runs out; without it they are both inside at once.
WINDOW_SECONDS = 2.0


class Window:
    """Holds each caller until `expected` callers have arrived or the wait runs out, and counts
    the most that were inside at the same time."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.arrived = 0
        self.inside = 0
        self.most_inside = 0
        self.everyone = threading.Event()
        self.guard = threading.Lock()

    def hold(self) -> None:
        with self.guard:
            self.arrived += 1
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            if self.arrived >= self.expected:
                self.everyone.set()
        self.everyone.wait(WINDOW_SECONDS)
        with self.guard:
            self.inside -= 1


def _register(app, meet_id: int, event_id: int, number: int, start=None) -> str:
    """A rider registers through their own app context and connection as a request does: the
    reads before the lock in a deferred transaction (see reads_until_the_lock). Returns the
    status they got, or the name of the error the database answered with."""
    with app.app_context():
        mode = sqlite.set_read_only(True)
        try:
            meet = db.session.get(Event, event_id).meet
            details = RiderDetails(
                name="骑手" + chr(0x4E00 + number),
                phone=f"1370000{number:04d}",
                platform="meituan",
                station="于洪站",
                event_ids=[event_id],
                consent=True,
            )
            if start is not None:
                start()
            return register_rider(meet, details).entries[0].status
        except Exception as error:  # the outcome under test
            return type(error).__name__
        finally:
            db.session.remove()
            sqlite.reset_mode(mode)


def _race_for_the_last_place(app, monkeypatch, create_meet, create_event):
    """Two riders register at once for an event with one place left. Returns what each got,
    what each decided inside the locked part (the bib it would take, registered or waitlisted)
    and the window it was held in."""
    meet = create_meet()
    event = create_event(meet, capacity=1)
    meet_id, event_id = meet.id, event.id
    db.session.rollback()  # nothing of this thread may hold the database while they race
    window = Window(expected=2)
    decided: list[tuple[int, str]] = []
    place = places._place

    def slowed_place(meet, event, choice, join_codes):
        # Between the capacity check and the first write: where a second rider could slip in.
        decision = place(meet, event, choice, join_codes)
        decided.append((meet.next_bib, decision.status))
        window.hold()
        return decision

    monkeypatch.setattr(places, "_place", slowed_place)
    start = threading.Barrier(2)
    outcomes: list[str] = []
    threads = [
        threading.Thread(
            target=lambda n=number: outcomes.append(
                _register(app, meet_id, event_id, n, start.wait)
            )
        )
        for number in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes), sorted(decided), window


def test_two_riders_racing_for_the_last_place_get_one_place_and_one_waitlist_position(
    app, monkeypatch, create_meet, create_event
):
    outcomes, decided, window = _race_for_the_last_place(
        app, monkeypatch, create_meet, create_event
    )
    assert window.most_inside == 1  # the second rider waited for the lock, outside
    assert decided == [(1, "registered"), (2, "waitlisted")]
    assert outcomes == ["registered", "waitlisted"]
    bibs = db.session.scalars(select(Participant.bib).order_by(Participant.bib)).all()
    assert bibs == [1, 2]
    registered = select(Entry.id).where(Entry.status == "registered")
    assert len(db.session.scalars(registered).all()) == 1


def test_the_race_for_the_last_place_happens_if_we_disable_the_lock(
    app, monkeypatch, create_meet, create_event
):
    """The control: without the lock both riders decide they have the last place and bib 1.
    The database then refuses the second one's rows (the UNIQUE bib on PostgreSQL; on SQLite
    its write lock, which a transaction that read before another's commit cannot take), but
    the race was run: the lock test above passes because the lock closes it."""
    monkeypatch.setattr(locking, "LOCK_MEETS", False)
    outcomes, decided, window = _race_for_the_last_place(
        app, monkeypatch, create_meet, create_event
    )
    assert window.most_inside == 2
    assert decided == [(1, "registered"), (1, "registered")]
    refused = "IntegrityError" if db.engine.dialect.name == "postgresql" else "OperationalError"
    assert outcomes == sorted([refused, "registered"])


def test_places_from_a_raised_capacity_go_to_the_waitlist_before_a_new_rider(
    app, monkeypatch, create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    make_registration(meet, [event])
    waiting = make_registration(meet, [event])
    assert waiting.entries[0].status == "waitlisted"
    meet_id, event_id, waiting_id = meet.id, event.id, waiting.participant.id
    db.session.rollback()
    raised, registered = threading.Event(), threading.Event()
    promote = events.promote_from_waitlist

    def slowed_promotion(event, **who):
        # The capacity is raised and the waitlist not moved yet: a rider registering now must
        # not get in between.
        raised.set()
        registered.wait(WINDOW_SECONDS)
        return promote(event, **who)

    monkeypatch.setattr(events, "promote_from_waitlist", slowed_promotion)

    def raise_capacity() -> None:
        with app.app_context():
            edited = db.session.get(Event, event_id)
            details = EventDetails(
                sport=edited.sport, name=edited.name, rules=edited.rules, capacity=2
            )
            update_event(edited, details, actor="organizer:test")
            db.session.remove()

    outcome: list[str] = []

    def register_meanwhile() -> None:
        raised.wait(WINDOW_SECONDS)
        try:
            outcome.append(_register(app, meet_id, event_id, 3))
        finally:
            registered.set()

    threads = [threading.Thread(target=raise_capacity), threading.Thread(target=register_meanwhile)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert raised.is_set()
    assert outcome == ["waitlisted"]
    statuses = dict(db.session.execute(select(Entry.participant_id, Entry.status)).all())
    assert statuses[waiting_id] == "registered"
    assert sorted(statuses.values()) == ["registered", "registered", "waitlisted"]


def test_a_capacity_lowered_after_the_event_was_loaded_counts_under_the_lock(
    app, create_meet, create_event, make_registration
):
    """The registration loads the event before it queues for the lock; a capacity the organizer
    lowered meanwhile is read again under the lock, so the event is never over its places."""
    meet = create_meet(status="open")
    event = create_event(meet, capacity=3)
    make_registration(meet, [event])
    assert event.capacity == 3  # loaded by this session, and kept there
    with db.engine.begin() as organizer:  # another process lowers the places to those taken
        organizer.execute(Event.__table__.update().where(Event.id == event.id).values(capacity=1))
    assert make_registration(meet, [event]).entries[0].status == "waitlisted"
    registered = select(Entry.id).where(Entry.event_id == event.id, Entry.status == "registered")
    assert len(db.session.scalars(registered).all()) == 1
