"""Teams of team events as riders meet them at registration: the teams still open to join, the
join codes captains share, and the checks (withdrawn, full, name taken) made when a rider chooses
and again under the meet's lock."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Entry, Event, Meet, Team, TeamMember
from meet.services.tokens import new_code

JOIN_CODE_LENGTH = 6


@dataclass
class TeamOption:
    team: Team
    members: int
    full: bool


def open_teams(meet: Meet) -> dict[int, list[TeamOption]]:
    """Teams a rider may still join, per team event: not withdrawn, with their size."""
    sizes = (
        select(TeamMember.team_id, func.count().label("members"))
        .group_by(TeamMember.team_id)
        .subquery()
    )
    query = (
        select(Team, func.coalesce(sizes.c.members, 0), Event.team_size_max)
        .join(Event, Event.id == Team.event_id)
        .join(Entry, Entry.team_id == Team.id)
        .outerjoin(sizes, sizes.c.team_id == Team.id)
        .where(Team.meet_id == meet.id, Entry.status != "withdrawn")
        .order_by(Team.station, Team.name)
    )
    options: dict[int, list[TeamOption]] = {}
    for team, members, size_max in db.session.execute(query):
        full = size_max is not None and members >= size_max
        options.setdefault(team.event_id, []).append(TeamOption(team, members, full))
    return options


def team_with_join_code(meet_id: int, code: str) -> Team | None:
    return db.session.scalar(select(Team).where(Team.meet_id == meet_id, Team.join_code == code))


def team_named(event: Event, name: str) -> Team | None:
    return db.session.scalar(select(Team).where(Team.event_id == event.id, Team.name == name))


def team_entry(team: Team) -> Entry | None:
    return db.session.scalar(select(Entry).where(Entry.team_id == team.id))


def team_problem(event: Event, team: Team) -> str | None:
    """Why a rider cannot join the team (an error code), or None."""
    entry = team_entry(team)
    if entry is None or entry.status == "withdrawn":
        return "team_unknown"
    if event.team_size_max is not None and member_count(team.id) >= event.team_size_max:
        return "team_full"
    return None


def member_count(team_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(TeamMember).where(TeamMember.team_id == team_id)
    )


def same_station(one: str, other: str) -> bool:
    """Stations as riders type them: "于洪 站" is "于洪站"."""
    return _station_key(one) == _station_key(other)


def _station_key(station: str) -> str:
    return "".join(station.split()).casefold()


def unused_join_code(meet_id: int, taken: set[str]) -> str:
    """A join code no team of the meet has, nor any in `taken` (codes given out but not saved
    yet); it is added to `taken`."""
    while True:  # 32^6 codes: a repeat is rare, and we hold the lock while we look
        code = new_code(JOIN_CODE_LENGTH)
        query = select(Team.id).where(Team.meet_id == meet_id, Team.join_code == code)
        if code not in taken and db.session.scalar(query) is None:
            taken.add(code)
            return code
