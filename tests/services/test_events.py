"""The events service: sport templates, the rules each sport's module checks, and the guards
on capacity, kind and sport."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog
from meet.services.events import (
    EventDetails,
    change_event_sport,
    create_event,
    event_template,
    sport_kind,
    update_event,
)
from meet.services.meets import ChangeRefused
from meet.sports.registry import SPORTS, get_sport

WHO = {"actor": "test"}


@pytest.mark.parametrize("sport", list(SPORTS))
def test_every_sport_template_passes_its_own_rules_check(sport):
    template = event_template(sport, "项目")
    assert get_sport(sport).validate_rules(template.rules) == template.rules


def test_match_sports_are_team_events_and_only_custom_events_choose():
    assert sport_kind("tug_of_war", "individual") == "team"
    assert sport_kind("frisbee_football") == "team"
    assert sport_kind("plank", "team") == "individual"
    assert sport_kind("custom", "team") == "team"


def test_team_sport_templates_suggest_a_roster():
    template = event_template("tug_of_war", "拔河")
    assert (template.kind, template.team_size_min, template.team_size_max) == ("team", 8, 10)
    assert event_template("plank", "平板支撑").team_size_min is None


def test_new_events_go_to_the_end_of_the_programme(create_meet):
    meet = create_meet()
    first = create_event(meet, event_template("plank", "平板支撑"), **WHO)
    second = create_event(meet, event_template("bowling", "保龄球"), **WHO)
    assert (first.position, second.position) == (0, 1)


def test_a_rules_problem_names_the_rules_field(create_meet):
    meet = create_meet()
    rules = {"rounds": 2, "arrows_per_round": 4, "points": {"pot": -1, "ear": 1, "miss": 0}}
    details = EventDetails(sport="pitch_pot", name="投壶", rules=rules)
    with pytest.raises(ChangeRefused) as refused:
        create_event(meet, details, **WHO)
    assert refused.value.problems["rules.points.pot"].code == "out_of_range"


def test_an_individual_event_keeps_no_team_sizes(create_meet):
    meet = create_meet()
    details = EventDetails(sport="plank", name="平板支撑", team_size_min=9, team_size_max=2)
    event = create_event(meet, details, **WHO)
    assert (event.team_size_min, event.team_size_max) == (None, None)


def test_capacity_counts_registered_entries_only(
    create_meet, create_event, create_rider, create_entry
):
    from meet.services.events import event_snapshot

    meet = create_meet()
    event = create_event(meet, capacity=5)
    create_entry(event, create_rider(meet))
    create_entry(event, create_rider(meet), status="waitlisted")
    create_entry(event, create_rider(meet), status="withdrawn")
    base = EventDetails(sport="plank", name=event.name, rules=event.rules)
    update_event(event, replace(base, capacity=1), **WHO)
    assert event.capacity == 1
    with pytest.raises(ChangeRefused) as refused:
        update_event(event, replace(base, capacity=0), **WHO)
    assert refused.value.problems["capacity"].code == "at_least_one"
    update_event(event, base, **WHO)  # no capacity: no limit
    assert event.capacity is None
    assert event_snapshot(event)["capacity"] is None


def test_an_unchanged_save_writes_no_audit_row(create_meet, create_event):
    meet = create_meet()
    event = create_event(meet, rules={"max_seconds": 600})
    details = EventDetails(sport="plank", name=event.name, rules={"max_seconds": 600})
    update_event(event, details, **WHO)
    assert (
        db.session.scalars(select(AuditLog).where(AuditLog.action == "event.updated")).all() == []
    )


def test_a_new_sport_brings_its_template_rules_and_roster(create_meet, create_event):
    meet = create_meet()
    event = create_event(meet, sport="custom", kind="team", rules={"measure": "count"})
    change_event_sport(event, "tug_of_war", **WHO)
    assert (event.sport, event.kind, event.rules) == ("tug_of_war", "team", {"pulls": 3})
    assert (event.team_size_min, event.team_size_max) == (8, 10)
    [row] = db.session.scalars(select(AuditLog).where(AuditLog.action == "event.sport_changed"))
    assert (row.before["sport"], row.after["sport"]) == ("custom", "tug_of_war")


def test_an_unknown_sport_is_refused(create_meet, create_event):
    event = create_event(create_meet())
    with pytest.raises(ChangeRefused) as refused:
        change_event_sport(event, "chess", **WHO)
    assert refused.value.problems["sport"].code == "not_a_choice"
