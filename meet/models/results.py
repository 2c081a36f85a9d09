"""Who is in which event (entries), what referees recorded (versioned results) and matches.

Registration state lives on the entry (registered, waitlisted, withdrawn). The competition
outcome (ok, DNS, DNF, DQ) lives on each result version, so a correction of a DQ is versioned
like any other correction and nothing is overwritten.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import one_of, utcnow

if TYPE_CHECKING:
    from meet.models.meet import Event
    from meet.models.people import Participant, Team

ENTRY_STATUSES = ("registered", "waitlisted", "withdrawn")
RESULT_STATUSES = ("ok", "DNS", "DNF", "DQ")
MATCH_STATUSES = ("scheduled", "running", "finished")
MATCH_STAGES = ("group", "knockout", "third_place", "final")


class Entry(db.Model):
    """A rider or a team in an event: exactly one of the two."""

    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("event_id", "participant_id"),
        UniqueConstraint("event_id", "team_id"),
        CheckConstraint("(participant_id IS NULL) <> (team_id IS NULL)", name="rider_or_team"),
        one_of("status", ENTRY_STATUSES, "status_known"),
        Index("ix_entries_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="registered")
    seed: Mapped[int | None]
    # The latest result version recorded; a correction must name it (optimistic concurrency).
    result_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="entries")
    participant: Mapped[Participant | None] = relationship(back_populates="entries")
    team: Mapped[Team | None] = relationship()
    results: Mapped[list[Result]] = relationship(
        back_populates="entry",
        order_by="Result.version",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Match(db.Model):
    """Two sides of a match sport (tug-of-war, frisbee football) in a round or group."""

    __tablename__ = "matches"
    __table_args__ = (
        one_of("status", MATCH_STATUSES, "status_known"),
        one_of("stage", MATCH_STAGES, "stage_known"),
        CheckConstraint("winner IS NULL OR winner IN ('a', 'b')", name="winner_side"),
        Index("ix_matches_event_round", "event_id", "round", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(12), default="group")
    round: Mapped[int] = mapped_column(default=1)
    group_label: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(default=0)
    side_a_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    side_b_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    court: Mapped[str] = mapped_column(String(40), default="")
    starts_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    winner: Mapped[str | None] = mapped_column(String(1))
    # Knockout wiring: the winner goes on to next_match_id as side next_slot ('a' or 'b').
    next_match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id", ondelete="SET NULL"))
    next_slot: Mapped[str | None] = mapped_column(String(1))
    result_version: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="matches")
    side_a: Mapped[Entry | None] = relationship(foreign_keys=[side_a_id])
    side_b: Mapped[Entry | None] = relationship(foreign_keys=[side_b_id])
    results: Mapped[list[Result]] = relationship(
        back_populates="match",
        order_by="Result.version",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Result(db.Model):
    """One version of what was recorded for an entry or a match. Never updated, only added to."""

    __tablename__ = "results"
    __table_args__ = (
        UniqueConstraint("entry_id", "version"),
        UniqueConstraint("match_id", "version"),
        CheckConstraint("(entry_id IS NULL) <> (match_id IS NULL)", name="entry_or_match"),
        CheckConstraint("version >= 1", name="version_positive"),
        one_of("status", RESULT_STATUSES, "status_known"),
        Index("ix_results_event", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"))
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(3), default="ok")
    marks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The number the ranking uses, computed by the sport's module when the result is recorded.
    value: Mapped[float | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    referee_access_id: Mapped[int | None] = mapped_column(
        ForeignKey("referee_accesses.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entry: Mapped[Entry | None] = relationship(back_populates="results")
    match: Mapped[Match | None] = relationship(back_populates="results")


class IdempotencyRecord(db.Model):
    """The first answer to a request with an Idempotency-Key, replayed for any retry of it."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("referee_access_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referee_access_id: Mapped[int] = mapped_column(
        ForeignKey("referee_accesses.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
