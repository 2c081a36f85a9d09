"""The one place that writes the audit log."""

from __future__ import annotations

from typing import Any

from meet.extensions import db
from meet.models import AuditLog


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
        meet_id=meet_id,
        user_id=user_id,
        referee_access_id=referee_access_id,
        actor=actor,
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
