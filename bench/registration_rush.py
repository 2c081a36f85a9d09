"""A crowd registering at once: gunicorn (4 workers) on a fresh database, N concurrent clients
posting to POST /api/v1/meets/<slug>/registrations, then /healthz hammered the same way.

Prints registrations per second, p50/p99 latency, errors, duplicate or missing bibs, /healthz
requests per second and the ratio of the two. Target: no errors, no duplicates, ratio >= 0.2.
Everything runs on 127.0.0.1 and stops by itself (gunicorn is stopped, the temp folder removed).

Run from the repository root:
    .venv/bin/python bench/registration_rush.py [--riders 1000] [--clients 50]
    .venv/bin/python bench/registration_rush.py --database-url postgresql://postgres@127.0.0.1/meet_bench
(a PostgreSQL database given here is emptied first).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TARGET_RATIO = 0.2
REQUEST_TIMEOUT = 30


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--riders", type=int, default=1000, help="registrations to send")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--database-url", help="PostgreSQL instead of a temp SQLite file")
    parser.add_argument("--rounds", type=int, default=4, help="turns of the two loads")
    parser.add_argument("--max-seconds", type=float, default=300, help="give up after this")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="meet-rush-"))
    port = _free_port()
    env = {
        **os.environ,
        "MEET_INSTANCE_DIR": str(folder),
        "DATABASE_URL": args.database_url or f"sqlite:///{folder / 'rush.sqlite3'}",
        "MEET_RATELIMIT_ENABLED": "0",
        "MEET_SECRET_KEY": "registration-rush",
        "MEET_PUBLIC_URL": f"http://{HOST}:{port}",
    }
    server = None
    # The whole run has a deadline: a stuck server must not keep the bench (or CI) waiting.
    watchdog = threading.Timer(args.max_seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    watchdog.daemon = True
    watchdog.start()
    try:
        slug, event_id, capacity = _prepare_database(env, args.riders)
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--bind",
                f"{HOST}:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        _wait_until_healthy(port)
        print(
            f"gunicorn: {args.workers} workers x {args.threads} threads on {HOST}:{port}, "
            f"{_database_name(env['DATABASE_URL'])}; {args.riders} riders, {args.clients} "
            f"clients, event capacity {capacity}"
        )
        # The two loads take turns, round by round, so a burst of other work on the machine
        # slows both alike and the ratio stays fair.
        rush, health = Run(), Run()
        share = -(-args.riders // args.rounds)
        for first in range(0, args.riders, share):
            numbers = range(first, min(first + share, args.riders))
            rush.add(_run(numbers, args.clients, lambda n: _register(port, slug, event_id, n)))
            health.add(_run(numbers, args.clients, lambda _n: _healthz(port)))
        stored = _stored_bibs(env, slug, event_id)
    except KeyboardInterrupt:
        print(f"stopped: the run took longer than {args.max_seconds:.0f} s", file=sys.stderr)
        return 2
    finally:
        watchdog.cancel()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return _report(rush, health, stored, args.riders, capacity)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _database_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else "SQLite (fresh temp file)"


def _prepare_database(env: dict[str, str], riders: int) -> tuple[str, int, int]:
    """Migrate a fresh database and add one open meet with one event for a quarter of the riders
    (so most of the rush lands on the waitlist, the part that must stay in order)."""
    script = """
import json, os
from datetime import date
from flask_migrate import upgrade
from sqlalchemy import text
from meet import create_app
from meet.extensions import db
from meet.models import Event, Meet
app = create_app()
with app.app_context():
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(directory=os.path.join(os.getcwd(), "migrations"), revision="heads")
    meet = Meet(slug="rush", name="报名压力测试", starts_on=date.today(), ends_on=date.today(),
                status="open")
    db.session.add(meet)
    db.session.flush()
    event = Event(meet_id=meet.id, sport="plank", name="平板支撑", rules={"max_seconds": 600},
                  capacity=int(os.environ["RUSH_CAPACITY"]))
    db.session.add(event)
    db.session.commit()
    print(json.dumps([meet.slug, event.id, event.capacity]))
"""
    capacity = max(1, riders // 4)
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-c", script],
        cwd=ROOT,
        env={**env, "RUSH_CAPACITY": str(capacity)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise SystemExit(f"preparing the database failed:\n{done.stderr}")
    slug, event_id, capacity = json.loads(done.stdout.strip().splitlines()[-1])
    return slug, event_id, capacity


def _wait_until_healthy(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _healthz(port)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def _request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    # A new connection per request, as each phone at the venue has its own.
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _register(port: int, slug: str, event_id: int, number: int) -> tuple[int, bytes]:
    body = {
        "name": "骑手" + chr(0x4E00 + number % 20000),
        "phone": f"137{number:08d}",
        "platform": "meituan",
        "station": "于洪站",
        "events": [event_id],
        "consent": True,
    }
    return _request(port, "POST", f"/api/v1/meets/{slug}/registrations", json.dumps(body).encode())


def _healthz(port: int) -> tuple[int, bytes]:
    return _request(port, "GET", "/healthz")


class Run:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.answers: list[tuple[int, bytes]] = []
        self.failures: list[str] = []
        self.seconds = 0.0

    def add(self, other: Run) -> None:
        self.latencies += other.latencies
        self.answers += other.answers
        self.failures += other.failures
        self.seconds += other.seconds

    @property
    def per_second(self) -> float:
        return len(self.answers) / self.seconds if self.seconds else 0.0


def _run(numbers: range, clients: int, send) -> Run:
    """One request per number, from `clients` threads at once, each taking the next in turn."""
    run = Run()
    lock = threading.Lock()
    numbers = iter(numbers)
    start_line = threading.Barrier(clients + 1)

    def client() -> None:
        start_line.wait()
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            began = time.perf_counter()
            try:
                answer = send(number)
            except OSError as error:
                with lock:
                    run.failures.append(repr(error))
                continue
            took = time.perf_counter() - began
            with lock:
                run.latencies.append(took)
                run.answers.append(answer)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_line.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


def _stored_bibs(env: dict[str, str], slug: str, event_id: int) -> dict:
    """What the database holds after the rush, read by a fresh process."""
    script = """
import json, os
from sqlalchemy import func, select
from meet import create_app
from meet.extensions import db
from meet.models import Entry, Meet, Participant
app = create_app()
with app.app_context():
    meet = db.session.scalar(select(Meet).where(Meet.slug == os.environ["RUSH_SLUG"]))
    bibs = list(db.session.scalars(select(Participant.bib).where(Participant.meet_id == meet.id)))
    event_id = int(os.environ["RUSH_EVENT"])
    rows = db.session.execute(select(Entry.status, func.count()).where(Entry.event_id == event_id)
                              .group_by(Entry.status)).all()
    print(json.dumps({"bibs": bibs, "statuses": dict(rows)}))
"""
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-c", script],
        cwd=ROOT,
        env={**env, "RUSH_SLUG": slug, "RUSH_EVENT": str(event_id)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def _report(rush: Run, health: Run, stored: dict, riders: int, capacity: int) -> int:
    statuses = Counter(status for status, _body in rush.answers)
    errors = riders - statuses.get(201, 0)
    answered_bibs = [json.loads(body)["bib"] for status, body in rush.answers if status == 201]
    duplicates = len(answered_bibs) - len(set(answered_bibs))
    bibs = sorted(stored["bibs"])
    missing = sorted(set(range(1, len(bibs) + 1)) - set(bibs))
    registered = stored["statuses"].get("registered", 0)
    waitlisted = stored["statuses"].get("waitlisted", 0)
    health_errors = len(health.failures) + sum(1 for status, _ in health.answers if status != 200)
    ratio = rush.per_second / health.per_second if health.per_second else 0.0
    ms = 1000

    print(f"registrations: {len(rush.answers)} answered in {rush.seconds:.2f} s of rush")
    print(f"  registrations/s   {rush.per_second:8.1f}")
    print(f"  latency p50       {_percentile(rush.latencies, 0.50) * ms:8.1f} ms")
    print(f"  latency p99       {_percentile(rush.latencies, 0.99) * ms:8.1f} ms")
    print(
        f"  errors            {errors:8d}  (answers: {dict(statuses)}, "
        f"connection failures: {len(rush.failures)})"
    )
    print(f"  duplicate bibs    {duplicates:8d}  (in the answers)")
    print(
        f"  stored riders     {len(bibs):8d}  bibs 1..{bibs[-1] if bibs else 0}, "
        f"gaps {len(missing)}, duplicates {len(bibs) - len(set(bibs))}"
    )
    print(
        f"  entries           {registered:8d} registered (capacity {capacity}), "
        f"{waitlisted} waitlisted"
    )
    print(f"/healthz: {len(health.answers)} answered in {health.seconds:.2f} s of rush")
    print(f"  requests/s        {health.per_second:8.1f}")
    print(f"  latency p50       {_percentile(health.latencies, 0.50) * ms:8.1f} ms")
    print(f"  latency p99       {_percentile(health.latencies, 0.99) * ms:8.1f} ms")
    print(f"  errors            {health_errors:8d}")
    print(f"ratio registrations/s : healthz/s = {ratio:.2f} (target >= {TARGET_RATIO})")

    good = (
        errors == 0
        and duplicates == 0
        and not missing
        and len(bibs) == len(set(bibs)) == riders
        and registered == min(capacity, riders)
        and waitlisted == riders - registered
        and ratio >= TARGET_RATIO
    )
    print("OK" if good else "TARGET MISSED")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
