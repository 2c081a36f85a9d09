"""The public results: the big-screen board of a meet and the rankings pages for phones."""

from __future__ import annotations

from flask import abort, g, render_template
from flask_babel import get_locale

from meet.services.rankings import events as rankings
from meet.services.rankings.board import (
    BOARD_ROWS,
    BOARD_TEAMS,
    leaders_by_event,
    meet_tag,
    updated_label,
)

# The public meet page lists each event's leaders; the event's own page lists everyone.
LEADERS = 10


def board():
    meet = g.meet
    locale = str(get_locale())
    # The tag first: a result recorded while the page is built makes the screen fetch again.
    tag = meet_tag(meet.slug, locale) or abort(404)
    state = rankings.meet_rankings(meet, locale, top=BOARD_ROWS)
    return render_template(
        "board/board.html",
        meet=meet,
        state=state,
        leaders=leaders_by_event(state),
        etag=f'W/"{tag}"',
        updated=updated_label(state),
        board_teams=BOARD_TEAMS,
    )


def meet_rankings():
    meet = g.meet
    state = rankings.meet_rankings(meet, str(get_locale()), top=LEADERS)
    return render_template(
        "board/rankings.html", meet=meet, state=state, leaders=leaders_by_event(state)
    )


def event_rankings(event_id: int):
    event = rankings.public_event(event_id)
    if event is None or event.meet_id != g.meet.id:
        abort(404)
    rows = rankings.event_ranking(event, str(get_locale()))
    return render_template("board/event_rankings.html", meet=event.meet, event=event, rows=rows)
