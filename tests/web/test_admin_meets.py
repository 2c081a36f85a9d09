"""The organizer's meets: create, edit, guarded status changes, copy, points table, audit log."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog, Meet, Result

MEET_FORM = {
    "name": "沈北新区流动运动会",
    "slug": "shenbei-2026",
    "starts_on": "2026-06-06",
    "ends_on": "2026-06-07",
    "venue": "沈北文化广场",
    "organizer_name": "沈北新区总工会",
    "seal_text": "沈北新区总工会",
    "registration_opens_at": "2026-05-20T09:00",
    "registration_closes_at": "2026-06-05T18:00",
}


def meet_named(slug: str) -> Meet | None:
    db.session.rollback()  # see what the requests committed
    return db.session.scalar(select(Meet).where(Meet.slug == slug))


def audit_rows(action: str) -> list[AuditLog]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_desk_pages_need_a_signed_in_organizer(client, create_meet):
    meet = create_meet()
    for path in (
        "/admin/meets/new",
        f"/admin/meets/{meet.slug}/",
        f"/admin/meets/{meet.slug}/audit",
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert "/admin/login" in response.headers["Location"]


def test_organizer_creates_a_meet_that_starts_as_a_draft(client, login, submit):
    login()
    response = submit("/admin/meets/new", MEET_FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/meets/shenbei-2026/")
    meet = meet_named("shenbei-2026")
    assert meet.status == "draft"
    assert meet.points_table == [7, 5, 4, 3, 2, 1]
    assert meet.team_event_multiplier == 2
    assert (meet.starts_on, meet.ends_on) == (date(2026, 6, 6), date(2026, 6, 7))
    [created] = audit_rows("meet.created")
    assert created.actor == "organizer"
    assert created.after["name"] == "沈北新区流动运动会"
    assert client.get("/admin/meets/shenbei-2026/").status_code == 200


def test_the_registration_window_is_typed_in_china_time_and_kept_in_utc(client, login, submit):
    login()
    submit("/admin/meets/new", MEET_FORM)
    meet = meet_named("shenbei-2026")
    assert meet.registration_opens_at == datetime(2026, 5, 20, 1, 0)
    assert meet.registration_closes_at == datetime(2026, 6, 5, 10, 0)
    edit = client.get("/admin/meets/shenbei-2026/edit").text
    assert 'value="2026-05-20T09:00"' in edit


def test_a_taken_slug_is_refused_and_what_was_typed_is_kept(client, login, submit, create_meet):
    create_meet(slug="shenbei-2026")
    login()
    response = submit("/admin/meets/new", MEET_FORM)
    assert response.status_code == 422
    assert "另一场运动会已在使用这个网址" in response.text
    assert 'value="沈北新区流动运动会"' in response.text
    assert 'value="沈北文化广场"' in response.text
    assert db.session.scalar(select(Meet).where(Meet.name == MEET_FORM["name"])) is None


def test_a_slug_with_spaces_or_capitals_is_refused(client, login, submit):
    login()
    response = submit("/admin/meets/new", {**MEET_FORM, "slug": "Shen Bei"})
    assert response.status_code == 422
    assert "小写字母、数字和连字符" in response.text
    assert 'value="Shen Bei"' in response.text


def test_a_meet_cannot_end_before_it_starts(client, login, submit):
    login()
    response = submit("/admin/meets/new", {**MEET_FORM, "ends_on": "2026-06-05"})
    assert response.status_code == 422
    assert "结束日期不能早于开始日期" in response.text
    assert 'value="2026-06-05"' in response.text
    assert meet_named("shenbei-2026") is None


def test_registration_must_close_after_it_opens(client, login, submit):
    login()
    data = {**MEET_FORM, "registration_closes_at": "2026-05-19T09:00"}
    response = submit("/admin/meets/new", data)
    assert response.status_code == 422
    assert "报名截止时间必须晚于开始时间" in response.text
    assert 'value="2026-05-19T09:00"' in response.text


def test_an_empty_name_and_a_malformed_date_are_refused(client, login, submit):
    login()
    response = submit("/admin/meets/new", {**MEET_FORM, "name": "", "starts_on": "6月6日"})
    assert response.status_code == 422
    assert "必填" in response.text
    assert 'value="6月6日"' in response.text


def test_editing_a_meet_records_before_and_after(client, login, submit, create_meet):
    meet = create_meet(slug="yuhong", venue="于洪广场", status="draft")
    login()
    form = {**MEET_FORM, "slug": "yuhong", "venue": "于洪公园"}
    response = submit(f"/admin/meets/{meet.slug}/edit", form)
    assert response.status_code == 302
    assert meet_named("yuhong").venue == "于洪公园"
    [edited] = audit_rows("meet.updated")
    assert edited.before["venue"] == "于洪广场"
    assert edited.after["venue"] == "于洪公园"
    assert edited.meet_id == meet.id


def test_the_slug_cannot_change_once_registration_has_opened(client, login, submit, create_meet):
    meet = create_meet(slug="yuhong", status="open")
    login()
    response = submit(f"/admin/meets/{meet.slug}/edit", {**MEET_FORM, "slug": "yuhong-new"})
    assert response.status_code == 422
    assert "海报" in response.text
    assert 'value="yuhong-new"' in response.text
    assert meet_named("yuhong") is not None


def change_status(client, submit, meet, status):
    return submit(
        f"/admin/meets/{meet.slug}/status", {"status": status}, f"/admin/meets/{meet.slug}/"
    )


def test_a_meet_goes_from_draft_to_open_to_closed_to_finished(
    client, login, submit, create_meet, create_event
):
    meet = create_meet(status="draft")
    create_event(meet)
    login()
    for status in ("open", "closed", "finished"):
        assert change_status(client, submit, meet, status).status_code == 302
        assert meet_named(meet.slug).status == status
    changes = [
        (row.before["status"], row.after["status"]) for row in audit_rows("meet.status_changed")
    ]
    assert sorted(changes) == sorted(
        [("draft", "open"), ("open", "closed"), ("closed", "finished")]
    )


def test_closed_registration_can_reopen(client, login, submit, create_meet, create_event):
    meet = create_meet(status="closed")
    create_event(meet)
    login()
    change_status(client, submit, meet, "open")
    assert meet_named(meet.slug).status == "open"


@pytest.mark.parametrize(
    ("current", "wanted"),
    [("draft", "finished"), ("draft", "closed"), ("open", "draft"), ("finished", "open")],
)
def test_a_status_change_out_of_order_is_refused(
    client, login, submit, create_meet, create_event, current, wanted
):
    meet = create_meet(status=current)
    create_event(meet)
    login()
    response = change_status(client, submit, meet, wanted)
    assert meet_named(meet.slug).status == current
    page = client.get(response.headers["Location"]).text
    assert "运动会不能从" in page


def test_a_meet_without_events_cannot_open_registration(client, login, submit, create_meet):
    meet = create_meet(status="draft")
    login()
    response = change_status(client, submit, meet, "open")
    assert meet_named(meet.slug).status == "draft"
    assert "请先添加至少一个项目" in client.get(response.headers["Location"]).text


def test_the_meet_page_links_to_everything_about_the_meet(client, login, create_meet, create_event):
    meet = create_meet(slug="yuhong")
    event = create_event(meet)
    login()
    page = client.get("/admin/meets/yuhong/").text
    for path in (
        "/admin/meets/yuhong/registrations",
        "/admin/meets/yuhong/checkin",
        "/admin/meets/yuhong/rankings",
        "/admin/meets/yuhong/poster.pdf",
        "/admin/meets/yuhong/bibs.pdf",
        "/admin/meets/yuhong/rankings.pdf",
        "/admin/meets/yuhong/referees",
        "/admin/meets/yuhong/audit",
        f"/admin/events/{event.id}/results",
        f"/admin/events/{event.id}/sheet.pdf",
    ):
        assert f'href="{path}' in page, path


def test_the_dashboard_lists_meets_with_links_to_their_pages(client, login, create_meet):
    create_meet(slug="yuhong", name="于洪区运动会")
    create_meet(slug="draft-one", name="筹备中的运动会", status="draft")
    login()
    page = client.get("/admin/").text
    assert 'href="/admin/meets/yuhong/"' in page
    assert "筹备中的运动会" in page


def test_an_unknown_meet_is_not_found(client, login):
    login()
    assert client.get("/admin/meets/nowhere/").status_code == 404


def test_copying_a_meet_brings_events_and_rules_but_no_riders(
    client,
    login,
    submit,
    create_meet,
    create_event,
    create_rider,
    create_entry,
    create_referee_access,
):
    source = create_meet(
        slug="yuhong",
        starts_on=date(2026, 6, 6),
        ends_on=date(2026, 6, 6),
        status="finished",
        organizer_name="于洪区总工会",
        points_table=[9, 7, 5],
        team_event_multiplier=3,
    )
    plank = create_event(source, starts_at=datetime(2026, 6, 6, 1, 0), place="A区", capacity=30)
    pitch = create_event(
        source,
        sport="pitch_pot",
        name="投壶",
        position=1,
        rules={"rounds": 3, "arrows_per_round": 5, "points": {"pot": 2, "ear": 3, "miss": 0}},
    )
    rider = create_rider(source)
    entry = create_entry(plank, rider)
    db.session.add(Result(event_id=plank.id, entry_id=entry.id, version=1, marks={"seconds": 60}))
    db.session.commit()
    create_referee_access(source, [plank])
    login()
    form = {
        "name": "大东区流动运动会",
        "slug": "dadong",
        "starts_on": "2026-07-04",
        "ends_on": "2026-07-04",
        "venue": "大东广场",
    }
    response = submit("/admin/meets/yuhong/copy", form)
    assert response.status_code == 302
    copy = meet_named("dadong")
    assert copy.status == "draft"
    assert copy.organizer_name == "于洪区总工会"
    assert (copy.points_table, copy.team_event_multiplier) == ([9, 7, 5], 3)
    assert [(e.sport, e.name, e.rules) for e in copy.events] == [
        ("plank", "平板支撑", plank.rules),
        ("pitch_pot", "投壶", pitch.rules),
    ]
    copied_plank = copy.events[0]
    assert copied_plank.starts_at == datetime(2026, 7, 4, 1, 0)  # moved by the 28 days
    assert (copied_plank.place, copied_plank.capacity) == ("A区", 30)
    assert copy.participants == [] and copy.referee_accesses == []
    assert copied_plank.entries == []
    assert len(meet_named("yuhong").participants) == 1
    [copied] = audit_rows("meet.copied")
    assert copied.before == {"source": "yuhong"}


def test_a_copy_with_a_taken_slug_is_refused(client, login, submit, create_meet):
    create_meet(slug="yuhong")
    create_meet(slug="dadong", name="大东区")
    login()
    form = {"name": "新的", "slug": "dadong", "starts_on": "2026-07-04", "ends_on": "2026-07-04"}
    response = submit("/admin/meets/yuhong/copy", form)
    assert response.status_code == 422
    assert "另一场运动会已在使用这个网址" in response.text
    assert 'value="新的"' in response.text


def test_the_points_table_is_editable(client, login, submit, create_meet):
    meet = create_meet(slug="yuhong")
    login()
    assert 'value="7, 5, 4, 3, 2, 1"' in client.get("/admin/meets/yuhong/points").text
    response = submit(
        "/admin/meets/yuhong/points", {"points_table": "9，7、5 3", "team_event_multiplier": "3"}
    )
    assert response.status_code == 302
    meet = meet_named("yuhong")
    assert (meet.points_table, meet.team_event_multiplier) == ([9, 7, 5, 3], 3)
    [changed] = audit_rows("meet.points_table_changed")
    assert changed.before == {"points_table": [7, 5, 4, 3, 2, 1], "multiplier": 2}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("7, 5, 9", "名次靠后的得分不能高于靠前的"),
        ("7, 5, x", "请输入 1 到 20 个 0 到 100 的整数"),
        ("", "必填"),
    ],
)
def test_a_bad_points_table_is_refused_and_kept(client, login, submit, create_meet, typed, message):
    create_meet(slug="yuhong")
    login()
    response = submit(
        "/admin/meets/yuhong/points", {"points_table": typed, "team_event_multiplier": "2"}
    )
    assert response.status_code == 422
    assert message in response.text
    assert f'value="{typed}"' in response.text
    assert meet_named("yuhong").points_table == [7, 5, 4, 3, 2, 1]


def test_a_team_event_factor_out_of_range_is_refused(client, login, submit, create_meet):
    create_meet(slug="yuhong")
    login()
    response = submit(
        "/admin/meets/yuhong/points", {"points_table": "7,5", "team_event_multiplier": "0"}
    )
    assert response.status_code == 422
    assert "请输入 1 到 10 的数字" in response.text


def test_the_audit_page_shows_who_changed_what(client, login, submit, create_meet):
    create_meet(slug="yuhong", venue="于洪广场", status="draft")
    login()
    submit("/admin/meets/yuhong/edit", {**MEET_FORM, "slug": "yuhong", "venue": "于洪公园"})
    page = client.get("/admin/meets/yuhong/audit").text
    assert "运动会已修改" in page
    assert "organizer" in page
    assert "于洪广场" in page and "于洪公园" in page


def test_the_audit_page_shows_only_its_own_meet(client, login, submit, create_meet):
    create_meet(slug="yuhong", status="draft")
    create_meet(slug="dadong", status="draft", venue="大东广场")
    login()
    submit("/admin/meets/dadong/edit", {**MEET_FORM, "slug": "dadong", "venue": "大东公园"})
    assert "大东公园" not in client.get("/admin/meets/yuhong/audit").text
