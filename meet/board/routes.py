"""The public results: the big-screen board of a meet and the rankings pages for phones, plus the
template helpers that show a rider's places on their own page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import get_locale

from meet.labels import RESULT_STATUS
from meet.models import Participant
from meet.services import meets, rankings

bp = Blueprint("board", __name__)

# The public meet page lists each event's leaders; the event's own page lists everyone.
LEADERS = 10


@bp.app_template_global()
def rider_places(rider: Participant) -> list:
    """For the rider's own page (templates/register/_my_results.html)."""
    return rankings.rider_places(rider, str(get_locale()))


bp.add_app_template_global(rankings.board_rows, "board_rows")


@bp.app_template_global()
def result_status_label(status: str) -> str:
    return str(RESULT_STATUS.get(status, ""))


@bp.route("/m/<slug>/board")
def board(slug: str):
    locale = str(get_locale())
    # The tag first: a result recorded while the page is built makes the screen fetch again.
    tag = rankings.meet_tag(slug, locale) or abort(404)
    meet = meets.public_meet(slug) or abort(404)
    state = rankings.meet_rankings(meet, locale, top=rankings.BOARD_ROWS)
    return render_template(
        "board/board.html",
        meet=meet,
        state=state,
        etag=f'W/"{tag}"',
        updated=rankings.updated_label(state),
        board_teams=rankings.BOARD_TEAMS,
    )


@bp.route("/m/<slug>/rankings")
def meet_rankings(slug: str):
    meet = meets.public_meet(slug) or abort(404)
    state = rankings.meet_rankings(meet, str(get_locale()), top=LEADERS)
    return render_template("board/rankings.html", meet=meet, state=state)


@bp.route("/m/<slug>/rankings/<int:event_id>")
def event_rankings(slug: str, event_id: int):
    event = rankings.public_event(event_id)
    if event is None or event.meet.slug != slug:
        abort(404)
    rows = rankings.event_ranking(event, str(get_locale()))
    return render_template("board/event_rankings.html", meet=event.meet, event=event, rows=rows)
