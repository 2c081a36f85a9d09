"""A referee on a tablet: a pitch-pot round and a tug-of-war match, then three more results while
the network is cut and the page reloaded. Each result reaches the database exactly once."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import IdempotencyRecord, Result
from tests.e2e.conftest import TABLET

PITCH_POT = {"rounds": 1, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}}


def results_of(entry_or_match: str, target_id: int) -> list[Result]:
    db.session.rollback()
    column = Result.entry_id if entry_or_match == "entry" else Result.match_id
    return list(db.session.scalars(select(Result).where(column == target_id)))


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
    page.goto(f"{live_server}/ref/{token}")
    page.get_by_label("PIN 码").fill(pin)
    page.get_by_role("button", name="打开").click()

    page.get_by_role("link", name=re.compile("投壶")).click()
    outbox = page.locator("[data-outbox]")
    throw_round(page, "王一", ["入壶", "入壶", "贯耳", "未中"])
    expect(outbox).to_have_text("成绩已全部发送")
    expect(page.get_by_role("button", name=re.compile("王一"))).to_contain_text("5分")

    page.get_by_role("link", name="全部项目").click()
    page.get_by_role("link", name=re.compile("拔河")).click()
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
    page.get_by_role("link", name=re.compile("投壶")).click()
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
