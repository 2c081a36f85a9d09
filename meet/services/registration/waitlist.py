"""Withdrawals and the waitlist: a rider leaves an event (or the desk withdraws an entry) and the
freed place goes to whoever has waited longest; the same happens when an event gets more places.
Every change here holds the meet's lock, the one registration takes its places under."""

from __future__ import annotations

from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant, TeamMember
from meet.services.audit import record_audit
from meet.services.locking import locked_meet
from meet.services.registration.places import registered_count
from meet.services.results.recording import bump_results_version


class WithdrawalError(ValueError):
    pass


def withdraw_from_event(rider: Participant, entry_id: int, *, actor: str = "rider") -> None:
    """The rider leaves one of their events: their own entry is withdrawn; from a team event they
    leave the team (the last one out withdraws the team). A freed place goes to the waitlist."""
    with locked_meet(rider.meet_id):
        entry = db.session.get(Entry, entry_id, populate_existing=True)
        member = None
        if entry is not None and entry.team_id is not None:
            member = db.session.scalar(
                select(TeamMember).where(
                    TeamMember.team_id == entry.team_id,
                    TeamMember.participant_id == rider.id,
                )
            )
        if entry is None or entry.status == "withdrawn":
            raise WithdrawalError("not_entered")
        if entry.participant_id == rider.id:
            _withdraw(entry)
        elif member is not None:
            _leave_team(entry, member)
        else:
            raise WithdrawalError("not_entered")
        record_audit(
            "entry.withdrawn",
            entry,
            actor=actor,
            meet_id=rider.meet_id,
            after={"participant": rider.id, "event": entry.event_id},
        )


def withdraw_entry(entry: Entry, *, actor: str, user_id: int | None = None) -> None:
    """The organizer withdraws an entry (a rider, or a whole team); the waitlist moves up."""
    with locked_meet(entry.event.meet_id):
        db.session.refresh(entry)
        if entry.status == "withdrawn":
            raise WithdrawalError("not_entered")
        before = entry.status
        _withdraw(entry)
        record_audit(
            "entry.withdrawn",
            entry,
            actor=actor,
            user_id=user_id,
            meet_id=entry.event.meet_id,
            before={"status": before},
            after={"status": "withdrawn"},
        )


def promote_from_waitlist(event: Event, *, actor: str, user_id: int | None = None) -> int:
    """Fill the event's free places from its waitlist, oldest first, and say how many moved up.
    For a capacity raised inside locked_meet: in the same transaction, so no rider registering
    meanwhile can take a place ahead of those waiting for it."""
    promoted = _fill_from_waitlist(event)
    if promoted:
        record_audit(
            "event.waitlist_promoted",
            event,
            actor=actor,
            user_id=user_id,
            meet_id=event.meet_id,
            after={"entries": [entry.id for entry in promoted]},
        )
        bump_results_version(event.meet_id)
    return len(promoted)


def waitlist_counts(meet: Meet) -> dict[int, int]:
    """Waitlisted entries per event of the meet."""
    query = (
        select(Entry.event_id, func.count())
        .join(Event, Event.id == Entry.event_id)
        .where(Event.meet_id == meet.id, Entry.status == "waitlisted")
        .group_by(Entry.event_id)
    )
    return dict(db.session.execute(query).all())


def _withdraw(entry: Entry) -> None:
    was_registered = entry.status == "registered"
    entry.status = "withdrawn"
    db.session.flush()
    if was_registered:
        _fill_from_waitlist(entry.event)
        # Rankings list registered entries only: screens polling them must see the change.
        bump_results_version(entry.event.meet_id)


def _leave_team(entry: Entry, member: TeamMember) -> None:
    team = member.team
    db.session.delete(member)
    db.session.flush()
    remaining = list(
        db.session.scalars(
            select(TeamMember).where(TeamMember.team_id == team.id).order_by(TeamMember.id)
        )
    )
    if not remaining:
        team.captain_id = None
        _withdraw(entry)
    elif team.captain_id == member.participant_id:
        team.captain_id = remaining[0].participant_id  # the longest-standing member leads


def _fill_from_waitlist(event: Event) -> list[Entry]:
    """Promote the first waitlisted entries into free places, oldest first."""
    waiting = select(Entry).where(Entry.event_id == event.id, Entry.status == "waitlisted")
    if event.capacity is not None:
        free = event.capacity - registered_count(event.id)
        if free <= 0:
            return []
        waiting = waiting.limit(free)
    promoted = list(db.session.scalars(waiting.order_by(Entry.id)))
    for entry in promoted:
        entry.status = "registered"
    db.session.flush()
    return promoted
