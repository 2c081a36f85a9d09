"""Rankings of each event, team standings (团体总分) and each rider's places, all from the current
result versions; plus the cheap tag that tells a screen whether anything changed since it looked.

Words and decisions:
- Only registered entries are ranked (never waitlisted or withdrawn). An entry's current result is
  the version named by `Entry.result_version`; an entry without one is "pending".
- Measured sports (plank, pitch-pot, bowling, custom) rank by the stored value with the sport's
  direction and tie-break keys.
- Match sports rank by their matches. Without knockout matches, by the group table (several groups:
  teams with the same place in their group share that place, so two group winners share first).
  With knockout matches, by the bracket: the final's winner 1 and loser 2, the third-place match
  3 and 4 (without one, both semi-final losers share 3), losers of an earlier round share the
  place after everyone still in the next round (quarter-final losers 5), and teams out in the
  groups follow, sharing places by their group position. A team whose place is not settled yet
  is pending; its `value` is still its group points.
- A rider counts for their station (站点) in the team standings; a team entry for its team's
  station, or its name when the team has none. Riders without a station count for nobody, but
  their places still take points from the places they cover (a tie with them still shares).
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_time
from flask_babel import gettext as _
from sqlalchemy import Select, Text, and_, bindparam, cast, func, or_, select

from meet.extensions import db
from meet.models import Entry, Event, Match, Meet, Participant, Result, Team, TeamMember
from meet.scoring import RulesError, Sport, get_sport
from meet.scoring.base import MatchSport, MeasuredSport
from meet.scoring.match_table import MatchResult, group_table
from meet.scoring.ranking import RankInput, rank_entries
from meet.scoring.standings import EventPlacings, Placing
from meet.scoring.standings import team_standings as score_team_standings
from meet.services.events import get_event
from meet.services.meets import fits_id

OFFICIAL = "official"
PENDING = "pending"
KNOCKOUT_STAGES = ("knockout", "third_place", "final")
# The board shows the leaders of each event and the top of the standings: what fits a screen.
BOARD_ROWS = 8
BOARD_TEAMS = 10


@dataclass(frozen=True, slots=True)
class RankedRow:
    """One entry of an event's ranking. `rank` is None until the place is settled and for DNS,
    DNF and DQ; `display` is the value formatted for the locale ("" without a value); `team` is
    the rider's station or the team's station; status is "ok", "DNS", "DNF", "DQ" or "pending"."""

    rank: int | None
    entry_id: int
    bib: int | None
    name: str
    team: str | None
    value: float | None
    display: str
    status: str


@dataclass(frozen=True, slots=True)
class StandingRow:
    rank: int
    team: str
    points: float
    gold: int
    silver: int
    bronze: int


@dataclass(frozen=True, slots=True)
class EventRanking:
    event: Event
    official: bool
    rows: list[RankedRow]


@dataclass(frozen=True, slots=True)
class MeetRankings:
    """What the organizer's page and the board show: each event's ranking, the standings, whether
    all of it is official and when the latest result came in (naive UTC, None before any)."""

    meet: Meet
    official: bool
    updated_at: datetime | None
    events: list[EventRanking]
    standings: list[StandingRow]


@dataclass(slots=True)
class _Competitor:
    """An entry as the ranking sees it; `counts_for` is its key in the team standings."""

    entry_id: int
    bib: int | None
    name: str
    team: str | None
    counts_for: str | None
    status: str
    value: float | None
    marks: str | None  # JSON text, decoded only when a tie needs it


@dataclass(frozen=True, slots=True)
class _MatchRow:
    stage: str
    round: int
    group: str
    a: int | None
    b: int | None
    status: str
    winner: str | None
    result_status: str | None
    marks: dict[str, Any] | None

    @property
    def finished(self) -> bool:
        return self.status == "finished"


@dataclass(frozen=True, slots=True)
class _Placed:
    rank: int | None
    competitor: _Competitor
    value: float | None
    status: str


def is_official(event: Event) -> bool:
    return event.status == OFFICIAL


def meet_is_official(meet: Meet) -> bool:
    """The standings are official once every event of the meet is."""
    return bool(meet.events) and all(is_official(event) for event in meet.events)


def event_ranking(event: Event, locale: str = "zh") -> list[RankedRow]:
    """Every registered entry of the event, in finishing order, unranked entries last."""
    placed = _placed_by_event([event])[event.id]
    sport, rules = _sport_and_rules(event)
    return [_ranked_row(p, sport, rules, locale) for p in placed]


def team_standings(meet: Meet) -> list[StandingRow]:
    """The meet's team standings, best first; teams level on points and on places share a rank."""
    return _standings(meet, _placed_by_event(meet.events))


def meet_rankings(meet: Meet, locale: str = "zh", top: int | None = None) -> MeetRankings:
    """Every event's ranking (its first `top` rows when given) and the team standings, from one
    pass over the meet's results."""
    placed = _placed_by_event(meet.events)
    events = []
    for event in meet.events:
        sport, rules = _sport_and_rules(event)
        rows = placed[event.id][:top] if top is not None else placed[event.id]
        events.append(
            EventRanking(
                event, is_official(event), [_ranked_row(p, sport, rules, locale) for p in rows]
            )
        )
    return MeetRankings(
        meet,
        meet_is_official(meet),
        last_result_at(meet),
        events,
        _standings(meet, placed),
    )


def rider_places(rider: Participant, locale: str = "zh") -> list[tuple[Event, RankedRow]]:
    """The rider's row in each event they are registered for, alone or with a team, in the
    order of the meet's events. Reads only."""
    own = select(Entry.id).where(Entry.participant_id == rider.id, Entry.status == "registered")
    with_team = (
        select(Entry.id)
        .join(TeamMember, TeamMember.team_id == Entry.team_id)
        .where(TeamMember.participant_id == rider.id, Entry.status == "registered")
    )
    entries = list(
        db.session.scalars(select(Entry).where(or_(Entry.id.in_(own), Entry.id.in_(with_team))))
    )
    events = sorted({entry.event for entry in entries}, key=lambda e: (e.position, e.id))
    placed = _placed_by_event(events)
    wanted = {entry.id for entry in entries}
    places = []
    for event in events:
        sport, rules = _sport_and_rules(event)
        for p in placed[event.id]:
            if p.competitor.entry_id in wanted:
                places.append((event, _ranked_row(p, sport, rules, locale)))
    return places


def board_rows(rows: list[RankedRow]) -> list[RankedRow]:
    """The lines a board shows for an event: those with a place, or with points so far."""
    return [row for row in rows if row.rank is not None or row.value is not None]


def updated_label(state: MeetRankings) -> str:
    """When the latest result came in, in words for a screen, in the meet's time zone."""
    if state.updated_at is None:
        return _("No results yet")
    return _("Updated %(time)s", time=format_time(state.updated_at, "HH:mm:ss"))


def _tag_query(which: Any) -> Select:
    # The results version changes with every result; event statuses (official or not) are part of
    # what screens show, so they are folded in too; and the meet's creation time, so that a meet
    # made again under the same id (a fresh database) never matches a tag of the old one.
    return (
        select(Meet.id, Meet.results_version, Meet.created_at, Event.id, Event.status)
        .select_from(Meet)
        .outerjoin(Event, Event.meet_id == Meet.id)
        .where(which, Meet.status != "draft")
        .order_by(Event.id)
    )


# Built once: on the path of every poll, making the statement would cost more than running it.
_TAG_BY_SLUG = _tag_query(Meet.slug == bindparam("slug"))
_TAG_BY_EVENT = _tag_query(
    Meet.id == select(Event.meet_id).where(Event.id == bindparam("event_id")).scalar_subquery()
)


def meet_tag(slug: str, locale: str) -> str | None:
    """The ETag of everything ranked in a public meet, or None when there is no such meet. One
    small query, so a screen that already has the current state costs almost nothing."""
    if "\x00" in slug:  # PostgreSQL refuses a NUL in text: no meet has one
        return None
    return _tag(_TAG_BY_SLUG, {"slug": slug}, locale)


def event_tag(event_id: int, locale: str) -> str | None:
    """The ETag of an event's ranking (the meet's tag), or None when there is no such public
    event."""
    if not fits_id(event_id):
        return None
    return _tag(_TAG_BY_EVENT, {"event_id": event_id}, locale)


def _tag(query: Select, parameters: dict[str, Any], locale: str) -> str | None:
    rows = db.session.connection().execute(query, parameters).all()
    if not rows:
        return None
    meet_id, version, created_at = rows[0][:3]
    state = ",".join(f"{event_id}:{status}" for *_, event_id, status in rows)
    digest = zlib.crc32(f"{created_at.isoformat()};{state}".encode())
    return f"{meet_id}-{version}-{digest:08x}-{locale}"


def public_event(event_id: int) -> Event | None:
    """An event of a meet that is not a draft."""
    event = get_event(event_id)
    if event is None or event.meet.status == "draft":
        return None
    return event


def last_result_at(meet: Meet) -> datetime | None:
    """When the latest result of the meet was recorded (naive UTC)."""
    return db.session.scalar(
        select(func.max(Result.created_at)).join(Event).where(Event.meet_id == meet.id)
    )


_NOBODY = object()


def _standings(meet: Meet, placed: dict[int, list[_Placed]]) -> list[StandingRow]:
    placings = [
        EventPlacings(
            [Placing(p.competitor.counts_for or _NOBODY, p.rank) for p in placed[event.id]],
            team_event=event.kind == "team",
            multiplier=event.points_multiplier,
        )
        for event in meet.events
    ]
    standings = score_team_standings(
        placings,
        points_table=meet.points_table or (),
        team_multiplier=meet.team_event_multiplier,
    )
    # Dropping the riders without a station can leave a gap in the ranks: rank again.
    kept = [s for s in standings if s.team is not _NOBODY]
    rows: list[StandingRow] = []
    for position, standing in enumerate(kept, 1):
        previous = kept[position - 2] if position > 1 else None
        level = previous is not None and (previous.points, previous.places) == (
            standing.points,
            standing.places,
        )
        rank = rows[-1].rank if level else position
        rows.append(
            StandingRow(
                rank,
                str(standing.team),
                standing.points,
                standing.gold,
                standing.silver,
                standing.bronze,
            )
        )
    return rows


def _sport_and_rules(event: Event) -> tuple[Sport, dict[str, Any]]:
    sport = get_sport(event.sport)
    try:
        return sport, sport.validate_rules(event.rules or {})
    except RulesError:
        # Stored rules were validated when saved; an event edited outside the app still ranks.
        return sport, {**sport.default_rules(), **(event.rules or {})}


def _ranked_row(placed: _Placed, sport: Sport, rules: dict[str, Any], locale: str) -> RankedRow:
    c = placed.competitor
    display = sport.display(placed.value, rules, locale) if placed.value is not None else ""
    return RankedRow(
        placed.rank, c.entry_id, c.bib, c.name, c.team, placed.value, display, placed.status
    )


def _placed_by_event(events: Sequence[Event]) -> dict[int, list[_Placed]]:
    """Each event's entries in finishing order, from a few queries for all the events."""
    sports = {event.id: _sport_and_rules(event) for event in events}
    competitors = _competitors(
        list(sports), [i for i, (sport, _) in sports.items() if _breaks_ties_with_marks(sport)]
    )
    match_events = [i for i, (sport, _) in sports.items() if isinstance(sport, MatchSport)]
    matches = _matches(match_events) if match_events else {}
    placed = {}
    for event in events:
        sport, rules = sports[event.id]
        field = competitors.get(event.id, [])
        if isinstance(sport, MeasuredSport):
            placed[event.id] = _rank_measured(sport, rules, field)
        else:
            assert isinstance(sport, MatchSport)
            placed[event.id] = _rank_matches(sport, rules, field, matches.get(event.id, []))
    return placed


def _breaks_ties_with_marks(sport: Sport) -> bool:
    """Whether the sport's tie-break keys read the marks: a sport that keeps the default has none,
    and marks are the bulk of what the ranking reads, so they are read only where they count."""
    return (
        isinstance(sport, MeasuredSport)
        and type(sport).tie_break_keys is not MeasuredSport.tie_break_keys
    )


def _competitors(event_ids: list[int], with_marks: list[int]) -> dict[int, list[_Competitor]]:
    """Registered entries with their current result, listed by bib (teams by name); the marks
    only for the events in `with_marks`. Core queries: ORM rows would cost more than the SQL."""
    query = (
        select(
            Entry.event_id,
            Entry.id,
            Participant.bib,
            Participant.name,
            Participant.station,
            Team.name,
            Team.station,
            Result.status,
            Result.value,
        )
        .select_from(Entry)
        .outerjoin(Participant, Participant.id == Entry.participant_id)
        .outerjoin(Team, Team.id == Entry.team_id)
        .outerjoin(
            Result, and_(Result.entry_id == Entry.id, Result.version == Entry.result_version)
        )
        .where(Entry.event_id.in_(event_ids), Entry.status == "registered")
        .order_by(Entry.event_id, Participant.bib, Team.name, Entry.id)
    )
    connection = db.session.connection()
    marks = dict(connection.execute(_current_marks(with_marks)).all()) if with_marks else {}
    found: dict[int, list[_Competitor]] = {}
    for row in connection.execute(query).all():
        event_id, entry_id, bib, name, station, team_name, team_station, status, value = row
        if team_name is not None:
            name, station, counts_for = team_name, team_station, team_station or team_name
        else:
            counts_for = station
        if status is None or (status == "ok" and value is None):
            status = PENDING
        found.setdefault(event_id, []).append(
            _Competitor(
                entry_id,
                bib,
                name,
                station or None,
                counts_for or None,
                status,
                value,
                marks.get(entry_id),
            )
        )
    return found


def _current_marks(event_ids: list[int]) -> Select:
    """(entry id, marks as JSON text) of the current ok results of registered entries of the
    events. Text, because most are never looked at: see _rank_measured."""
    return (
        select(Result.entry_id, cast(Result.marks, Text))
        .join(Entry, and_(Entry.id == Result.entry_id, Entry.result_version == Result.version))
        .where(Entry.event_id.in_(event_ids), Entry.status == "registered", Result.status == "ok")
    )


def _matches(event_ids: list[int]) -> dict[int, list[_MatchRow]]:
    query = (
        select(
            Match.event_id,
            Match.stage,
            Match.round,
            Match.group_label,
            Match.side_a_id,
            Match.side_b_id,
            Match.status,
            Match.winner,
            Result.status,
            Result.marks,
        )
        .outerjoin(
            Result, and_(Result.match_id == Match.id, Result.version == Match.result_version)
        )
        .where(Match.event_id.in_(event_ids))
        .order_by(Match.event_id, Match.round, Match.position, Match.id)
    )
    found: dict[int, list[_MatchRow]] = {}
    for event_id, *fields in db.session.connection().execute(query):
        found.setdefault(event_id, []).append(_MatchRow(*fields))
    return found


def _rank_measured(
    sport: MeasuredSport, rules: dict[str, Any], field: list[_Competitor]
) -> list[_Placed]:
    # Tie-break keys only ever separate equal values, so only the marks of results that share
    # their value with another are read: decoding every result's marks would cost more than the
    # rest of the ranking.
    keys = sport.tie_break_keys if _breaks_ties_with_marks(sport) else None
    shared = Counter(c.value for c in field if c.status == "ok") if keys else Counter()

    def tie_break(c: _Competitor) -> tuple[Any, ...]:
        if keys is None or shared[c.value] < 2:
            return ()
        return keys(json.loads(c.marks) if c.marks else {}, rules)

    inputs = [
        RankInput(index, c.value, "ok", tie_break(c))
        if c.status == "ok"
        else RankInput(index, None, "registered" if c.status == PENDING else c.status)
        for index, c in enumerate(field)
    ]
    placed = []
    for rank, item in rank_entries(inputs, sport.direction(rules)):
        c = field[item.entry]
        placed.append(_Placed(rank, c, c.value if c.status == "ok" else None, c.status))
    return placed


def _rank_matches(
    sport: MatchSport, rules: dict[str, Any], field: list[_Competitor], matches: list[_MatchRow]
) -> list[_Placed]:
    group_place, points = _group_places(sport, rules, matches)
    if any(m.stage in KNOCKOUT_STAGES for m in matches):
        ranks = _bracket_places(matches, group_place)
    elif len({m.group for m in matches if m.stage == "group"}) > 1:
        ranks = _shared_by_position(group_place)
    else:
        ranks = dict(group_place)
    order = {c.entry_id: index for index, c in enumerate(field)}
    placed = [
        _Placed(
            ranks.get(c.entry_id),
            c,
            points.get(c.entry_id),
            "ok" if ranks.get(c.entry_id) is not None else PENDING,
        )
        for c in field
    ]
    # Ranked first; then the unsettled, those with more group points first.
    placed.sort(
        key=lambda p: (
            p.rank is None,
            p.rank or 0,
            -(p.value if p.value is not None else -1),
            order[p.competitor.entry_id],
        )
    )
    return placed


def _group_places(
    sport: MatchSport, rules: dict[str, Any], matches: list[_MatchRow]
) -> tuple[dict[int, int], dict[int, float]]:
    """Each team's place in its group and its group points, among the teams that have played."""
    groups: dict[str, list[int]] = {}
    results: dict[str, list[MatchResult]] = {}
    for m in matches:
        if m.stage != "group" or m.a is None or m.b is None:
            continue
        if not m.finished or m.result_status is None:
            continue
        if m.result_status == "ok":
            score = sport.score(m.marks or {}, rules)
            score_a, score_b = score.a, score.b
        elif m.winner in ("a", "b"):
            # DNS, DNF or DQ of one side: a walkover, won by the smallest margin.
            score_a, score_b = (1, 0) if m.winner == "a" else (0, 1)
        else:
            continue
        # Only teams that have played are placed: a team yet to play has no place to share.
        teams = groups.setdefault(m.group, [])
        teams.extend(side for side in (m.a, m.b) if side not in teams)
        results.setdefault(m.group, []).append(MatchResult(m.a, m.b, score_a, score_b))
    places: dict[int, int] = {}
    points: dict[int, float] = {}
    for group, teams in groups.items():
        for row in group_table(teams, results[group], sport.points):
            places[row.team] = row.rank
            points[row.team] = float(row.points)
    return places, points


def _shared_by_position(group_place: dict[int, int]) -> dict[int, int]:
    """Places across several groups: teams with the same place in their groups share it."""
    ranking = rank_entries((RankInput(team, place) for team, place in group_place.items()), "lower")
    return {item.entry: rank for rank, item in ranking if rank is not None}


def _bracket_places(matches: list[_MatchRow], group_place: dict[int, int]) -> dict[int, int]:
    knockout = [m for m in matches if m.stage in ("knockout", "final")]
    third = next((m for m in matches if m.stage == "third_place"), None)
    if not knockout:
        return {}
    last_round = max(m.round for m in knockout)
    per_round: dict[int, int] = {}
    for m in knockout:
        per_round[m.round] = per_round.get(m.round, 0) + 1
    places: dict[int, int] = {}
    for m in knockout:
        decided = _winner_and_loser(m)
        if decided is None:
            continue
        winner, loser = decided
        if m.round == last_round:
            places[winner], places[loser] = 1, 2
        elif third is None or m.round != last_round - 1:
            # Everyone still in the next round finishes ahead of this round's losers.
            places[loser] = 2 * per_round.get(m.round + 1, 0) + 1
    if third is not None and (decided := _winner_and_loser(third)) is not None:
        places[decided[0]], places[decided[1]] = 3, 4

    bracket = [*knockout, third] if third is not None else knockout
    field = {side for m in bracket for side in (m.a, m.b) if side is not None}
    first_round = min(m.round for m in knockout)
    drawn = all(m.a is not None and m.b is not None for m in knockout if m.round == first_round)
    if drawn:
        out_in_groups = {team: place for team, place in group_place.items() if team not in field}
        for team, rank in _shared_by_position(out_in_groups).items():
            places[team] = len(field) + rank
    return places


def _winner_and_loser(m: _MatchRow) -> tuple[int, int] | None:
    if not m.finished or m.winner not in ("a", "b") or m.a is None or m.b is None:
        return None
    return (m.a, m.b) if m.winner == "a" else (m.b, m.a)
