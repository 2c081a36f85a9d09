"""From the poster's QR to the bib on a 360 px phone, then check-in at the desk on a tablet."""

from __future__ import annotations

import re

from tests.fixtures.browser import DESK, PHONE, TABLET, axe_violations, sign_in_at_desk


def test_a_rider_scans_the_qr_registers_on_a_phone_and_is_checked_in_at_the_desk(
    live_server, new_page, create_organizer, create_meet, create_event, read_qr_svg
):
    create_organizer()
    meet = create_meet(name="于洪区流动运动会")
    create_event(meet, name="平板支撑", capacity=40, place="中心广场A区")
    create_event(meet, name="投壶", capacity=40)

    # The organizer's screen shows the registration QR; a phone reads the URL from it.
    desk = new_page(DESK)
    sign_in_at_desk(desk, live_server)
    desk.goto(f"{live_server}/admin/meets/{meet.slug}/registrations")
    qr = desk.get_by_role("img", name="报名二维码")
    url = read_qr_svg(qr.evaluate("svg => svg.outerHTML"))
    assert url == f"{live_server}/m/{meet.slug}/register"

    # The rider: one column, big targets, no more than 8 taps for one event.
    phone = new_page(PHONE, bypass_csp=True)  # bypass_csp: only to inject axe for the audit
    phone.goto(url)
    taps = 0

    def tap(locator) -> None:
        nonlocal taps
        taps += 1
        locator.click()

    tap(phone.get_by_label("姓名"))
    phone.keyboard.type("王伟")
    tap(phone.get_by_label("手机号"))
    phone.keyboard.type("+86 138 0013 8000")
    assert phone.get_by_label("手机号").get_attribute("inputmode") == "numeric"
    tap(phone.locator("label", has_text="美团"))
    tap(phone.locator("label", has_text="平板支撑"))
    tap(phone.get_by_label("我已阅读并同意安全须知和隐私说明。"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    targets = "main input:not(.card-input), main button, main label.choice-card"
    small = phone.evaluate(
        """targets => [...document.querySelectorAll(targets)]
              .map(e => [e, e.getBoundingClientRect().height])
              .filter(([e, height]) => height > 0 && height < 48 && e.type !== 'checkbox')
              .map(([e]) => e.outerHTML.slice(0, 60))""",
        targets,
    )
    assert small == []
    assert axe_violations(phone) == []  # WCAG A and AA
    tap(phone.get_by_role("button", name="报名"))
    assert taps <= 8

    phone.wait_for_url(re.compile(r"/me/[\w-]+$"))
    assert phone.get_by_role("status").inner_text() == "报名成功！您的号码是 1 号。"
    assert phone.locator(".bib").inner_text() == "1"
    assert phone.get_by_role("img", name="签到码").is_visible()
    assert "平板支撑" in phone.get_by_role("list").first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Check-in from a tablet-size page by bib; the second time says when.
    tablet = new_page(TABLET)
    sign_in_at_desk(tablet, live_server)
    tablet.goto(f"{live_server}/admin/meets/{meet.slug}/checkin")
    tablet.get_by_label("号码或签到码").fill("1")
    tablet.get_by_role("button", name="签到", exact=True).click()
    assert tablet.locator("#checkin-result").inner_text() == "1 号 王伟 签到成功。"
    tablet.get_by_label("号码或签到码").fill("1")
    tablet.get_by_role("button", name="签到", exact=True).click()
    assert re.fullmatch(
        r"1 号 王伟 已于 \d\d:\d\d 签到过了。", tablet.locator("#checkin-result").inner_text()
    )
    phone.reload()
    assert phone.get_by_text(re.compile(r"已于 \d\d:\d\d 签到。")).is_visible()


def test_a_mistake_on_the_phone_is_explained_next_to_the_field_and_nothing_is_lost(
    live_server, new_page, create_meet, create_event
):
    meet = create_meet()
    create_event(meet, name="平板支撑")
    phone = new_page(PHONE)
    phone.goto(f"{live_server}/m/{meet.slug}/register")
    phone.get_by_label("姓名").fill("王伟🚴")
    phone.get_by_label("手机号").fill("1380013")
    phone.locator("label", has_text="平板支撑").click()
    phone.get_by_role("button", name="报名").click()
    assert phone.get_by_text("号码布和证书上印不出表情和符号，请去掉。").is_visible()
    assert phone.get_by_text("请填写 11 位大陆手机号，例如 138 0013 8000。").is_visible()
    assert phone.get_by_label("姓名").input_value() == "王伟🚴"
    assert phone.get_by_label("手机号").input_value() == "1380013"
    assert phone.get_by_role("checkbox", name=re.compile("平板支撑")).is_checked()


# A stand-in camera and BarcodeDetector (headless Chromium on Linux has neither): the detector
# "sees" the code the test puts in window.__qr, once, as a real one would on each frame.
FAKE_CAMERA = """
window.__qr = null;
window.BarcodeDetector = class {
  constructor(options) { this.formats = options.formats; }
  detect() {
    const code = window.__qr;
    window.__qr = null;
    return Promise.resolve(code ? [{rawValue: code, format: "qr_code"}] : []);
  }
};
navigator.mediaDevices.getUserMedia = () => {
  const canvas = document.createElement("canvas");
  canvas.getContext("2d").fillRect(0, 0, 10, 10);
  return Promise.resolve(canvas.captureStream());
};
"""


def test_the_tablet_camera_checks_riders_in_one_after_another_without_reloading(
    live_server, new_page, create_organizer, create_meet, create_event, make_registration
):
    create_organizer()
    meet = create_meet()
    event = create_event(meet)
    first = make_registration(meet, [event], name="王伟").participant
    second = make_registration(meet, [event], name="李娜").participant
    tablet = new_page(TABLET)
    tablet.add_init_script(FAKE_CAMERA)
    sign_in_at_desk(tablet, live_server)
    tablet.goto(f"{live_server}/admin/meets/{meet.slug}/checkin")
    tablet.get_by_role("button", name="用摄像头扫码").click()
    assert tablet.get_by_role("button", name="关闭摄像头").is_visible()
    result = tablet.locator("#checkin-result")
    for rider, expected in ((first, "1 号 王伟 签到成功。"), (second, "2 号 李娜 签到成功。")):
        tablet.evaluate("code => { window.__qr = code; }", rider.checkin_code)
        tablet.wait_for_function(
            "text => document.querySelector('#checkin-result').textContent === text", arg=expected
        )
    assert tablet.locator("#checkin-count").inner_text() == "2"
    assert "李娜" in tablet.locator("#checkin-recent li").first.inner_text()
    tablet.evaluate("code => { window.__qr = code; }", first.checkin_code)
    tablet.wait_for_function(
        "() => document.querySelector('#checkin-result').textContent.includes('签到过了')"
    )
    assert re.fullmatch(r"1 号 王伟 已于 \d\d:\d\d 签到过了。", result.inner_text())
