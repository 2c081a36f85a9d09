"""What the board and the polling API share: the cheap tag that tells a screen whether anything
changed since it looked, the lines a board shows, and the body each process builds once per tag
for however many screens ask."""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask_babel import format_time
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, select

from meet.extensions import db
from meet.models import Event, Meet
from meet.services.meet_queries import fits_id
from meet.services.rankings.events import MeetRankings, RankedRow

# The board shows the leaders of each event and the top of the standings: what fits a screen.
BOARD_ROWS = 8
BOARD_TEAMS = 10


def board_rows(rows: list[RankedRow]) -> list[RankedRow]:
    """The lines a board shows for an event: those with a place, or with points so far."""
    return [row for row in rows if row.rank is not None or row.value is not None]


def leaders_by_event(state: MeetRankings) -> dict[int, list[RankedRow]]:
    """The board's lines of every event of a meet's rankings, by event id: what a board or a
    leaders page shows."""
    return {ranking.event.id: board_rows(ranking.rows) for ranking in state.events}


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


class SharedBodies:
    """The latest JSON body built for each resource (a request path) with the tag it was built
    for: built once per process however many screens ask, and never by two threads at once.

    A body is a function of the database state its tag names, so screens can share it: without
    this, one new result would make 200 polling screens rank the whole meet 200 times at once.
    While a newer version is being built, other requests get the latest body already built with
    its own (older) tag, so no thread waits and the screens catch up at their next poll. Nothing
    here decides what is current: every request reads the tag from the database first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._latest: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._building: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, resource: str, tag: str, build: Callable[[], bytes]) -> tuple[str, bytes]:
        """The body for `tag`, or while another thread builds, the latest one built: (tag, body)."""
        while True:
            with self._lock:
                latest = self._latest.get(resource)
                if latest is not None and (latest[0] == tag or resource in self._building):
                    return latest
                done = self._building.get(resource)
                if done is None:
                    done = self._building[resource] = threading.Event()
                    break
            done.wait()  # the very first build of this resource: nothing to hand out before it
        try:
            body = build()
            with self._lock:
                self._latest[resource] = (tag, body)
                self._latest.move_to_end(resource)
                while len(self._latest) > self._size:
                    self._latest.popitem(last=False)
        finally:
            with self._lock:
                self._building.pop(resource).set()
        return tag, body
