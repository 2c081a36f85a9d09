"""Rankings and team standings pages for the organizer (issue 7): the whole meet at a glance, and
one event's full ranking."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import get_locale
from flask_login import login_required

from meet.admin.routes import bp
from meet.services import events, meets, rankings

# The meet's page shows each event's top places; the event's own page shows everyone.
TOP_PLACES = 10


@bp.route("/meets/<slug>/rankings")
@login_required
def meet_rankings(slug: str):
    meet = meets.meet_by_slug(slug) or abort(404)
    state = rankings.meet_rankings(meet, str(get_locale()), top=TOP_PLACES)
    return render_template("admin/rankings/meet.html", meet=meet, state=state, top=TOP_PLACES)


@bp.route("/events/<int:event_id>/rankings")
@login_required
def event_rankings(event_id: int):
    event = events.get_event(event_id) or abort(404)
    rows = rankings.event_ranking(event, str(get_locale()))
    return render_template("admin/rankings/event.html", meet=event.meet, event=event, rows=rows)
