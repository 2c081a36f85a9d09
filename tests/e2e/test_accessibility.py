"""Accessibility of the pages riders and referees touch, audited by axe-core (vendored under
tests/e2e/vendor) in Chromium at the size they are used at: no serious or critical violation.

The app's Content-Security-Policy forbids injected scripts, so the audit's browser context
bypasses it; that is the only thing it changes. The board and the public rankings are audited
in tests/e2e/test_board.py."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from meet.services.demo import DEMO_SLUG
from tests.fixtures.browser import PHONE, TABLET, axe_violations

# Every rule axe runs by default (WCAG 2.x A and AA, and best practices) ...
AUDIT = """async () => (await axe.run(document)).violations
    .filter(v => ["serious", "critical"].includes(v.impact))
    .map(v => `${v.impact} ${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""


def serious_violations(page) -> list[str]:
    """... of which the serious and critical ones, each with where it is on the page."""
    return axe_violations(page, AUDIT)


def test_the_rider_pages_have_no_serious_accessibility_problem_on_a_phone(
    live_server, new_page, demo_meet
):
    page = new_page(PHONE, bypass_csp=True)
    found = {}
    page.goto(f"{live_server}/m/{DEMO_SLUG}/")
    found["meet page"] = serious_violations(page)
    page.goto(f"{live_server}/m/{DEMO_SLUG}/register")
    found["empty form"] = serious_violations(page)
    page.get_by_role("button", name="报名").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    found["form with errors"] = serious_violations(page)
    page.get_by_label("姓名").fill("王伟")
    page.get_by_label("手机号").fill("13912345678")
    page.get_by_text("美团", exact=True).click()
    page.get_by_text("平板支撑").first.click()
    page.get_by_label(re.compile("我已阅读")).check()
    page.get_by_role("button", name="报名").click()
    expect(page).to_have_url(re.compile("/me/"))
    found["own page, just registered"] = serious_violations(page)
    page.goto(f"{live_server}/me/demo-rider-1")  # the demo's first rider, with results
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    found["rider's own page"] = serious_violations(page)
    assert found == {page_name: [] for page_name in found}


def test_the_referee_pages_have_no_serious_accessibility_problem_on_a_tablet(
    live_server, new_page, demo_meet, create_referee_access
):
    _access, token, pin = create_referee_access(demo_meet)
    page = new_page(TABLET, bypass_csp=True)
    found = {}
    page.goto(f"{live_server}/ref/{token}")
    found["PIN page"] = serious_violations(page)
    page.get_by_label("PIN 码").fill("000000" if pin != "000000" else "111111")
    page.get_by_role("button", name="打开").click()
    found["wrong PIN"] = serious_violations(page)
    page.get_by_label("PIN 码").fill(pin)
    page.get_by_role("button", name="打开").click()
    expect(page.get_by_role("link", name=re.compile("投壶"))).to_be_visible()
    found["event list"] = serious_violations(page)

    for event in ("投壶", "拔河"):
        page.get_by_role("link", name=re.compile(event)).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(event)
        expect(page.locator("[data-outbox]")).to_have_text(re.compile(".+"))
        found[f"{event} list"] = serious_violations(page)
        page.get_by_role("list").first.get_by_role("button").first.click()  # a rider or a match
        expect(page.get_by_role("region", name="录入面板")).to_be_visible()
        found[f"{event} pad"] = serious_violations(page)
        page.get_by_role("link", name="全部项目").click()
    assert found == {page_name: [] for page_name in found}
