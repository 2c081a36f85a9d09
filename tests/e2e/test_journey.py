"""The whole meet in one run, in a browser at each person's screen size: the organizer sets it up
and prints the poster, riders register from the poster's QR, staff check one in, a referee scores
(once through a network cut), the organizer makes the results official and prints certificates,
the board shows the standings and a rider downloads their own certificate."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Result
from tests.fixtures.browser import (
    BIG_SCREEN,
    DESK,
    PHONE,
    TABLET,
    fill_meet_form,
    open_tablet,
    referee_access_at_desk,
    register_on_phone,
    sign_in_at_desk,
)

# The sport's button on the chooser, and the event's name.
SPORTS = [("平板支撑", "平板支撑"), ("投壶", "投壶"), ("保龄球", "趣味保龄球"), ("拔河", "拔河")]
SPORTS += [("飞盘足球", "飞盘足球")]


def test_a_whole_meet_from_the_poster_to_the_certificates(
    live_server, new_page, create_organizer, pdf_qr_codes, pdf_text
):
    create_organizer()

    # The organizer, at the desk: a meet with the five sports, open for registration.
    desk = new_page(DESK)
    sign_in_at_desk(desk, live_server)
    desk.get_by_role("link", name="新建运动会").click()
    fill_meet_form(
        desk, "于洪区流动运动会", "yuhong-2026", "2026-06-06", "于洪广场", "于洪区总工会"
    )
    desk.get_by_role("button", name="创建运动会").click()
    for sport, name in SPORTS:
        desk.get_by_role("link", name="添加项目").click()
        desk.get_by_role("link", name=sport, exact=True).click()
        desk.get_by_label("名称", exact=True).fill(name)
        desk.get_by_role("button", name="添加项目").click()
        expect(desk.get_by_role("status").first).to_contain_text("已添加项目")
    assert desk.locator("table.dense tbody tr").count() == 5
    desk.get_by_role("button", name="开放报名").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("报名中")
    meet_page = desk.url

    # The poster, printed from the desk's session; a phone camera reads its QR.
    poster_link = desk.get_by_role("link", name="报名海报（PDF）").get_attribute("href")
    poster = desk.request.get(live_server + poster_link)
    assert poster.headers["content-type"] == "application/pdf"
    (register_url,) = pdf_qr_codes(poster.body())
    assert register_url == f"{live_server}/m/yuhong-2026/register"

    # Three riders on their phones: a captain starts a tug-of-war team, a teammate joins it.
    captain = new_page(PHONE)
    register_on_phone(
        captain,
        register_url,
        "王伟",
        "138 0013 8000",
        "于洪站",
        ["平板支撑", "拔河"],
        ("新建队伍", "于洪站拔河队"),
    )
    expect(captain.locator(".bib")).to_have_text("1")
    join_code = captain.locator(".code").inner_text()
    teammate = new_page(PHONE)
    register_on_phone(
        teammate,
        register_url,
        "张强",
        "139 0013 9000",
        "于洪站",
        ["拔河"],
        ("用队长给的队伍码加入", join_code),
    )
    expect(teammate.get_by_text("队伍：于洪站拔河队，2 人")).to_be_visible()
    winner = new_page(PHONE)
    register_on_phone(winner, register_url, "李娜", "137 0013 7000", "皇姑站", ["平板支撑"])
    expect(winner.locator(".bib")).to_have_text("3")
    winner_page = winner.url

    # Staff check the winner in by the bib number.
    desk.goto(meet_page)
    desk.get_by_role("link", name="签到", exact=True).click()
    desk.get_by_label("号码或签到码").fill("3")
    desk.get_by_role("button", name="签到", exact=True).click()
    expect(desk.locator("#checkin-result")).to_have_text("3 号 李娜 签到成功。")

    # A referee access for the plank, made on the desk.
    desk.goto(meet_page)
    tablet_link, pin = referee_access_at_desk(desk, "平板支撑 1号平板", ["平板支撑"])

    # The referee's tablet: two plank times, the second through a network cut.
    tablet = new_page(TABLET)
    open_tablet(tablet, tablet_link, pin)
    tablet.get_by_role("link", name=re.compile("平板支撑")).click()
    outbox = tablet.locator("[data-outbox]")
    expect(outbox).to_have_text(re.compile(".+"))
    enter_time(tablet, "王伟", "95")
    expect(outbox).to_have_text("成绩已全部发送")
    tablet.context.set_offline(True)
    enter_time(tablet, "李娜", "2:10.5")
    expect(outbox).to_contain_text("1 条待发送")
    assert recorded_results() == 1  # queued on the tablet, not sent
    tablet.context.set_offline(False)
    expect(outbox).to_have_text("成绩已全部发送", timeout=15_000)
    expect(tablet.get_by_role("button", name=re.compile("李娜"))).to_contain_text("2分10.5秒")
    assert recorded_results() == 2  # sent once, when the network came back

    # The organizer makes the plank official and prints its certificates.
    desk.goto(meet_page)
    desk.get_by_role("row", name=re.compile("平板支撑")).get_by_role("link", name="成绩").click()
    event_id = int(re.search(r"/admin/events/(\d+)/results", desk.url).group(1))
    desk.get_by_role("button", name="公布为正式成绩").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("成绩已确认")
    certificates = desk.request.get(
        f"{live_server}/admin/meets/yuhong-2026/certificates.pdf?event={event_id}&top=3"
    )
    assert certificates.status == 200
    first_page = pdf_text(certificates.body(), page=1)
    assert "李娜" in first_page and "平板支撑" in first_page

    # The big screen: the plank with the winner on top, the standings with her station.
    board = new_page(BIG_SCREEN)
    board.goto(f"{live_server}/m/yuhong-2026/board")
    board.get_by_role("button", name="平板支撑").click()
    plank = board.get_by_role("region", name="平板支撑")
    expect(plank.get_by_role("row").nth(1)).to_contain_text("李娜")
    expect(plank.get_by_role("row").nth(1)).to_contain_text("2分10.5秒")
    board.get_by_role("button", name="团体总分").click()
    standings = board.get_by_role("region", name="团体总分")
    expect(standings.get_by_role("row").nth(1)).to_contain_text("皇姑站")

    # The winner downloads her own certificate from her page.
    winner.goto(winner_page)
    expect(winner.get_by_text(re.compile(r"已于 \d\d:\d\d 签到。"))).to_be_visible()
    expect(winner.get_by_text("第1名")).to_be_visible()
    with winner.expect_download() as download:
        winner.get_by_role("link", name="下载荣誉证书").click()
    own = download.value.path().read_bytes()
    assert "李娜" in pdf_text(own)


def recorded_results() -> int:
    db.session.rollback()  # see what the server committed since
    return db.session.scalar(select(func.count()).select_from(Result))


def enter_time(tablet, rider: str, time: str) -> None:
    tablet.get_by_role("button", name=re.compile(rider)).click()
    tablet.get_by_label("时间（秒，或 分:秒）").fill(time)
    tablet.get_by_role("button", name="提交", exact=True).click()
