"""The API's submission of a result: the scope check, then the result recorded once per
Idempotency-Key, so that a retry gets the first answer and records nothing twice."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from meet.extensions import db
from meet.models import Entry, Event, IdempotencyRecord, Match, RefereeAccess
from meet.scoring.ranking import OK
from meet.services.meet_queries import fits_id
from meet.services.results.display import result_json
from meet.services.results.recording import (
    InvalidResult,
    ResultError,
    ResultForbidden,
    add_result,
)

# How many times a submission is tried again after losing a race on a unique constraint.
RACE_RETRIES = 3


@dataclass(frozen=True, slots=True)
class Submission:
    """One result or match score as a client sent it (CONTRACT.md)."""

    event_id: int
    marks: dict[str, Any]
    version: int
    entry_id: int | None = None
    match_id: int | None = None
    status: str = OK
    reason: str = ""

    def fingerprint(self) -> str:
        """The same request sent again has the same fingerprint, whatever its key order."""
        canonical = json.dumps(
            {
                "event": self.event_id,
                "entry": self.entry_id,
                "match": self.match_id,
                "marks": self.marks,
                "status": self.status,
                "version": self.version,
                "reason": self.reason,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Answer:
    """What the API sends back; replayed as it is for a retry with the same Idempotency-Key."""

    status: int
    body: dict[str, Any]
    replayed: bool = False


def submit_result(access: RefereeAccess, submission: Submission, key: str | None) -> Answer:
    """The API's use case: scope check, record, and remember the answer under the client's
    Idempotency-Key so that a retry gets the first answer and records nothing twice.

    Race-safe: the key is unique per access, so of two requests with one key only one commits;
    the other rolls back and replays what the first one stored."""
    fingerprint = submission.fingerprint()
    for _attempt in range(RACE_RETRIES):
        if key:
            stored = _stored_answer(access.id, key, fingerprint)
            if stored is not None:
                db.session.rollback()
                return stored
        answer = _answer(access, submission)
        try:
            if key:
                db.session.add(
                    IdempotencyRecord(
                        referee_access_id=access.id,
                        key=key,
                        request_hash=fingerprint,
                        status_code=answer.status,
                        body=answer.body,
                    )
                )
            db.session.commit()
            return answer
        except IntegrityError:
            # Another request took this key, or this entry's next version, first: look again.
            db.session.rollback()
    raise RuntimeError("result submission kept losing races")  # pragma: no cover


def _stored_answer(access_id: int, key: str, fingerprint: str) -> Answer | None:
    record = db.session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.referee_access_id == access_id, IdempotencyRecord.key == key
        )
    )
    if record is None:
        return None
    if record.request_hash != fingerprint:
        return Answer(
            422,
            {
                "error": "idempotency_key_reused",
                "message": _("This Idempotency-Key was already used for a different request."),
            },
        )
    return Answer(record.status_code, record.body, replayed=True)


def _answer(access: RefereeAccess, submission: Submission) -> Answer:
    """Record the submission in the open transaction (not committed) and say what to answer."""
    try:
        event = _row(Event, submission.event_id)
        if event is None:
            raise InvalidResult(
                "unknown_event",
                _("There is no such event."),
                fields={"event": _("There is no such event.")},
            )
        if not access.allows(event):
            raise ResultForbidden(
                "not_allowed", _("This referee access does not cover this event.")
            )
        entry, match = _target(event, submission)
        result = add_result(
            event,
            entry,
            match,
            submission.marks,
            submission.status,
            submission.version,
            submission.reason,
            access,
            None,
        )
        return Answer(201, result_json(event, result))
    except ResultError as error:
        # Nothing of a refused submission may stay in the transaction that stores its answer.
        db.session.rollback()
        return Answer(error.status, error.body())


def _row(model: type, row_id: int):
    """The row with this id from a request, or None (also for ids no row can have)."""
    return db.session.get(model, row_id) if fits_id(row_id) else None


def _target(event: Event, submission: Submission) -> tuple[Entry | None, Match | None]:
    if (submission.entry_id is None) == (submission.match_id is None):
        raise InvalidResult("entry_or_match", _("Name either an entry or a match."))
    if submission.entry_id is not None:
        entry = _row(Entry, submission.entry_id)
        if entry is None or entry.event_id != event.id:
            message = _("This entry is not in this event.")
            raise InvalidResult("unknown_entry", message, fields={"entry": message})
        return entry, None
    match = _row(Match, submission.match_id)
    if match is None or match.event_id != event.id:
        message = _("This match is not in this event.")
        raise InvalidResult("unknown_match", message, fields={"match": message})
    return None, match
