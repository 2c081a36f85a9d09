"""The organizer at the desk, in a browser at desk size: a meet with every sport, then its copy."""

from __future__ import annotations

from sqlalchemy import select

from meet.extensions import db
from meet.models import Meet
from tests.fixtures.browser import DESK, fill_meet_form, sign_in_at_desk

# The sport button on the chooser, and what to type on that sport's form beyond its template.
EVENTS = [
    ("平板支撑", {"名称": "平板支撑", "最长合理时间（秒）": "900"}),
    ("投壶", {"名称": "投壶", "每轮投箭数": "4", "贯耳得分": "3"}),
    ("保龄球", {"名称": "趣味保龄球", "局数（标准一局为 10 格）": "5"}),
    ("拔河", {"名称": "拔河", "每场局数（须为单数，几局几胜）": "3", "每队最少人数": "8"}),
    ("飞盘足球", {"名称": "飞盘足球", "每场时长（分钟）": "10"}),
    ("自定义项目", {"名称": "跳绳", "成绩单位": "次", "每人尝试次数": "2"}),
]


def test_an_organizer_sets_up_a_meet_with_every_sport_and_copies_it(
    live_server, new_page, create_organizer
):
    create_organizer()
    page = new_page(DESK)
    sign_in_at_desk(page, live_server)

    page.get_by_role("link", name="新建运动会").click()
    fill_meet_form(
        page, "于洪区流动运动会", "yuhong-2026", "2026-06-06", "于洪广场", "于洪区总工会"
    )
    page.get_by_role("button", name="创建运动会").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("于洪区流动运动会")

    for hour, (sport, fields) in enumerate(EVENTS, start=9):
        page.get_by_role("link", name="添加项目").click()
        page.get_by_role("link", name=sport, exact=True).click()
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_label("开始时间（北京时间）").fill(f"2026-06-06T{hour:02d}:00")
        page.get_by_label("场地").fill("中心广场")
        page.get_by_role("button", name="添加项目").click()
        assert page.get_by_role("status").first.inner_text().startswith("已添加项目")

    # A mistake on the way: an even number of pulls is refused next to the field, input kept.
    page.get_by_role("link", name="拔河", exact=True).click()
    pulls = page.get_by_label("每场局数（须为单数，几局几胜）")
    pulls.fill("4")
    page.get_by_role("button", name="保存项目").click()
    assert page.get_by_text("请输入单数，这样比赛不会打平。").is_visible()
    assert pulls.input_value() == "4"
    page.get_by_role("link", name="于洪区流动运动会").click()

    rows = page.locator("table.dense tbody tr")
    assert rows.count() == 6
    page.get_by_role("button", name="开放报名").click()
    assert "报名中" in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("link", name="复制运动会").click()
    fill_meet_form(page, "大东区流动运动会", "dadong-2026", "2026-07-04", "大东广场")
    page.get_by_role("button", name="复制运动会").click()

    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("大东区流动运动会") and "草稿" in heading
    table = page.locator("table.dense tbody")
    for name in ("平板支撑", "投壶", "趣味保龄球", "拔河", "飞盘足球", "跳绳"):
        assert table.get_by_role("link", name=name, exact=True).is_visible()
    assert "2026/7/4 09:00" in table.inner_text() or "2026/07/04 09:00" in table.inner_text()
    # Nothing sideways on a desk screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= DESK["width"]

    db.session.rollback()
    copy = db.session.scalar(select(Meet).where(Meet.slug == "dadong-2026"))
    assert [event.sport for event in copy.events] == [
        "plank",
        "pitch_pot",
        "bowling",
        "tug_of_war",
        "frisbee_football",
        "custom",
    ]
    assert copy.events[1].rules["points"]["ear"] == 3
    assert copy.events[5].rules["unit"] == "次"
    assert copy.participants == []
