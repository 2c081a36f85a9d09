"""Check-in at the venue: staff scan a rider's QR (its opaque check-in code) or type the bib.

The first scan records the time; every later scan answers "already checked in at ..." and
changes nothing, also when two tablets scan the same rider in the same second."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_time
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from meet.extensions import db
from meet.models import Meet, Participant, utcnow
from meet.services.audit import record_audit


@dataclass
class CheckinResult:
    status: str  # "checked_in" (just now) | "already" | "not_found"
    participant: Participant | None = None
    checked_in_at: datetime | None = None


def describe(result: CheckinResult, scanned: str = "") -> str:
    """What the staff member reads after a scan, in their language and China time."""
    rider = result.participant
    if result.status == "not_found" or rider is None:
        return _("No rider of this meet has the bib or code %(text)s.", text=scanned.strip()[:40])
    if result.status == "already":
        return _(
            "Bib %(bib)s %(name)s: already checked in at %(time)s.",
            bib=rider.bib,
            name=rider.name,
            time=format_time(result.checked_in_at, "HH:mm"),
        )
    return _("Bib %(bib)s %(name)s: checked in.", bib=rider.bib, name=rider.name)


def find_participant(meet: Meet, scanned: str) -> Participant | None:
    """The rider of this meet whose bib (digits) or check-in code (anything else) was given."""
    text = "".join(unicodedata.normalize("NFKC", scanned or "").split())
    if not text or len(text) > 64:
        return None
    query = select(Participant).where(Participant.meet_id == meet.id)
    if text.isascii() and text.isdigit():
        if len(text) > 9:
            return None
        return db.session.scalar(query.where(Participant.bib == int(text)))
    if not (text.isascii() and text.isalnum()):  # codes are letters and digits, nothing else
        return None
    return db.session.scalar(query.where(Participant.checkin_code == text.upper()))


def check_in(
    meet: Meet,
    scanned: str,
    *,
    actor: str,
    user_id: int | None = None,
    referee_access_id: int | None = None,
) -> CheckinResult:
    rider = find_participant(meet, scanned)
    if rider is None:
        db.session.rollback()
        return CheckinResult("not_found")
    now = utcnow()
    # One conditional UPDATE: of two simultaneous scans, exactly one sets the time.
    changed = db.session.execute(
        update(Participant)
        .where(Participant.id == rider.id, Participant.checked_in_at.is_(None))
        .values(checked_in_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed:
        record_audit(
            "participant.checked_in",
            rider,
            actor=actor,
            meet_id=meet.id,
            user_id=user_id,
            referee_access_id=referee_access_id,
            after={"bib": rider.bib, "checked_in_at": now.isoformat()},
        )
    db.session.commit()
    db.session.refresh(rider)
    return CheckinResult("checked_in" if changed else "already", rider, rider.checked_in_at)


def undo_check_in(
    meet: Meet, participant_id: int, *, actor: str, user_id: int | None = None
) -> Participant | None:
    """For a mistyped bib: the rider is not checked in after all."""
    rider = db.session.get(Participant, participant_id)
    if rider is None or rider.meet_id != meet.id or rider.checked_in_at is None:
        db.session.rollback()
        return None
    before = rider.checked_in_at.isoformat()
    rider.checked_in_at = None
    record_audit(
        "participant.check_in_undone",
        rider,
        actor=actor,
        meet_id=meet.id,
        user_id=user_id,
        before={"checked_in_at": before},
    )
    db.session.commit()
    return rider


def checkin_counts(meet: Meet) -> tuple[int, int]:
    """(checked in, registered riders) for the meet."""
    checked, total = db.session.execute(
        select(func.count(Participant.checked_in_at), func.count()).where(
            Participant.meet_id == meet.id
        )
    ).one()
    return checked, total


def recent_checkins(meet: Meet, limit: int = 8) -> list[Participant]:
    query = (
        select(Participant)
        .where(Participant.meet_id == meet.id, Participant.checked_in_at.is_not(None))
        .order_by(Participant.checked_in_at.desc(), Participant.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
