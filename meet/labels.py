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
