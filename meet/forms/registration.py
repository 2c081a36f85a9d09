"""The registration form, on a rider's phone and at the desk (walk-ins): what it shows, its fields
kept as typed for a re-shown form, and read into the service's RiderDetails. The rules themselves
live in meet.services.registration.intake (one place for the form, the desk and the API)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from meet.models import Meet
from meet.models.people import PLATFORMS
from meet.services.meet_queries import entered_counts
from meet.services.registration import queries, teams
from meet.services.registration.intake import RiderDetails, TeamChoice, is_id

TEXT_FIELDS = ("name", "phone", "platform", "station", "emergency_contact")
# Nobody types more than this into a field; the service reports what is too long.
MAX_KEPT = 200


def form_context(
    meet: Meet, values: dict[str, Any] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    """What the form's template (templates/register/_fields.html) shows: the values and errors,
    the choices, each event's entries, the teams open to join and the stations known so far."""
    return {
        "values": values or form_values(None),
        "errors": errors or {},
        "platforms": PLATFORMS,
        "entered": entered_counts(meet),
        "teams": teams.open_teams(meet),
        "stations": queries.known_stations(meet),
    }


def form_values(form: MultiDict | None) -> dict[str, Any]:
    """What the rider typed, to fill the form again after an error (never a password or token)."""
    form = form or MultiDict()
    values: dict[str, Any] = {name: form.get(name, "")[:MAX_KEPT] for name in TEXT_FIELDS}
    values["events"] = set(form.getlist("events"))
    values["consent"] = bool(form.get("consent"))
    values["check_in"] = bool(form.get("check_in"))
    for key in form:
        if key.startswith("team_"):
            values[key] = form.get(key, "")[:MAX_KEPT]
    return values


def details_from_form(form: MultiDict) -> RiderDetails:
    event_ids = form.getlist("events")
    teams = {}
    for raw in event_ids:
        if is_id(raw):
            choice = team_choice_from_form(form, int(raw))
            if choice is not None:
                teams[int(raw)] = choice
    return RiderDetails(
        name=form.get("name", ""),
        phone=form.get("phone", ""),
        platform=form.get("platform", ""),
        station=form.get("station", ""),
        event_ids=event_ids,
        consent=bool(form.get("consent")),
        emergency_contact=form.get("emergency_contact", ""),
        teams=teams,
    )


def team_choice_from_form(form: MultiDict, event_id: int) -> TeamChoice | None:
    """The radio `team_<id>` says how: "pick:<team id>", "join" (with team_code_<id>) or "create"
    (with team_name_<id>). With no radio (a browser without CSS shows every box), the text the
    rider filled in says it."""
    how = form.get(f"team_{event_id}", "")
    code = form.get(f"team_code_{event_id}", "")
    name = form.get(f"team_name_{event_id}", "")
    if how.startswith("pick:"):
        return TeamChoice("pick", how.removeprefix("pick:"))
    if how == "join" or (not how and code.strip()):
        return TeamChoice("join", code)
    if how == "create" or (not how and name.strip()):
        return TeamChoice("create", name)
    return None
