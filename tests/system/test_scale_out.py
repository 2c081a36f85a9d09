"""Scale-out: two gunicorn processes on different ports sharing one database (PostgreSQL, or the
same SQLite file as a venue laptop's workers do) and one Redis for the rate-limit counters."""

from __future__ import annotations

import pytest
import redis
import requests

from tests.fixtures.app import REDIS_URL
from tests.fixtures.forms import csrf_token_from
from tests.fixtures.system import PLANK, Rush, registered_riders

pytestmark = pytest.mark.system

LOGIN_LIMIT = 10  # per minute and address: meet/admin/routes.py


def test_a_rush_split_across_two_processes_gives_unique_bibs_and_holds_the_capacity(
    database, serve
):
    slug, events = database.create_open_meet({**PLANK, "capacity": 20})
    left, right = serve(database, workers=1), serve(database, workers=1)

    with Rush([left.url, right.url], slug, events, count=60) as rush:
        answers = rush.finish()

    assert [answer.status for answer in answers] == [201] * 60
    assert {answer.url for answer in answers} == {left.url, right.url}
    riders = registered_riders(database.engine, slug, events_each=1)
    assert sorted(riders.values()) == list(range(1, 61))
    # The first twenty to take the lock are in, the other forty wait in the order they came.
    places = sorted(
        (answer.bib, answer.body["entries"][0]["status"], answer.body["entries"][0]["position"])
        for answer in answers
    )
    assert places == [(bib, "registered", None) for bib in range(1, 21)] + [
        (bib, "waitlisted", bib - 20) for bib in range(21, 61)
    ]
    plank = requests.get(f"{right.url}/api/v1/events/{events[0]}", timeout=10).json()
    statuses = {entry["bib"]: entry["status"] for entry in plank["entries"]}
    assert [statuses[bib] for bib in range(1, 61)] == ["registered"] * 20 + ["waitlisted"] * 40


def test_organizer_login_attempts_are_counted_across_both_processes(database, serve, redis_prefix):
    shared = {
        "MEET_RATELIMIT_ENABLED": "1",
        "MEET_RATELIMIT_STORAGE": REDIS_URL,
        "MEET_RATELIMIT_PREFIX": redis_prefix,
    }
    servers = [serve(database, workers=1, **shared), serve(database, workers=1, **shared)]
    browsers = [requests.Session() for _ in servers]
    tokens = [
        csrf_token_from(browser.get(f"{server.url}/admin/login", timeout=10).text)
        for browser, server in zip(browsers, servers, strict=True)
    ]

    statuses: list[int] = []
    for attempt in range(LOGIN_LIMIT + 2):  # six on each process: neither alone is over
        side = attempt % 2
        answer = browsers[side].post(
            f"{servers[side].url}/admin/login",
            data={"username": "admin", "password": f"guess-{attempt}", "csrf_token": tokens[side]},
            timeout=10,
        )
        statuses.append(answer.status_code)

    assert statuses == [401] * LOGIN_LIMIT + [429, 429]
    # The counters are kept under this run's prefix (MEET_RATELIMIT_PREFIX), not the default.
    with redis.Redis.from_url(REDIS_URL, socket_timeout=5) as client:
        assert list(client.scan_iter(match=f"*{redis_prefix}*", count=500)) != []
