"""Faults with real processes: a gunicorn worker killed in a registration rush, a restart, and a
backup taken while riders register. Nothing acknowledged is lost, nothing is half-written."""

from __future__ import annotations

import sqlite3
import subprocess
import time

import pytest
import requests
from sqlalchemy import create_engine

from tests.fixtures.system import (
    PITCH_POT,
    PLANK,
    Rush,
    libpq_url,
    registered_riders,
    scratch_postgresql,
)

pytestmark = pytest.mark.system


def test_a_worker_killed_in_a_registration_rush_loses_no_acknowledged_registration(database, serve):
    slug, events = database.create_open_meet(PLANK, PITCH_POT)
    server = serve(database, workers=2)

    with Rush([server.url], slug, events, count=150) as rush:
        rush.wait_for(50)
        killed = server.kill_worker()
        killed_at = time.monotonic()
        answers = rush.finish()

    assert killed not in server.wait_for_workers(2)  # the master replaced it
    assert {answer.status for answer in answers} <= {201, None}
    acknowledged = {answer.phone: answer.bib for answer in answers if answer.status == 201}
    dropped = {answer.phone for answer in answers if answer.status is None}
    assert len(acknowledged) + len(dropped) == 150
    assert len(dropped) <= 2  # at most what the killed worker was serving
    assert sum(answer.at > killed_at for answer in answers) >= 50  # the rush went on

    # Every acknowledged rider is there with the bib they were told; a dropped request may have
    # landed or not, but whatever is there is whole (registered_riders checks it).
    riders = registered_riders(database.engine, slug, events_each=2)
    assert {phone: riders.get(phone) for phone in acknowledged} == acknowledged
    assert set(riders) <= set(acknowledged) | dropped

    server.stop()
    server.start()
    assert registered_riders(database.engine, slug, events_each=2) == riders
    plank = requests.get(f"{server.url}/api/v1/events/{events[0]}", timeout=10).json()
    assert sorted(entry["bib"] for entry in plank["entries"]) == sorted(riders.values())
    with Rush([server.url], slug, events, count=1, first=1000) as rush:
        (after_restart,) = rush.finish()
    assert after_restart.bib == len(riders) + 1


def test_a_backup_taken_while_riders_register_holds_everyone_acknowledged_before_it(
    database, serve
):
    slug, events = database.create_open_meet(PLANK)
    server = serve(database, workers=2)
    target = database.folder / "backups" / "meet.backup"

    with Rush([server.url], slug, events, count=150) as rush:
        rush.wait_for(30)
        before = rush.acknowledged()
        backup = database.flask("meet", "backup", str(target))
        during = len(rush.acknowledged()) - len(before)
        answers = rush.finish()

    assert backup.returncode == 0, backup.stderr
    assert during > 0  # riders were registering while the backup ran
    assert all(answer.status == 201 for answer in answers)
    if database.is_postgresql:
        with scratch_postgresql("restore") as url:
            restored = subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", "-d", libpq_url(url), target],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert restored.returncode == 0, restored.stderr
            in_backup = _riders_in(url.render_as_string(hide_password=False), slug)
    else:
        with sqlite3.connect(target) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copy.close()
        in_backup = _riders_in(f"sqlite:///{target}", slug)

    assert {phone: in_backup.get(phone) for phone in before} == before
    # The backup is a snapshot of one moment: a prefix of the rush, with nobody invented.
    everyone = registered_riders(database.engine, slug, events_each=1)
    assert {phone: everyone[phone] for phone in in_backup} == in_backup


def _riders_in(url: str, slug: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        return registered_riders(engine, slug, events_each=1)
    finally:
        engine.dispose()
