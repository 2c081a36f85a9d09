"""Recording results: every change is a new version, checked against the sport's rules, the version
the client last saw and whether the event is official."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from meet.extensions import db
from meet.models import Entry, Event, Match, Meet, RefereeAccess, Result, User
from meet.models.results import RESULT_STATUSES
from meet.scoring.base import MarksError, MatchSport, MeasuredSport, RulesError, Sport
from meet.scoring.brackets import CorrectionRefused
from meet.scoring.placing import match_outcome
from meet.scoring.ranking import OK
from meet.services.audit import record_audit
from meet.services.brackets import send_on
from meet.services.results.display import result_json
from meet.sports.registry import get_sport, sport_desk

SIDES = ("a", "b")


class ResultError(Exception):
    """A submission the service refuses; `status` is the HTTP status the API answers with."""

    status = 422

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


class InvalidResult(ResultError):
    status = 422


class VersionConflict(ResultError):
    status = 409


class ResultForbidden(ResultError):
    status = 403


def record_result(
    event: Event,
    *,
    marks: Mapping[str, Any],
    version: int,
    entry: Entry | None = None,
    match: Match | None = None,
    status: str = OK,
    reason: str = "",
    access: RefereeAccess | None = None,
    user: User | None = None,
) -> Result:
    """Record a new result version for an entry or a match of the event and commit it.

    Raises InvalidResult (bad marks, missing reason...), VersionConflict (the client saw an older
    version, or a knockout winner already played on) or ResultForbidden (official event)."""
    try:
        result = add_result(event, entry, match, marks, status, version, reason, access, user)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


def add_result(
    event: Event,
    entry: Entry | None,
    match: Match | None,
    marks: Mapping[str, Any],
    status: str,
    version: int,
    reason: str,
    access: RefereeAccess | None,
    user: User | None,
) -> Result:
    """Everything record_result does but the commit: the API commits the result together with
    the answer it stores under the Idempotency-Key."""
    sport = get_sport(event.sport)
    try:
        rules = sport.validate_rules(event.rules)
    except RulesError as error:
        raise InvalidResult(
            "bad_rules", _("This event's rules are not valid: %(problems)s", problems=str(error))
        ) from error
    reason = (reason or "").strip()
    if status not in RESULT_STATUSES:
        message = _("A result is ok, DNS, DNF or DQ.")
        raise InvalidResult("bad_status", message, fields={"status": message})
    target = _locked(entry if entry is not None else match)
    if isinstance(target, Entry):
        if isinstance(sport, MatchSport):
            raise InvalidResult("match_sport", _("This sport is scored by match, not by entry."))
        if target.status != "registered":
            raise InvalidResult("not_registered", _("This entry is not registered in the event."))
        clean = _entry_marks(sport, rules, marks, status)
    else:
        if not isinstance(sport, MatchSport):
            raise InvalidResult("not_a_match_sport", _("This sport has no matches."))
        clean = _match_marks(sport, rules, marks, status)
    if event.status == "official" and user is None:
        raise ResultForbidden(
            "official",
            _("The results of this event are official. Only the organizer can change them now."),
        )
    if isinstance(target, Match):
        _check_match_open(target, reason)
    if version != target.result_version:
        current = _current_result(target)
        raise VersionConflict(
            "version_conflict",
            _("This result was changed on another device since you last saw it."),
            version=target.result_version,
            current=result_json(event, current) if current else None,
        )
    if target.result_version > 0 and not reason:
        message = _("Say why the result is changed.")
        raise InvalidResult("reason_required", message, fields={"reason": message})
    if user is not None and event.status == "official" and not reason:
        message = _("Say why an official result is changed.")
        raise InvalidResult("reason_required", message, fields={"reason": message})

    result = Result(
        event_id=event.id,
        entry_id=target.id if isinstance(target, Entry) else None,
        match_id=target.id if isinstance(target, Match) else None,
        version=target.result_version + 1,
        status=status,
        marks=clean,
        value=_value(sport, rules, clean, status) if isinstance(target, Entry) else None,
        reason=reason,
        referee_access_id=access.id if access else None,
        user_id=user.id if user else None,
    )
    if isinstance(target, Match):
        _settle_match(event, sport, rules, target, clean, status)
    target.result_version = result.version
    db.session.add(result)
    if event.status == "scheduled":
        event.status = "running"
    db.session.flush()
    if user is not None:
        record_audit(
            "result.recorded",
            result,
            actor=user.username,
            meet_id=event.meet_id,
            user_id=user.id,
            before=_audit_state(_previous(target, result.version)),
            after=_audit_state(result),
        )
    bump_results_version(event.meet_id)
    return result


def _locked(target: Entry | Match | None) -> Entry | Match:
    """The entry or match, re-read under a row lock (PostgreSQL; SQLite's write transaction
    already holds the database lock), so its result_version cannot move under us."""
    if target is None:
        raise InvalidResult("entry_or_match", _("Name either an entry or a match."))
    model = type(target)
    query = select(model).where(model.id == target.id).with_for_update()
    return db.session.scalars(query.execution_options(populate_existing=True)).one()


def _entry_marks(sport, rules: dict, marks: Mapping[str, Any], status: str) -> dict[str, Any]:
    if status != OK:
        return {}  # DNS, DNF and DQ rank by their status alone
    try:
        return sport.validate_marks(marks, rules)
    except MarksError as error:
        raise _marks_error(sport, error) from error


def _match_marks(sport, rules: dict, marks: Mapping[str, Any], status: str) -> dict[str, Any]:
    if status != OK:
        # A side that did not start, did not finish or was disqualified loses the match.
        side = marks.get("side") if isinstance(marks, Mapping) else None
        if side not in SIDES:
            message = _("Say which side (a or b) this status is for.")
            raise InvalidResult("side_required", message, fields={"marks": message})
        return {"side": side}
    try:
        return sport.validate_marks(marks, rules)
    except MarksError as error:
        raise _marks_error(sport, error) from error


def _value(sport, rules: dict, marks: dict[str, Any], status: str) -> float | None:
    if status != OK or not isinstance(sport, MeasuredSport):
        return None
    return float(sport.value(marks, rules))


def _check_match_open(match: Match, reason: str) -> None:
    """A finished match takes no more pulls or goals; only a correction with a reason."""
    if match.side_a_id is None or match.side_b_id is None:
        raise InvalidResult("sides_missing", _("This match does not have both sides yet."))
    if match.status == "finished" and not reason:
        raise InvalidResult(
            "match_finished",
            _("This match is already finished. To correct it, say why."),
        )


def _settle_match(event: Event, sport, rules, match: Match, marks, status: str) -> None:
    outcome = match_outcome(sport, rules, marks, status)
    if outcome.winner is None and match.stage != "group":
        raise InvalidResult(
            "draw_in_knockout", _("A knockout match needs a winner: record the decider.")
        )
    if match.next_match_id is not None and outcome.winner is not None:
        try:
            send_on(match, outcome.winner)
        except CorrectionRefused as refused:
            raise VersionConflict(
                "played_on",
                _(
                    "The winner of this match has already played the next match. "
                    "Correct that match first."
                ),
                blocking=refused.blocking,
            ) from refused
    match.winner = outcome.winner
    match.status = "finished"


def bump_results_version(meet_id: int) -> None:
    """Every result change moves the meet's results_version: the ETag of rankings and
    standings, shared by every process."""
    db.session.execute(
        update(Meet)
        .where(Meet.id == meet_id)
        .values(results_version=Meet.results_version + 1)
        .execution_options(synchronize_session=False)
    )


def _current_result(target: Entry | Match) -> Result | None:
    return _previous(target, target.result_version + 1)


def _previous(target: Entry | Match, version: int) -> Result | None:
    column = Result.entry_id if isinstance(target, Entry) else Result.match_id
    return db.session.scalar(
        select(Result).where(column == target.id, Result.version == version - 1)
    )


def _audit_state(result: Result | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "version": result.version,
        "status": result.status,
        "marks": result.marks,
        "value": result.value,
        "reason": result.reason,
    }


def _marks_error(sport: Sport, error: MarksError) -> InvalidResult:
    """The sport's reason in the reader's language (its rules speak English)."""
    message = sport_desk(sport.key).marks_message(error.code, error.params) or error.message
    return InvalidResult(error.code, message, fields={"marks": message})
