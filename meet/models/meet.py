"""A meet and its events, and the referee accesses scoped to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import one_of, utcnow

if TYPE_CHECKING:
    from meet.models.people import Participant, Team
    from meet.models.results import Entry, Match

MEET_STATUSES = ("draft", "open", "closed", "finished")
EVENT_STATUSES = ("scheduled", "running", "finished", "official")
EVENT_KINDS = ("individual", "team")
DEFAULT_POINTS_TABLE = [7, 5, 4, 3, 2, 1]


class Meet(db.Model):
    __tablename__ = "meets"
    __table_args__ = (
        one_of("status", MEET_STATUSES, "status_known"),
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("next_bib >= 1", name="next_bib_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    venue: Mapped[str] = mapped_column(String(200), default="")
    organizer_name: Mapped[str] = mapped_column(String(200), default="")
    seal_text: Mapped[str] = mapped_column(String(200), default="")
    registration_opens_at: Mapped[datetime | None]
    registration_closes_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(12), default="draft")
    points_table: Mapped[list[int]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_POINTS_TABLE)
    )
    team_event_multiplier: Mapped[int] = mapped_column(default=2)
    # Certificate wording, place style, seal image, overprint positions, bib layout (see printing).
    print_settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The next bib to hand out. Allocation holds the write lock on this row: no repeats, no gaps.
    next_bib: Mapped[int] = mapped_column(default=1)
    # Bumped by every result change: the ETag of rankings and standings, shared by all processes.
    results_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    events: Mapped[list[Event]] = relationship(
        back_populates="meet", cascade="all, delete-orphan", order_by="Event.position"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="meet", cascade="all, delete-orphan", passive_deletes=True
    )
    referee_accesses: Mapped[list[RefereeAccess]] = relationship(
        back_populates="meet", cascade="all, delete-orphan", passive_deletes=True
    )


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        one_of("status", EVENT_STATUSES, "status_known"),
        one_of("kind", EVENT_KINDS, "kind_known"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint(
            "team_size_min IS NULL OR team_size_max IS NULL OR team_size_min <= team_size_max",
            name="team_size_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meets.id", ondelete="CASCADE"), index=True)
    # A key of meet/sports/registry.py, checked by the services (docs/architecture.md says why).
    sport: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(12), default="individual")
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    capacity: Mapped[int | None]
    team_size_min: Mapped[int | None]
    team_size_max: Mapped[int | None]
    starts_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)
    # Points for the team standings are the meet's table times this; None means the meet's default.
    points_multiplier: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meet: Mapped[Meet] = relationship(back_populates="events")
    entries: Mapped[list[Entry]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    teams: Mapped[list[Team]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    matches: Mapped[list[Match]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )


referee_access_events = Table(
    "referee_access_events",
    db.Model.metadata,
    Column("access_id", ForeignKey("referee_accesses.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
)


class RefereeAccess(db.Model):
    """A tablet's key to some events of one meet: a token (hashed) plus a PIN (hashed), revocable.

    An access with no events listed covers every event of its meet."""

    __tablename__ = "referee_accesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meets.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    pin_hash: Mapped[str] = mapped_column(String(255))
    failed_pin_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    meet: Mapped[Meet] = relationship(back_populates="referee_accesses")
    events: Mapped[list[Event]] = relationship(secondary=referee_access_events)

    def allows(self, event: Event) -> bool:
        if self.revoked_at is not None or event.meet_id != self.meet_id:
            return False
        return not self.events or any(allowed.id == event.id for allowed in self.events)
