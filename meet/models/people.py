"""Who takes part: organizer accounts, riders (participants), teams and their members."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from meet.extensions import db
from meet.models.base import one_of, utcnow

if TYPE_CHECKING:
    from meet.models.meet import Event, Meet
    from meet.models.results import Entry

PLATFORMS = ("meituan", "eleme", "sf", "jd", "huolala", "other")


class User(UserMixin, db.Model):
    """An organizer account for the desk pages."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Participant(db.Model):
    """A rider registered in one meet. The bib and the phone are unique within the meet."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("meet_id", "bib"),
        UniqueConstraint("meet_id", "phone"),
        one_of("platform", PLATFORMS, "platform_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meets.id", ondelete="CASCADE"), index=True)
    bib: Mapped[int]
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20))
    platform: Mapped[str] = mapped_column(String(20))
    station: Mapped[str] = mapped_column(String(80), default="")
    emergency_contact: Mapped[str] = mapped_column(String(120), default="")
    # The private page link is the rider's only key: only its hash is stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The check-in QR on the bib holds this opaque code, never the page token or anything personal.
    checkin_code: Mapped[str] = mapped_column(String(32), unique=True)
    consent_at: Mapped[datetime]
    checked_in_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meet: Mapped[Meet] = relationship(back_populates="participants")
    entries: Mapped[list[Entry]] = relationship(back_populates="participant")
    memberships: Mapped[list[TeamMember]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )


class Team(db.Model):
    """A named side in a team event, usually the riders of one station, with a join code."""

    __tablename__ = "teams"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        UniqueConstraint("meet_id", "join_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meets.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    station: Mapped[str] = mapped_column(String(80), default="")
    join_code: Mapped[str] = mapped_column(String(12))
    captain_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="teams")
    captain: Mapped[Participant | None] = relationship(foreign_keys=[captain_id])
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )


class TeamMember(db.Model):
    """A rider on a team. A rider is on at most one team per event."""

    __tablename__ = "team_members"
    __table_args__ = (
        UniqueConstraint("team_id", "participant_id"),
        UniqueConstraint("event_id", "participant_id"),
        Index("ix_team_members_participant", "participant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team] = relationship(back_populates="members")
    participant: Mapped[Participant] = relationship(back_populates="memberships")
