"""Recording results: every change is a new version, checked against the sport's rules, the version
the client last saw and whether the event is official; plus the idempotent submission of the API."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import (
    Entry,
    Event,
    IdempotencyRecord,
    Match,
    Meet,
    Participant,
    RefereeAccess,
    Result,
    Team,
    TeamMember,
    User,
)
from meet.models.results import RESULT_STATUSES
from meet.scoring import MarksError, RulesError, get_sport
from meet.scoring.base import MatchScore, MatchSport, MeasuredSport
from meet.services.audit import record_audit
from meet.services.meets import fits_id

OK = "ok"
SIDES = ("a", "b")
# How many times a submission is tried again after losing a race on a unique constraint.
RACE_RETRIES = 3


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


# --- recording -------------------------------------------------------------------------------


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
        result = _record(event, entry, match, marks, status, version, reason, access, user)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


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
        result = _record(
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


def _record(
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
    """Everything record_result does but the commit."""
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
        raise _marks_error(error, rules) from error


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
        raise _marks_error(error, rules) from error


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


def match_outcome(sport, rules: dict, marks: dict[str, Any], status: str) -> MatchScore:
    """The score and winner a match result amounts to; a status names the side that lost."""
    if status != OK:
        return MatchScore(0, 0, "b" if marks["side"] == "a" else "a")
    return sport.score(marks, rules)


def _settle_match(event: Event, sport, rules, match: Match, marks, status: str) -> None:
    outcome = match_outcome(sport, rules, marks, status)
    if outcome.winner is None and match.stage != "group":
        raise InvalidResult(
            "draw_in_knockout", _("A knockout match needs a winner: record the decider.")
        )
    previous = match.winner
    if match.next_match_id is not None and previous is not None and outcome.winner != previous:
        following = _locked(db.session.get(Match, match.next_match_id))
        if following.result_version > 0:
            raise VersionConflict(
                "played_on",
                _(
                    "The winner of this match has already played the next match. "
                    "Correct that match first."
                ),
                blocking=[following.id],
            )
    match.winner = outcome.winner
    match.status = "finished"
    if match.next_match_id is not None and outcome.winner is not None:
        following = db.session.get(Match, match.next_match_id)
        winner_entry = match.side_a_id if outcome.winner == "a" else match.side_b_id
        if match.next_slot == "b":
            following.side_b_id = winner_entry
        else:
            following.side_a_id = winner_entry


def bump_results_version(meet_id: int) -> None:
    """Every result change moves the meet's results_version: the ETag of rankings and
    standings, shared by every process."""
    db.session.execute(
        update(Meet)
        .where(Meet.id == meet_id)
        .values(results_version=Meet.results_version + 1)
        .execution_options(synchronize_session=False)
    )


def _marks_error(error: MarksError, rules: dict) -> InvalidResult:
    message = marks_message(error.code, rules) or error.message
    return InvalidResult(error.code, message, fields={"marks": message})


def marks_message(code: str, rules: dict) -> str | None:
    """The scoring module's reason in the reader's language (its own text is English)."""
    messages = {
        "missing": lambda: _("Some marks are missing."),
        "not_a_list": lambda: _("The marks are not in the right form."),
        "not_a_number": lambda: _("Enter a number."),
        "negative": lambda: _("A mark cannot be negative."),
        "over_maximum": lambda: _(
            "The time cannot be more than %(seconds)s seconds.", seconds=rules.get("max_seconds")
        ),
        "wrong_arrow_count": lambda: _(
            "This event needs exactly %(count)s arrows.",
            count=rules.get("rounds", 0) * rules.get("arrows_per_round", 0),
        ),
        "unknown_outcome": lambda: _("An arrow lands in the pot, in an ear, or misses."),
        "bad_roll": lambda: _("A roll knocks down 0 to 10 pins."),
        "frame_over_ten": lambda: _("A frame cannot knock down more than 10 pins."),
        "extra_rolls": lambda: _("There are more rolls than the game allows."),
        "incomplete_game": lambda: _("The game is not finished yet."),
        "bad_side": lambda: _("A pull is won by side a or side b."),
        "pull_after_win": lambda: _("The match was already won; no more pulls."),
        "no_winner": lambda: _(
            "A side needs %(count)s pulls to win the match.",
            count=rules.get("pulls", 1) // 2 + 1,
        ),
        "wrong_side_count": lambda: _("Goals are two numbers: side a, side b."),
        "bad_goals": lambda: _("Goals are a whole number from 0 to 99."),
        "decider_without_draw": lambda: _("A decider is only for a level score."),
        "wrong_attempt_count": lambda: _(
            "Enter 1 to %(count)s attempts.", count=rules.get("attempts", 1)
        ),
        "not_whole": lambda: _("An attempt must be a whole number."),
    }
    make = messages.get(code)
    return make() if make else None


# --- reading ---------------------------------------------------------------------------------


def current_results(event: Event) -> dict[int, Result]:
    """The latest result version of each entry of the event that has one, by entry id."""
    query = (
        select(Result)
        .join(Entry, (Entry.id == Result.entry_id) & (Entry.result_version == Result.version))
        .where(Entry.event_id == event.id)
    )
    return {result.entry_id: result for result in db.session.scalars(query)}


def current_match_results(event: Event) -> dict[int, Result]:
    """The latest result version of each match of the event that has one, by match id."""
    query = (
        select(Result)
        .join(Match, (Match.id == Result.match_id) & (Match.result_version == Result.version))
        .where(Match.event_id == event.id)
    )
    return {result.match_id: result for result in db.session.scalars(query)}


def _current_result(target: Entry | Match) -> Result | None:
    return _previous(target, target.result_version + 1)


def _previous(target: Entry | Match, version: int) -> Result | None:
    column = Result.entry_id if isinstance(target, Entry) else Result.match_id
    return db.session.scalar(
        select(Result).where(column == target.id, Result.version == version - 1)
    )


def locale_name() -> str:
    return str(get_locale() or "zh_Hans_CN")


def display_result(event: Event, result: Result | None, locale: str | None = None) -> str:
    """A result as people read it: the sport's format, a match score, or the status."""
    if result is None:
        return ""
    if result.status != OK:
        return result.status
    sport = get_sport(event.sport)
    rules = sport.validate_rules(event.rules)
    if isinstance(sport, MatchSport):
        outcome = sport.score(result.marks, rules)
        return f"{outcome.a} : {outcome.b}"
    if result.value is None:
        return ""
    return sport.display(result.value, rules, locale or locale_name())


def result_json(event: Event, result: Result) -> dict[str, Any]:
    """A result as the API shows it."""
    body: dict[str, Any] = {
        "id": result.id,
        "event": event.id,
        "entry": result.entry_id,
        "match": result.match_id,
        "version": result.version,
        "status": result.status,
        "marks": result.marks,
        "value": result.value,
        "display": display_result(event, result),
        "reason": result.reason,
        "official": event.status == "official",
        "recorded_at": result.created_at.isoformat() + "Z" if result.created_at else None,
    }
    if result.match_id is not None:
        sport = get_sport(event.sport)
        outcome = match_outcome(
            sport, sport.validate_rules(event.rules), result.marks, result.status
        )
        body["score"] = [outcome.a, outcome.b]
        body["winner"] = outcome.winner
    return body


@dataclass(slots=True)
class Side:
    """One side of a match on the referee's list."""

    entry_id: int | None
    name: str
    checked_in: int = 0
    members: int = 0


@dataclass(slots=True)
class SheetRow:
    """One line of a referee's list: an entry, or a match between two sides."""

    kind: str  # "entry" or "match"
    id: int
    name: str
    bibs: list[int]
    checked_in: int
    members: int
    version: int
    result: Result | None
    display: str
    team: str = ""
    label: str = ""
    a: Side | None = None
    b: Side | None = None
    stage: str = ""
    status: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def bib(self) -> int | None:
        return self.bibs[0] if len(self.bibs) == 1 else None

    @property
    def all_checked_in(self) -> bool:
        return self.members > 0 and self.checked_in == self.members


def scoring_sheet(event: Event) -> list[SheetRow]:
    """The referee's list for an event in schedule order: its matches for a match sport, else
    its registered entries (by seed, then bib or team name), with check-in and current result."""
    if isinstance(get_sport(event.sport), MatchSport):
        return _match_rows(event)
    return _entry_rows(event)


def _entries(event: Event) -> list[Entry]:
    query = (
        select(Entry)
        .where(Entry.event_id == event.id)
        .options(
            selectinload(Entry.participant),
            selectinload(Entry.team)
            .selectinload(Team.members)
            .selectinload(TeamMember.participant),
        )
    )
    return list(db.session.scalars(query))


def _entry_identity(entry: Entry) -> tuple[str, list[int], int, int, str]:
    """Name, bibs, riders checked in, riders, team name of an entry."""
    if entry.participant is not None:
        rider = entry.participant
        return rider.name, [rider.bib], int(rider.checked_in_at is not None), 1, rider.station
    riders: list[Participant] = [member.participant for member in entry.team.members]
    checked = sum(rider.checked_in_at is not None for rider in riders)
    return entry.team.name, sorted(r.bib for r in riders), checked, len(riders), entry.team.name


def _entry_rows(event: Event) -> list[SheetRow]:
    results = current_results(event)
    locale = locale_name()
    rows = []
    for entry in _entries(event):
        if entry.status != "registered":
            continue
        name, bibs, checked, members, team = _entry_identity(entry)
        result = results.get(entry.id)
        rows.append(
            SheetRow(
                kind="entry",
                id=entry.id,
                name=name,
                bibs=bibs,
                checked_in=checked,
                members=members,
                version=entry.result_version,
                result=result,
                display=display_result(event, result, locale),
                team=team if entry.participant is None else "",
                extra={"seed": entry.seed},
            )
        )
    rows.sort(key=lambda r: (r.extra["seed"] is None, r.extra["seed"] or 0, r.bibs[:1], r.name))
    return rows


def _match_rows(event: Event) -> list[SheetRow]:
    entries = {entry.id: entry for entry in _entries(event)}
    results = current_match_results(event)
    locale = locale_name()
    query = (
        select(Match)
        .where(Match.event_id == event.id)
        .order_by(Match.round, Match.position, Match.id)
    )
    rows = []
    for match in db.session.scalars(query):
        sides = []
        for entry_id in (match.side_a_id, match.side_b_id):
            entry = entries.get(entry_id) if entry_id else None
            if entry is None:
                sides.append(Side(None, ""))
                continue
            name, _bibs, checked, members, _team = _entry_identity(entry)
            sides.append(Side(entry.id, name, checked, members))
        bibs = sorted(
            bib
            for entry_id in (match.side_a_id, match.side_b_id)
            if entry_id in entries
            for bib in _entry_identity(entries[entry_id])[1]
        )
        result = results.get(match.id)
        rows.append(
            SheetRow(
                kind="match",
                id=match.id,
                name=f"{sides[0].name or '?'} – {sides[1].name or '?'}",
                bibs=bibs,
                checked_in=sides[0].checked_in + sides[1].checked_in,
                members=sides[0].members + sides[1].members,
                version=match.result_version,
                result=result,
                display=display_result(event, result, locale),
                label=" ".join(filter(None, (match.group_label, match.court))),
                a=sides[0],
                b=sides[1],
                stage=match.stage,
                status=match.status,
                extra={"round": match.round, "winner": match.winner},
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One version of a result with who recorded it."""

    result: Result
    display: str
    by: str


def result_history(
    event: Event, *, entry: Entry | None = None, match: Match | None = None
) -> list[HistoryLine]:
    """Every version of an entry's or a match's result, newest first, with who recorded it."""
    column = Result.entry_id if entry is not None else Result.match_id
    target_id = entry.id if entry is not None else match.id
    versions = list(
        db.session.scalars(
            select(Result).where(column == target_id).order_by(Result.version.desc())
        )
    )
    return _history_lines(event, versions)


def event_history(event: Event) -> dict[tuple[str, int], list[HistoryLine]]:
    """Every result version of the event, newest first, by ("entry" | "match", id)."""
    versions = db.session.scalars(
        select(Result).where(Result.event_id == event.id).order_by(Result.version.desc())
    )
    lines: dict[tuple[str, int], list[HistoryLine]] = {}
    for line in _history_lines(event, list(versions)):
        result = line.result
        key = ("entry", result.entry_id) if result.entry_id else ("match", result.match_id)
        lines.setdefault(key, []).append(line)
    return lines


def _history_lines(event: Event, versions: list[Result]) -> list[HistoryLine]:
    access_ids = {r.referee_access_id for r in versions if r.referee_access_id}
    user_ids = {r.user_id for r in versions if r.user_id}
    accesses = (
        {
            a.id: a.name or _("Referee")
            for a in db.session.scalars(
                select(RefereeAccess).where(RefereeAccess.id.in_(access_ids))
            )
        }
        if access_ids
        else {}
    )
    users = (
        {u.id: u.username for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
        if user_ids
        else {}
    )
    locale = locale_name()
    lines = []
    for result in versions:
        if result.user_id:
            by = _("Organizer %(name)s", name=users.get(result.user_id, "?"))
        elif result.referee_access_id:
            by = _("Referee %(name)s", name=accesses.get(result.referee_access_id, "?"))
        else:
            by = _("Imported")
        lines.append(HistoryLine(result, display_result(event, result, locale), by))
    return lines


# --- official results ------------------------------------------------------------------------


def mark_official(event: Event, user: User) -> None:
    """Make the event's results official: referees can no longer change them."""
    _set_event_status(event, "official", user, "event.marked_official")


def reopen_results(event: Event, user: User) -> None:
    """Take an official event back to unofficial, so referees can correct it again."""
    if event.status != "official":
        raise InvalidResult("not_official", _("The results of this event are not official."))
    _set_event_status(event, "finished", user, "event.reopened")


def _set_event_status(event: Event, status: str, user: User, action: str) -> None:
    before = event.status
    event.status = status
    record_audit(
        action,
        event,
        actor=user.username,
        meet_id=event.meet_id,
        user_id=user.id,
        before={"status": before},
        after={"status": status},
    )
    # The rankings say whether they are official, so their ETag must move too.
    bump_results_version(event.meet_id)
    db.session.commit()


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


@dataclass(frozen=True, slots=True)
class EventProgress:
    """An event on a referee's start page: how many of its entries or matches have a result."""

    event: Event
    done: int
    total: int


def events_for_access(access: RefereeAccess) -> list[EventProgress]:
    """The events a referee access covers in schedule order, with their progress."""
    events = sorted(
        (event for event in access.meet.events if access.allows(event)),
        key=lambda event: (event.starts_at is None, event.starts_at or 0, event.position, event.id),
    )
    by_match = {event.id for event in events if is_match_sport(event)}
    by_entry = {event.id for event in events} - by_match
    counted = []
    if by_entry:
        counted += db.session.execute(
            select(Entry.event_id, Entry.result_version).where(
                Entry.event_id.in_(by_entry), Entry.status == "registered"
            )
        ).all()
    if by_match:
        counted += db.session.execute(
            select(Match.event_id, Match.result_version).where(Match.event_id.in_(by_match))
        ).all()
    done: dict[int, int] = {}
    total: dict[int, int] = {}
    for event_id, version in counted:
        total[event_id] = total.get(event_id, 0) + 1
        done[event_id] = done.get(event_id, 0) + (version > 0)
    return [EventProgress(event, done.get(event.id, 0), total.get(event.id, 0)) for event in events]


def is_match_sport(event: Event) -> bool:
    return isinstance(get_sport(event.sport), MatchSport)
