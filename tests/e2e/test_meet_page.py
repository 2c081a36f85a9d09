"""The meet's public page, as a rider first sees it on a phone."""

from tests.fixtures.browser import PHONE


def test_a_rider_opens_the_demo_meet_on_a_phone_in_chinese(live_server, demo_meet, new_page):
    page = new_page(PHONE)
    page.goto(f"{live_server}/m/{demo_meet.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == demo_meet.name
    assert page.get_by_role("link", name="报名").is_visible()
    # One column that fits: nothing scrolls sideways on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
