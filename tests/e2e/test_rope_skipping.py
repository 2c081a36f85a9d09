"""Rope skipping (跳绳), the sport added as docs/adding-a-sport.md says, from an empty database
through the pages people use: the desk adds it, riders register on their phones, a referee counts
on the tablet's pad, and the rankings, the paper sheet, the certificates and the API follow."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.fixtures.browser import (
    DESK,
    PHONE,
    TABLET,
    fill_meet_form,
    open_tablet,
    referee_access_at_desk,
    register_on_phone,
    sign_in_at_desk,
)


def test_rope_skipping_from_the_desk_to_the_certificate(
    live_server, new_page, create_organizer, pdf_text
):
    create_organizer("organizer", "correct horse battery")
    desk = new_page(DESK)
    sign_in_at_desk(desk, live_server)
    desk.get_by_role("link", name="新建运动会").click()
    fill_meet_form(desk, "皇姑区流动运动会", "huanggu-2026", "2026-07-04")
    desk.get_by_role("button", name="创建运动会").click()
    desk.get_by_role("link", name="添加项目").click()
    desk.get_by_role("link", name="跳绳", exact=True).click()
    expect(desk.get_by_label("限时（秒）")).to_have_value("60")
    desk.get_by_label("名称", exact=True).fill("一分钟跳绳")
    desk.get_by_role("button", name="添加项目").click()
    expect(desk.get_by_role("status").first).to_contain_text("已添加项目")
    desk.get_by_role("button", name="开放报名").click()
    meet_page = desk.url
    register_url = f"{live_server}/m/huanggu-2026/register"

    first = new_page(PHONE)
    register_on_phone(first, register_url, "赵敏", "138 0013 8001", "皇姑站", ["一分钟跳绳"])
    second = new_page(PHONE)
    register_on_phone(second, register_url, "钱进", "138 0013 8002", "北陵站", ["一分钟跳绳"])
    second_page = second.url

    # The paper sheet, the backup when the tablet fails.
    desk.goto(meet_page)
    sheet_link = desk.get_by_role("row", name=re.compile("一分钟跳绳")).get_by_role(
        "link", name="记分表（PDF）"
    )
    sheet = desk.request.get(live_server + sheet_link.get_attribute("href"))
    assert sheet.headers["content-type"] == "application/pdf"
    sheet_text = pdf_text(sheet.body())
    assert "60 秒" in sheet_text and "赵敏" in sheet_text and "钱进" in sheet_text

    tablet_link, pin = referee_access_at_desk(desk, "跳绳平板", ["一分钟跳绳"])

    # The referee counts the first rider with taps, and types the second from a hand counter.
    tablet = new_page(TABLET)
    open_tablet(tablet, tablet_link, pin)
    tablet.get_by_role("link", name=re.compile("一分钟跳绳")).click()
    outbox = tablet.locator("[data-outbox]")
    expect(outbox).to_have_text(re.compile(".+"))  # the page and its pad are ready
    tablet.get_by_role("button", name=re.compile("赵敏")).click()
    expect(tablet.locator("#rope-count")).to_have_text("0")
    for _ten in range(15):
        tablet.get_by_role("button", name="+10", exact=True).click()
    for _one in range(3):
        tablet.get_by_role("button", name="+1", exact=True).click()
    tablet.get_by_role("button", name="−1", exact=True).click()
    expect(tablet.locator("#rope-count")).to_have_text("152")
    tablet.get_by_role("button", name="提交", exact=True).click()
    tablet.get_by_role("button", name=re.compile("钱进")).click()
    tablet.get_by_label("60 秒跳绳次数").fill("16O")
    expect(tablet.get_by_role("alert")).to_have_text("请输入跳绳次数（整数）。")
    tablet.get_by_label("60 秒跳绳次数").fill("4000")  # the longest the box takes
    expect(tablet.get_by_role("alert")).to_have_text("次数不能超过 400。")
    tablet.get_by_label("60 秒跳绳次数").fill("160")
    tablet.get_by_role("button", name="提交", exact=True).click()
    expect(outbox).to_have_text("成绩已全部发送", timeout=15_000)
    expect(tablet.get_by_role("button", name=re.compile("钱进"))).to_contain_text("160次")

    # The desk makes it official; the rankings and the API agree.
    desk.goto(meet_page)
    desk.get_by_role("row", name=re.compile("一分钟跳绳")).get_by_role("link", name="成绩").click()
    event_id = int(re.search(r"/admin/events/(\d+)/results", desk.url).group(1))
    expect(desk.get_by_text("限时内跳的次数，例如 152")).to_have_count(2)  # one per rider
    desk.get_by_role("button", name="公布为正式成绩").click()
    rankings = desk.request.get(f"{live_server}/api/v1/events/{event_id}/rankings").json()
    assert [(row["rank"], row["name"], row["display"]) for row in rankings["rankings"]] == [
        (1, "钱进", "160次"),
        (2, "赵敏", "152次"),
    ]
    event = desk.request.get(f"{live_server}/api/v1/events/{event_id}").json()
    assert (event["sport"], event["rules"]["seconds"]) == ("rope_skipping", 60)
    openapi = desk.request.get(f"{live_server}/api/v1/openapi.json").json()
    assert "RopeSkippingMarks" in openapi["components"]["schemas"]

    certificates = desk.request.get(
        f"{live_server}/admin/meets/huanggu-2026/certificates.pdf?event={event_id}&top=3"
    )
    assert "钱进" in pdf_text(certificates.body(), page=1)

    # The winner downloads her certificate from her page.
    second.goto(second_page)
    expect(second.get_by_text("第1名")).to_be_visible()
    with second.expect_download() as download:
        second.get_by_role("link", name="下载荣誉证书").click()
    own = pdf_text(download.value.path().read_bytes())
    assert "钱进" in own and "一分钟跳绳" in own
