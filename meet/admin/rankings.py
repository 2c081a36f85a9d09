"""Rankings and team standings pages for the organizer: the whole meet at a glance, and
one event's full ranking."""

from __future__ import annotations

from flask import abort, g, render_template
from flask_babel import get_locale

from meet.services import events
from meet.services.rankings import events as rankings
from meet.services.rankings.board import leaders_by_event

# The meet's page shows each event's top places; the event's own page shows everyone.
TOP_PLACES = 10


def meet_rankings():
    meet = g.meet
    state = rankings.meet_rankings(meet, str(get_locale()), top=TOP_PLACES)
    return render_template(
        "admin/rankings/meet.html",
        meet=meet,
        state=state,
        leaders=leaders_by_event(state),
        top=TOP_PLACES,
    )


def event_rankings(event_id: int):
    event = events.get_event(event_id) or abort(404)
    rows = rankings.event_ranking(event, str(get_locale()))
    return render_template("admin/rankings/event.html", meet=event.meet, event=event, rows=rows)
