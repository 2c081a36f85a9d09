"""The one place that writes the audit log, and reads it back for the desk."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog, Meet


def _row(
    action: str,
    object_type: str,
    object_id: int | None,
    *,
    actor: str,
    meet_id: int | None,
    user_id: int | None,
    referee_access_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "meet_id": meet_id,
        "user_id": user_id,
        "referee_access_id": referee_access_id,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
    }


def record_audit(
    action: str,
    obj: Any,
    *,
    actor: str,
    meet_id: int | None = None,
    user_id: int | None = None,
    referee_access_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """Add an audit row to the current transaction; the caller commits with its own change."""
    entry = AuditLog(
        **_row(
            action,
            type(obj).__name__,
            getattr(obj, "id", None),
            actor=actor,
            meet_id=meet_id,
            user_id=user_id,
            referee_access_id=referee_access_id,
            before=before,
            after=after,
        )
    )
    db.session.add(entry)
    return entry


def insert_audit(
    action: str,
    obj: Any,
    *,
    actor: str,
    meet_id: int | None = None,
    user_id: int | None = None,
    referee_access_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """The same row as record_audit, written at once with a Core INSERT in the current
    transaction: for the registration rush, where an ORM flush for one row cost more than the
    insert itself while the write lock was held. `obj` must already have its id."""
    db.session.connection().execute(
        AuditLog.__table__.insert(),
        _row(
            action,
            type(obj).__name__,
            obj.id,
            actor=actor,
            meet_id=meet_id,
            user_id=user_id,
            referee_access_id=referee_access_id,
            before=before,
            after=after,
        ),
    )


def meet_audit_log(meet: Meet, limit: int = 1000) -> list[AuditLog]:
    """The newest `limit` audit rows of the meet, newest first."""
    query = (
        select(AuditLog)
        .where(AuditLog.meet_id == meet.id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def audit_changes(row: AuditLog) -> list[tuple[str, Any, Any]]:
    """The fields an audit row changed, as (field, before, after); every field for a creation
    or a deletion."""
    before, after = row.before or {}, row.after or {}
    fields = list(dict.fromkeys([*before, *after]))
    return [
        (name, before.get(name), after.get(name))
        for name in fields
        if before.get(name) != after.get(name) or not row.before or not row.after
    ]
