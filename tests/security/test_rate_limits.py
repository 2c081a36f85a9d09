"""Rate limits: lenient for registration (a venue's crowd shares one public address), strict for
the organizer login and the referee PIN, and counted together by every app process that shares
one Redis.

Basic counts are tested with their pages (tests/web/test_admin_login.py, test_referee_tablet.py,
test_register_form.py); here: the crowd gets through, a flood does not, the right password or PIN
does not get past the limit, and two app instances add up."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import g
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Participant
from meet.web_helpers import DEFAULT_REGISTRATION_LIMIT
from tests.fixtures.app import REDIS_URL, app_settings
from tests.fixtures.forms import csrf_token_from, registration_form

VENUE = "203.0.113.7"  # the venue Wi-Fi's one public address
AT_THE_VENUE = {"REMOTE_ADDR": VENUE}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
ROOT = Path(__file__).resolve().parents[2]


def rider_name(number: int) -> str:
    """A different name for each rider: names take letters only, no digits."""
    return SURNAMES[number % 20] + SURNAMES[number // 20 % 20] + SURNAMES[number // 400 % 20]


def form_for(number: int, event_id: int) -> dict:
    return registration_form([event_id], name=rider_name(number), phone=f"1380013{number:04d}")


def registered() -> int:
    db.session.rollback()  # see what the requests committed
    return db.session.scalar(select(func.count()).select_from(Participant))


def test_a_crowd_of_200_behind_one_address_registers_and_a_flood_past_the_limit_is_stopped(
    app, submit, create_meet, create_event
):
    meet = create_meet(slug="crowd")
    event = create_event(meet)
    limit = int(DEFAULT_REGISTRATION_LIMIT.split(" per ")[0])
    assert DEFAULT_REGISTRATION_LIMIT.endswith(" per minute") and limit >= 200

    # Two hundred riders, each with their own phone, all behind the venue's address.
    answers = [
        submit(
            "/m/crowd/register", form_for(number, event.id), via=app.test_client(), address=VENUE
        ).status_code
        for number in range(200)
    ]
    assert answers == [302] * 200
    assert registered() == 200

    # A script keeps posting from the same address: what it sends up to the limit is judged on
    # its merits (a phone already registered here), what goes past it is stopped.
    script = app.test_client()
    g.pop("csrf_token", None)  # a token of the script's own (the app context is shared)
    token = csrf_token_from(script.get("/m/crowd/register", environ_base=AT_THE_VENUE).text)
    again = {**form_for(0, event.id), "csrf_token": token}
    judged = [
        script.post("/m/crowd/register", data=again, environ_base=AT_THE_VENUE).status_code
        for _ in range(limit - 200)
    ]
    assert judged == [422] * (limit - 200)
    stopped = script.post(
        "/m/crowd/register",
        data={**form_for(999, event.id), "name": "赵六", "csrf_token": token},
        environ_base=AT_THE_VENUE,
    )
    assert stopped.status_code == 429
    assert "现在报名的人太多了。请等一分钟" in stopped.text  # the form, with what was typed
    assert 'value="赵六"' in stopped.text and 'value="13800130999"' in stopped.text
    assert registered() == 200

    # Another address is not held back by this one.
    fine = submit(
        "/m/crowd/register", form_for(500, event.id), via=app.test_client(), address="198.51.100.20"
    )
    assert fine.status_code == 302


def test_the_registration_api_past_the_limit_answers_the_documented_429(
    app, client, create_meet, create_event, monkeypatch
):
    monkeypatch.setitem(app.config, "MEET_REGISTRATION_LIMIT", "3 per minute")
    meet = create_meet(slug="api")
    event = create_event(meet)
    body = {"name": "王伟", "platform": "meituan", "events": [event.id], "consent": True}
    answers = [
        client.post(
            "/api/v1/meets/api/registrations",
            json={**body, "phone": f"1390013900{number}"},
            environ_base=AT_THE_VENUE,
        )
        for number in range(4)
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 201, 429]
    refused = answers[-1]
    assert refused.is_json and set(refused.json) == {"error", "message"}
    assert refused.json["error"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) > 0
    assert registered() == 3


def test_past_the_login_limit_even_the_right_password_waits(app, client, create_organizer, sign_in):
    create_organizer()
    guesser = "192.0.2.10"
    guesses = [sign_in(f"guess {number}", address=guesser).status_code for number in range(10)]
    assert guesses == [401] * 10
    right = sign_in(address=guesser)
    assert right.status_code == 429
    assert "请求太频繁" in right.text and "session" not in right.headers.get("Set-Cookie", "")
    assert client.get("/admin/").status_code == 302  # still signed out
    # The organizer at the desk's own laptop is not locked out by a guesser elsewhere.
    desk = app.test_client()
    assert sign_in(via=desk, address="192.0.2.99").status_code == 302


def test_only_wrong_pins_count_and_past_the_limit_even_the_right_pin_waits(
    app, create_meet, create_event, create_referee_access, enter_pin
):
    meet = create_meet()
    event = create_event(meet)
    _access, token, pin = create_referee_access(meet, [event])
    _other, other_token, other_pin = create_referee_access(meet, [event])
    wrong = "000000" if pin != "000000" else "111111"

    # Tablets opening their link again and again with the right PIN are never held back.
    opened = [enter_pin(token, pin, via=app.test_client()).status_code for _ in range(7)]
    assert opened == [303] * 7

    guesser = app.test_client()
    assert [enter_pin(token, wrong, via=guesser).status_code for _ in range(5)] == [401] * 5
    held = enter_pin(token, pin, via=guesser)
    assert held.status_code == 429 and "请求太频繁" in held.text
    assert guesser.get(f"/ref/{token}/events/{event.id}").status_code == 302  # not opened
    # The limit is per link: the same address still opens another tablet's link.
    assert enter_pin(other_token, other_pin, via=guesser).status_code == 303


# One app instance: its own process (Flask-Limiter keeps one storage per process, so two apps
# in this process would share it whatever the setting), registering the riders it is given.
INSTANCE = """
import json, sys
from meet import create_app
job = json.loads(sys.argv[1])
client = create_app(job["config"]).test_client()
statuses = [
    client.post(
        f"/api/v1/meets/{job['slug']}/registrations",
        json={**job["body"], "phone": phone},
        environ_base={"REMOTE_ADDR": job["address"]},
    ).status_code
    for phone in job["phones"]
]
print(json.dumps(statuses))
"""


def test_two_app_instances_sharing_redis_count_one_limit_together(
    database_url, redis_prefix, create_meet, create_event
):
    meet = create_meet(slug="shared")
    event = create_event(meet)
    config = app_settings(
        database_url,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=redis_prefix,
        MEET_REGISTRATION_LIMIT="5 per minute",
    )
    body = {"name": "王伟", "platform": "meituan", "events": [event.id], "consent": True}
    job = {"config": config, "slug": meet.slug, "body": body, "address": "203.0.113.9"}

    def instance(phones: list[str]) -> list[int]:
        done = subprocess.run(
            [sys.executable, "-c", INSTANCE, json.dumps({**job, "phones": phones})],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    # Four riders through each instance: neither alone goes past five, together they do.
    with ThreadPoolExecutor(2) as pool:
        left, right = pool.map(
            instance,
            [[f"1370013700{n}" for n in range(4)], [f"1370013701{n}" for n in range(4)]],
        )
    statuses = left + right
    assert sorted(statuses) == [201] * 5 + [429] * 3, (left, right)
    assert registered() == 5
