"""A referee on a tablet: a pitch-pot round and a tug-of-war match, then three more results while
the network is cut and the page reloaded. Each result reaches the database exactly once."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import IdempotencyRecord, Result
from tests.fixtures.browser import TABLET, open_tablet

PITCH_POT = {"rounds": 1, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}}


def results_of(entry_or_match: str, target_id: int) -> list[Result]:
    db.session.rollback()
    column = Result.entry_id if entry_or_match == "entry" else Result.match_id
    return list(db.session.scalars(select(Result).where(column == target_id)))


def go_to_event(page, name: str) -> None:
    """Open an event from the referee's start page, and wait until its script is running (it
    fills in the outbox line)."""
    page.get_by_role("link", name=re.compile(name)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("[data-outbox]")).to_have_text(re.compile(".+"))


def throw_round(page, name: str, outcomes: list[str]) -> None:
    page.get_by_role("button", name=re.compile(name)).click()
    pad = page.get_by_role("region", name="录入面板")
    expect(pad.get_by_role("heading", level=2)).to_contain_text(name)
    for outcome in outcomes:
        pad.get_by_role("button", name=outcome).click()
    pad.get_by_role("button", name="提交", exact=True).click()


def test_a_referee_scores_on_a_tablet_and_nothing_is_lost_when_the_network_drops(
    live_server,
    new_page,
    create_meet,
    create_event,
    create_rider,
    create_entry,
    create_team_entry,
    create_match,
    create_referee_access,
):
    meet = create_meet()
    pitch_pot = create_event(meet, sport="pitch_pot", name="投壶", rules=PITCH_POT)
    names = ["王一", "李二", "张三", "赵四"]
    entries = [create_entry(pitch_pot, create_rider(meet, name=name)) for name in names]
    tug = create_event(meet, sport="tug_of_war", name="拔河", kind="team", rules={"pulls": 3})
    match = create_match(tug, create_team_entry(tug, "红队"), create_team_entry(tug, "蓝队"))
    _access, token, pin = create_referee_access(meet, [pitch_pot, tug])
    db.session.commit()

    page = new_page(TABLET)
    open_tablet(page, f"{live_server}/ref/{token}", pin)

    go_to_event(page, "投壶")
    outbox = page.locator("[data-outbox]")
    # The list and the pad fit the landscape tablet: no page scrolling, buttons for a thumb.
    assert page.evaluate("document.documentElement.scrollHeight") <= TABLET["height"]
    throw_round(page, "王一", ["入壶", "入壶", "贯耳", "未中"])
    for name in ("入壶", "贯耳", "未中", "DNS", "撤销", "提交"):
        box = page.get_by_role("button", name=name).first.bounding_box()
        assert box["height"] >= 64 and box["width"] >= 64, name
    expect(outbox).to_have_text("成绩已全部发送")
    expect(page.get_by_role("button", name=re.compile("王一"))).to_contain_text("5分")

    page.get_by_role("link", name="全部项目").click()
    go_to_event(page, "拔河")
    page.get_by_role("button", name=re.compile("红队 – 蓝队")).click()
    pad = page.get_by_role("region", name="录入面板")
    pad.get_by_role("button", name="红队").click()
    pad.get_by_role("button", name="蓝队").click()
    pad.get_by_role("button", name="红队").click()
    expect(pad.get_by_text("红队 获胜")).to_be_visible()
    pad.get_by_role("button", name="提交", exact=True).click()
    expect(outbox).to_have_text("成绩已全部发送")
    expect(page.get_by_role("button", name=re.compile("红队 – 蓝队"))).to_contain_text("2 : 1")

    page.get_by_role("link", name="全部项目").click()
    go_to_event(page, "投壶")
    expect(page.get_by_role("button", name=re.compile("王一"))).to_contain_text("5分")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")

    page.context.set_offline(True)
    throw_round(page, "李二", ["入壶", "入壶", "入壶", "入壶"])
    throw_round(page, "张三", ["未中", "未中", "贯耳", "未中"])
    throw_round(page, "赵四", ["贯耳", "入壶", "贯耳", "入壶"])
    expect(outbox).to_contain_text("3 条待发送")

    reloaded = page.reload()  # still offline: the service worker serves the page from its cache
    assert reloaded.from_service_worker
    expect(outbox).to_contain_text("3 条待发送")
    expect(page.get_by_role("button", name=re.compile("李二"))).to_contain_text("待发送")

    page.context.set_offline(False)
    expect(outbox).to_have_text("成绩已全部发送", timeout=15_000)
    expect(page.get_by_role("button", name=re.compile("赵四"))).to_contain_text("6分")

    values = {}
    for name, entry in zip(names, entries, strict=True):
        recorded = results_of("entry", entry.id)
        assert len(recorded) == 1, name
        values[name] = recorded[0].value
    assert values == {"王一": 5, "李二": 8, "张三": 1, "赵四": 6}
    pulls = results_of("match", match.id)
    assert len(pulls) == 1
    assert pulls[0].marks == {"pulls": ["a", "b", "a"]}
    assert db.session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 5


def open_event(page, live_server, token, pin, event_name):
    open_tablet(page, f"{live_server}/ref/{token}", pin)
    go_to_event(page, event_name)


def test_a_result_changed_on_another_tablet_shows_both_and_the_referee_chooses(
    app,
    live_server,
    new_page,
    create_meet,
    create_event,
    create_rider,
    create_entry,
    create_referee_access,
):
    meet = create_meet()
    pitch_pot = create_event(meet, sport="pitch_pot", name="投壶", rules=PITCH_POT)
    entry = create_entry(pitch_pot, create_rider(meet, name="王一"))
    _access, token, pin = create_referee_access(meet, [pitch_pot])
    _other, other_token, _other_pin = create_referee_access(meet, [pitch_pot], name="二号平板")
    page = new_page(TABLET)
    open_event(page, live_server, token, pin, "投壶")

    other_tablet = app.test_client().post(
        "/api/v1/results",
        json={"event": pitch_pot.id, "entry": entry.id, "marks": {"arrows": ["pot"] * 4}},
        headers={"Authorization": f"Bearer {other_token}"},
    )
    assert other_tablet.status_code == 201
    throw_round(page, "王一", ["入壶", "贯耳", "贯耳", "未中"])

    note = page.locator(".ref-note")
    expect(note).to_contain_text("王一：成绩已在另一台设备上修改。")
    expect(note).to_contain_text("服务器上：8分")
    expect(note).to_contain_text("本平板：4 分")
    note.get_by_role("textbox").fill("二号平板记错了人")
    note.get_by_role("button", name="用本平板的").click()
    expect(page.locator("[data-outbox]")).to_have_text("成绩已全部发送")
    expect(note).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("王一"))).to_contain_text("4分")

    versions = sorted(results_of("entry", entry.id), key=lambda result: result.version)
    assert [(r.version, r.value, r.reason) for r in versions] == [
        (1, 8, ""),
        (2, 4, "二号平板记错了人"),
    ]


def test_results_queued_in_a_closed_tab_are_sent_when_the_referee_comes_back(
    live_server,
    new_page,
    create_meet,
    create_event,
    create_rider,
    create_entry,
    create_referee_access,
):
    meet = create_meet()
    plank = create_event(meet, sport="plank", name="平板支撑")
    entry = create_entry(plank, create_rider(meet, name="李二"))
    _access, token, pin = create_referee_access(meet, [plank])
    page = new_page(TABLET)
    open_event(page, live_server, token, pin, "平板支撑")
    context = page.context

    context.set_offline(True)
    page.get_by_role("button", name=re.compile("李二")).click()
    page.get_by_label("时间（秒，或 分:秒）").fill("1:05.37")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator("[data-outbox]")).to_contain_text("1 条待发送")
    page.close()

    context.set_offline(False)
    again = context.new_page()
    again.goto(f"{live_server}/ref/{token}")
    expect(again.locator("[data-outbox]")).to_have_text("成绩已全部发送")
    recorded = results_of("entry", entry.id)
    assert [(r.version, r.value) for r in recorded] == [(1, 65.3)]
