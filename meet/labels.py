"""Translated names of the stored vocabularies (statuses, platforms, sports), in one place."""

from flask_babel import lazy_gettext as _l

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
SPORT = {
    "frisbee_football": _l("Frisbee football"),
    "plank": _l("Plank"),
    "tug_of_war": _l("Tug-of-war"),
    "pitch_pot": _l("Pitch-pot"),
    "bowling": _l("Bowling"),
    "custom": _l("Custom event"),
}


def template_helpers() -> dict:
    return {
        "meet_status_label": lambda key: MEET_STATUS.get(key, key),
        "event_status_label": lambda key: EVENT_STATUS.get(key, key),
        "platform_label": lambda key: PLATFORM.get(key, key),
        "sport_label": lambda key: SPORT.get(key, key),
    }

# What the audit log records (issue 3 and the parts that write to it); unknown actions show as
# their code.
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
}

# What a rider's line in a ranking says instead of a place (issue 7).
RESULT_STATUS = {
    "pending": _l("Yet to compete"),
    "DNS": _l("Did not start"),
    "DNF": _l("Did not finish"),
    "DQ": _l("Disqualified"),
}
