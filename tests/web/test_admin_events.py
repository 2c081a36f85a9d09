"""Events at the desk: made from each sport's template, rules checked by the sport's module,
and the changes refused that would contradict entries or results."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog, Entry, Event, Result
from meet.sports.registry import get_sport

COMMON = {"starts_at": "2026-06-06T09:30", "place": "中心广场A区", "capacity": "40"}
SPORT_FORMS = {
    "plank": {"name": "平板支撑", "rules_max_seconds": "900"},
    "pitch_pot": {
        "name": "投壶",
        "rules_rounds": "2",
        "rules_arrows_per_round": "4",
        "rules_points_pot": "2",
        "rules_points_ear": "3",
        "rules_points_miss": "0",
    },
    "bowling": {"name": "趣味保龄球", "rules_frames": "5"},
    "tug_of_war": {
        "name": "拔河",
        "rules_pulls": "3",
        "team_size_min": "8",
        "team_size_max": "10",
    },
    "frisbee_football": {
        "name": "飞盘足球",
        "rules_minutes": "10",
        "rules_team_size": "5",
        "team_size_min": "5",
        "team_size_max": "7",
    },
    "custom": {
        "name": "跳绳",
        "kind": "individual",
        "rules_measure": "count",
        "rules_unit": "次",
        "rules_direction": "higher",
        "rules_attempts": "2",
        "rules_aggregate": "best",
    },
}
EXPECTED_RULES = {
    "plank": {"max_seconds": 900},
    "pitch_pot": {"rounds": 2, "arrows_per_round": 4, "points": {"pot": 2, "ear": 3, "miss": 0}},
    "bowling": {"frames": 5},
    "tug_of_war": {"pulls": 3},
    "frisbee_football": {"minutes": 10, "team_size": 5},
    "custom": {
        "measure": "count",
        "unit": "次",
        "direction": "higher",
        "attempts": 2,
        "aggregate": "best",
    },
}


@pytest.fixture
def meet(desk):
    """yuhong, a draft meet at the signed-in organizer's desk."""
    return desk(slug="yuhong", status="draft")


def add_event(submit, sport: str, **changes):
    return submit(
        f"/admin/meets/yuhong/events/new/{sport}", {**COMMON, **SPORT_FORMS[sport], **changes}
    )


def only_event() -> Event:
    db.session.rollback()
    return db.session.scalar(select(Event))


def with_result(event: Event, create_rider, create_entry) -> Entry:
    entry = create_entry(event, create_rider(event.meet))
    db.session.add(Result(event_id=event.id, entry_id=entry.id, version=1, marks={"seconds": 60}))
    db.session.commit()
    return entry


def test_the_sport_chooser_offers_every_sport(client, meet):
    page = client.get("/admin/meets/yuhong/events/new").text
    for sport in SPORT_FORMS:
        assert f'href="/admin/meets/yuhong/events/new/{sport}"' in page


@pytest.mark.parametrize("sport", list(SPORT_FORMS))
def test_each_sport_template_opens_with_its_usual_rules(client, meet, sport):
    page = client.get(f"/admin/meets/yuhong/events/new/{sport}")
    assert page.status_code == 200
    defaults = get_sport(sport).default_rules()
    flat = {
        f"{name}_{part}" if isinstance(value, dict) else name: inner
        for name, value in defaults.items()
        for part, inner in (value.items() if isinstance(value, dict) else [(None, value)])
    }
    for name, value in flat.items():
        if name in ("measure", "direction", "aggregate"):
            assert f'<option selected value="{value}">' in page.text
        else:
            assert re.search(f'name="rules_{name}"[^>]*value="{value}"', page.text), name


@pytest.mark.parametrize("sport", list(SPORT_FORMS))
def test_an_event_of_each_sport_is_saved_with_its_rules(submit, meet, sport):
    response = add_event(submit, sport)
    assert response.status_code == 302, response.text
    event = only_event()
    assert event.sport == sport
    assert event.rules == EXPECTED_RULES[sport]
    assert event.kind == ("team" if sport in ("tug_of_war", "frisbee_football") else "individual")
    assert event.capacity == 40
    assert event.place == "中心广场A区"


def test_the_start_is_typed_in_china_time_and_kept_in_utc(client, submit, meet):
    add_event(submit, "plank")
    event = only_event()
    assert event.starts_at == datetime(2026, 6, 6, 1, 30)
    assert 'value="2026-06-06T09:30"' in client.get(f"/admin/events/{event.id}/edit").text


def test_team_sizes_are_kept_for_team_events_only(submit, meet):
    add_event(submit, "tug_of_war")
    event = only_event()
    assert (event.team_size_min, event.team_size_max) == (8, 10)


def test_a_custom_team_event_keeps_its_kind_and_ranking(submit, meet):
    changes = {
        "kind": "team",
        "rules_measure": "time",
        "rules_direction": "lower",
        "rules_aggregate": "sum",
        "team_size_min": "3",
        "team_size_max": "4",
    }
    add_event(submit, "custom", **changes)
    event = only_event()
    assert event.kind == "team"
    assert event.rules["direction"] == "lower"
    assert event.rules["aggregate"] == "sum"
    assert (event.team_size_min, event.team_size_max) == (3, 4)


def test_zero_arrows_are_refused_next_to_the_field_and_the_input_is_kept(submit, meet):
    response = add_event(submit, "pitch_pot", rules_arrows_per_round="0", rules_rounds="3")
    assert response.status_code == 422
    assert 'id="rules_arrows_per_round-error"' in response.text
    assert "请输入 1 到 20 的数字" in response.text
    assert 'name="rules_rounds" type="text" value="3"' in response.text
    assert 'value="0"' in response.text
    assert only_event() is None


def test_an_even_number_of_pulls_is_refused(submit, meet):
    response = add_event(submit, "tug_of_war", rules_pulls="4")
    assert response.status_code == 422
    assert 'id="rules_pulls-error"' in response.text
    assert "请输入单数" in response.text
    assert 'value="4"' in response.text
    assert only_event() is None


def test_rules_that_are_not_numbers_are_refused(submit, meet):
    response = add_event(submit, "plank", rules_max_seconds="十分钟")
    assert response.status_code == 422
    assert "请输入整数" in response.text
    assert 'value="十分钟"' in response.text


def test_a_tampered_choice_in_the_rules_is_refused(submit, meet):
    response = add_event(submit, "custom", rules_direction="sideways")
    assert response.status_code == 422
    assert "请从选项中选择一个" in response.text


def test_the_smallest_team_cannot_be_larger_than_the_largest(submit, meet):
    response = add_event(submit, "frisbee_football", team_size_min="8", team_size_max="6")
    assert response.status_code == 422
    assert 'id="team_size_min-error"' in response.text
    assert "每队最少人数不能多于最多人数" in response.text
    assert 'value="8"' in response.text and 'value="6"' in response.text


def test_a_points_multiplier_out_of_range_is_refused(submit, meet):
    response = add_event(submit, "plank", points_multiplier="11")
    assert response.status_code == 422
    assert "请输入 0 到 10 的数字" in response.text


def test_every_problem_is_shown_at_once(submit, meet):
    response = add_event(submit, "pitch_pot", name="", rules_rounds="0", rules_points_pot="x")
    assert response.status_code == 422
    for field in ("name", "rules_rounds", "rules_points_pot"):
        assert f'id="{field}-error"' in response.text


def test_capacity_below_the_registered_entries_is_refused(
    submit, meet, create_event, create_rider, create_entry
):
    event = create_event(meet, capacity=10)
    for _ in range(3):
        create_entry(event, create_rider(meet))
    create_entry(event, create_rider(meet), status="waitlisted")
    form = {**COMMON, **SPORT_FORMS["plank"], "capacity": "2"}
    response = submit(f"/admin/events/{event.id}/edit", form)
    assert response.status_code == 422
    assert "已有 3 个报名，名额不能少于这个数" in response.text
    assert 'value="2"' in response.text
    assert only_event().capacity == 10
    # The waitlisted entry does not hold a place: three places are enough.
    assert submit(f"/admin/events/{event.id}/edit", {**form, "capacity": "3"}).status_code == 302
    assert only_event().capacity == 3


def test_editing_an_event_records_before_and_after(submit, meet, create_event):
    event = create_event(meet, place="A区")
    response = submit(f"/admin/events/{event.id}/edit", {**COMMON, **SPORT_FORMS["plank"]})
    assert response.status_code == 302
    db.session.rollback()
    [row] = db.session.scalars(select(AuditLog).where(AuditLog.action == "event.updated"))
    assert row.before["place"] == "A区"
    assert row.after["place"] == "中心广场A区"
    assert row.before["rules"] == {"max_seconds": 600}
    assert row.after["rules"] == {"max_seconds": 900}


def change_sport(submit, event, sport):
    return submit(
        f"/admin/events/{event.id}/sport", {"sport": sport}, f"/admin/events/{event.id}/edit"
    )


def test_the_sport_of_an_event_without_results_can_change(submit, meet, create_event):
    event = create_event(meet)
    response = change_sport(submit, event, "bowling")
    assert response.status_code == 302
    event = only_event()
    assert event.sport == "bowling"
    assert event.rules == {"frames": 10}


def test_the_sport_cannot_change_once_results_exist(
    submit, meet, create_event, create_rider, create_entry
):
    event = create_event(meet)
    with_result(event, create_rider, create_entry)
    response = change_sport(submit, event, "bowling")
    assert response.status_code == 422
    assert "这个项目已有成绩，不能再更换运动类型" in response.text
    assert '<option selected value="bowling">' in response.text
    assert only_event().sport == "plank"


def test_an_event_with_entries_cannot_switch_between_individual_and_team(
    submit, meet, create_event, create_rider, create_entry
):
    event = create_event(meet)
    create_entry(event, create_rider(meet))
    response = change_sport(submit, event, "tug_of_war")
    assert response.status_code == 422
    assert "已经有人报名，项目不能再在个人和团体之间切换" in response.text
    assert only_event().sport == "plank"
    custom = create_event(meet, sport="custom", name="跳绳", rules={"measure": "count"})
    create_entry(custom, create_rider(meet))
    form = {**COMMON, **SPORT_FORMS["custom"], "kind": "team"}
    response = submit(f"/admin/events/{custom.id}/edit", form)
    assert response.status_code == 422
    assert "已经有人报名" in response.text


def test_an_event_with_results_cannot_be_deleted(
    client, submit, meet, create_event, create_rider, create_entry
):
    event = create_event(meet)
    with_result(event, create_rider, create_entry)
    page = client.get(f"/admin/events/{event.id}/edit").text
    assert "这个项目已有成绩，不能删除" in page
    response = submit(f"/admin/events/{event.id}/delete", {}, f"/admin/events/{event.id}/edit")
    assert response.status_code == 422
    assert "请把它留在赛程中" in response.text
    assert only_event() is not None


def test_an_event_without_results_is_deleted_with_its_entries(
    submit, meet, create_event, create_rider, create_entry
):
    event = create_event(meet, name="平板支撑")
    create_entry(event, create_rider(meet))
    response = submit(f"/admin/events/{event.id}/delete", {}, f"/admin/events/{event.id}/edit")
    assert response.status_code == 302
    assert only_event() is None
    assert db.session.scalar(select(Entry)) is None
    [row] = db.session.scalars(select(AuditLog).where(AuditLog.action == "event.deleted"))
    assert row.before["name"] == "平板支撑"
    assert row.before["entries"] == 1
    assert row.meet_id == meet.id


def test_an_unknown_sport_or_event_is_not_found(client, meet):
    assert client.get("/admin/meets/yuhong/events/new/chess").status_code == 404
    assert client.get("/admin/events/999/edit").status_code == 404


def test_more_places_move_riders_up_from_the_waitlist(
    submit, meet, create_event, create_rider, create_entry
):
    event = create_event(meet, capacity=1)
    create_entry(event, create_rider(meet))
    first = create_entry(event, create_rider(meet), status="waitlisted")
    second = create_entry(event, create_rider(meet), status="waitlisted")
    form = {**COMMON, **SPORT_FORMS["plank"], "capacity": "2"}
    assert submit(f"/admin/events/{event.id}/edit", form).status_code == 302
    db.session.rollback()
    statuses = [db.session.get(Entry, entry.id).status for entry in (first, second)]
    assert statuses == ["registered", "waitlisted"]
    assert submit(f"/admin/events/{event.id}/edit", {**form, "capacity": ""}).status_code == 302
    db.session.rollback()
    assert db.session.get(Entry, second.id).status == "registered"
