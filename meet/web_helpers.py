"""What the blueprints share about a request: its language, the meet its URL names, and how a
registration request is limited and begun."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from flask import abort, current_app, g, request

from meet.config import DEFAULT_LOCALE, LANGUAGES

if TYPE_CHECKING:
    from meet.models import Meet

LANG_COOKIE = "meet_lang"

# A venue's riders share one public address (its Wi-Fi, or the carrier's NAT on 4G): the limit
# must let a crowd through (300 a minute) and only stops scripts.
DEFAULT_REGISTRATION_LIMIT = "300 per minute"

View = TypeVar("View", bound=Callable[..., Any])


def select_locale() -> str:
    """The language code the visitor chose (its cookie), or the default. Cheap: a polling screen's
    304 answer needs nothing more than this, never a parsed Locale."""
    chosen = request.cookies.get(LANG_COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT_LOCALE


def load_meet(
    values: dict[str, Any] | None,
    find: Callable[[str], Meet | None],
    not_found: Any = None,
) -> None:
    """For a blueprint's url_value_preprocessor: the meet a rule's <slug> names, found once with
    `find` (what this audience may see) into g.meet; 404 when there is none, saying `not_found`
    (a lazily translated text) when given. The slug leaves the view's arguments, so views read
    g.meet and nothing looks the meet up twice."""
    if values and "slug" in values:
        meet = find(values.pop("slug"))
        if meet is None:
            abort(404, description=str(not_found) if not_found else None)
        g.meet = meet


def registration_limit() -> str:
    """Per client address, for the form and the API alike."""
    return current_app.config.get("MEET_REGISTRATION_LIMIT", DEFAULT_REGISTRATION_LIMIT)


def reads_until_the_lock(view: View) -> View:
    """Mark a registration view: it only reads until the registration service takes the meet's
    lock, so on SQLite its transactions begin deferred even for a POST. A crowd then queues for
    the write lock once per rider, inside the service, and never for the reads before it (every
    other POST begins with the write lock: meet/sqlite.py). meet.web reads the mark before
    anything touches the database, the meet lookup of the URL included."""
    view.reads_until_the_lock = True  # type: ignore[attr-defined]
    return view


def reads_first(view: Callable[..., Any] | None) -> bool:
    """Whether a view carries the reads_until_the_lock mark."""
    return getattr(view, "reads_until_the_lock", False)
