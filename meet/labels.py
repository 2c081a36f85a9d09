"""Translated names of the stored vocabularies (statuses, platforms, sports, audit rows), in one
place, and the template helpers that show them."""

import json
from typing import Any

from flask_babel import lazy_gettext as _l

from meet.sports.registry import SPORTS

MEET_STATUS = {
    "draft": _l("Draft"),
    "open": _l("Registration open"),
    "closed": _l("Registration closed"),
    "finished": _l("Finished"),
}
EVENT_STATUS = {
    "scheduled": _l("Scheduled"),
    "running": _l("Running"),
    "finished": _l("Finished"),
    "official": _l("Official"),
}
PLATFORM = {
    "meituan": _l("Meituan"),
    "eleme": _l("Ele.me"),
    "sf": _l("SF Express"),
    "jd": _l("JD Logistics"),
    "huolala": _l("Huolala"),
    "other": _l("Other"),
}

# What the audit log records; unknown actions show as their code.
AUDIT_ACTION = {
    "meet.created": _l("Meet created"),
    "meet.updated": _l("Meet edited"),
    "meet.status_changed": _l("Meet status changed"),
    "meet.copied": _l("Meet copied"),
    "meet.points_table_changed": _l("Points table changed"),
    "event.created": _l("Event added"),
    "event.updated": _l("Event edited"),
    "event.sport_changed": _l("Event sport changed"),
    "event.deleted": _l("Event deleted"),
    "referee_access.created": _l("Referee access made"),
    "referee_access.revoked": _l("Referee access revoked"),
    "meet.print_settings": _l("Print settings changed"),
}
AUDIT_OBJECT = {
    "Meet": _l("Meet"),
    "Event": _l("Event"),
    "RefereeAccess": _l("Referee access"),
    "Participant": _l("Rider"),
    "Team": _l("Team"),
    "Entry": _l("Entry"),
    "Match": _l("Match"),
    "Result": _l("Result"),
    "User": _l("Organizer account"),
}
# The fields the desk's audit rows name; others show as stored.
AUDIT_FIELD = {
    "slug": _l("Web address"),
    "name": _l("Name"),
    "starts_on": _l("First day"),
    "ends_on": _l("Last day"),
    "venue": _l("Venue"),
    "organizer_name": _l("Organizer"),
    "seal_text": _l("Seal text"),
    "registration_opens_at": _l("Registration opens"),
    "registration_closes_at": _l("Registration closes"),
    "status": _l("Status"),
    "points_table": _l("Points table"),
    "team_event_multiplier": _l("Team events count times"),
    "multiplier": _l("Team events count times"),
    "sport": _l("Sport"),
    "kind": _l("Individual or team"),
    "rules": _l("Rules"),
    "capacity": _l("Places"),
    "team_size_min": _l("Smallest team"),
    "team_size_max": _l("Largest team"),
    "starts_at": _l("Starts at"),
    "place": _l("Place"),
    "points_multiplier": _l("Team standings multiplier"),
    "events": _l("Events"),
    "entries": _l("Entries"),
    "revoked_at": _l("Revoked at"),
    "source": _l("Copied from"),
}

# What a rider's line in a ranking says instead of a place.
RESULT_STATUS = {
    "pending": _l("Yet to compete"),
    "DNS": _l("Did not start"),
    "DNF": _l("Did not finish"),
    "DQ": _l("Disqualified"),
}


def audit_label(vocabulary: str, key: str) -> str:
    """The translated name of an audit row's action, object type or field; unknown keys (from
    parts of the app that added their own) show as stored."""
    labels = {"action": AUDIT_ACTION, "object": AUDIT_OBJECT, "field": AUDIT_FIELD}[vocabulary]
    return str(labels.get(key, key))


def audit_value(value: Any) -> str:
    """A value from an audit row's before or after, compact and readable."""
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def template_helpers() -> dict[str, Any]:
    """The labels every template may call. Pure: none of them reads the database (a page's data
    is what its route passes in)."""
    return {
        "meet_status_label": lambda key: MEET_STATUS.get(key, key),
        "event_status_label": lambda key: EVENT_STATUS.get(key, key),
        "platform_label": lambda key: PLATFORM.get(key, key),
        "sport_label": lambda key: SPORTS[key].label if key in SPORTS else key,
        "result_status_label": lambda key: str(RESULT_STATUS.get(key, "")),
        "audit_label": audit_label,
        "audit_value": audit_value,
    }
