"""Real processes for the system tests: a scratch database of their own, migrated by
`flask db upgrade heads` in a child process, gunicorn serving it on 127.0.0.1, and a rush of riders
registering through the API from threads. Every process started here is stopped in a finally.

The database is a SQLite file in the test's folder or, when MEET_TEST_DATABASE_URL names a
PostgreSQL server, a scratch database made on it and dropped afterwards. DATABASE_URL is never
read from the environment: it is set for the child processes only."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session

from meet.config import normalise_database_url
from meet.models import AuditLog, Entry, Event, Meet, Participant

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
START_TIMEOUT = 30  # seconds for gunicorn to answer /healthz
REQUEST_TIMEOUT = 40  # one registration; longer than SQLite's 30 s busy timeout
RUSH_TIMEOUT = 90  # a whole rush
PLANK = {"sport": "plank", "name": "平板支撑", "rules": {"max_seconds": 600}}
PITCH_POT = {
    "sport": "pitch_pot",
    "name": "投壶",
    "rules": {"rounds": 1, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}},
}


def libpq_url(url: URL) -> str:
    """The URL as libpq (psql, pg_restore, psycopg) spells it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_postgresql(label: str) -> Iterator[URL]:
    """A new, empty PostgreSQL database on MEET_TEST_DATABASE_URL's server, dropped at the end."""
    import psycopg
    from psycopg import sql

    server = make_url(normalise_database_url(os.environ["MEET_TEST_DATABASE_URL"]))
    name = f"{server.database}_{label}_{secrets.token_hex(4)}"[:63]
    with psycopg.connect(libpq_url(server), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield server.set(database=name)
    finally:
        with psycopg.connect(libpq_url(server), autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@dataclass
class ScratchDatabase:
    url: str  # SQLAlchemy URL; the children read it as DATABASE_URL
    folder: Path  # instance folder, logs, backups
    env: dict[str, str]  # the environment of every child process
    engine: Engine  # the test's own reads

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def flask(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60):
        """Run `flask --app meet ARGS` against this database; returns the CompletedProcess."""
        return subprocess.run(
            [str(BIN / "flask"), "--app", "meet", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def create_open_meet(self, *events: dict[str, Any]) -> tuple[str, list[int]]:
        """An open meet with the given events; returns its slug and the event ids."""
        slug = f"rush-{secrets.token_hex(3)}"
        with Session(self.engine) as session:
            meet = Meet(
                slug=slug,
                name="于洪区流动运动会",
                starts_on=date.today(),
                ends_on=date.today(),
                venue="于洪广场",
                status="open",
            )
            session.add(meet)
            session.flush()
            rows = [Event(meet_id=meet.id, position=n, **fields) for n, fields in enumerate(events)]
            session.add_all(rows)
            session.commit()
            return slug, [row.id for row in rows]


def _child_env(database_url: str, folder: Path) -> dict[str, str]:
    # Nothing of the caller's meet settings leaks into the children, DATABASE_URL least of all.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("MEET_") and name != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=database_url,
        MEET_INSTANCE_DIR=str(folder / "instance"),
        MEET_SECRET_KEY=secrets.token_urlsafe(32),
        MEET_PUBLIC_URL=f"http://{HOST}",
        MEET_RATELIMIT_ENABLED="0",
    )
    return env


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Iterator[ScratchDatabase]:
    """A fresh database for the module, migrated to all heads by a child `flask db upgrade heads`.
    Each test makes a meet of its own in it (create_open_meet): bibs and phones are per meet."""
    tmp_path = tmp_path_factory.mktemp("system")
    with _postgresql_or_sqlite(tmp_path) as url:
        engine = create_engine(url, connect_args={} if "postgresql" in url else {"timeout": 30})
        scratch = ScratchDatabase(url, tmp_path, _child_env(url, tmp_path), engine)
        try:
            migrated = scratch.flask("db", "upgrade", "heads")
            assert migrated.returncode == 0, migrated.stderr
            yield scratch
        finally:
            engine.dispose()


@contextmanager
def _postgresql_or_sqlite(tmp_path: Path) -> Iterator[str]:
    if not os.environ.get("MEET_TEST_DATABASE_URL"):
        yield f"sqlite:///{tmp_path / 'meet.sqlite3'}"
        return
    with scratch_postgresql("sys") as url:
        yield url.render_as_string(hide_password=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving wsgi:app on a free local port, in a process group of its own."""

    def __init__(self, database: ScratchDatabase, workers: int, env: dict[str, str]) -> None:
        self.workers = workers
        self.env = {**database.env, **env}
        self.port = _free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = database.folder / f"gunicorn-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            str(BIN / "gunicorn"),
            "--workers",
            str(self.workers),
            "--bind",
            f"{HOST}:{self.port}",
            "--graceful-timeout",
            "5",
            "--no-control-socket",  # its default path is one per user, shared by every server
            "wsgi:app",
        ]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log.read_text()}"
            # A booting worker may keep the probe waiting in the listen queue: wait with it.
            with suppress(requests.ConnectionError, requests.Timeout):
                probe = requests.get(f"{self.url}/healthz", timeout=deadline - time.monotonic())
                if probe.status_code == 200:
                    return
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not answer in {START_TIMEOUT} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        """The master's children, read from /proc (Linux)."""
        assert self.process is not None
        tasks = Path(f"/proc/{self.process.pid}/task")
        return sorted(
            int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()
        )

    def wait_for_workers(self, count: int, timeout: float = START_TIMEOUT) -> list[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) == count:
                return pids
            time.sleep(0.1)
        raise AssertionError(f"gunicorn has {self.worker_pids()} workers, not {count}")

    def kill_worker(self) -> int:
        pid = self.wait_for_workers(self.workers)[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self, graceful: bool = True) -> None:
        """SIGTERM: the workers finish what they serve and the master exits. Not graceful, or
        when that takes too long: SIGKILL to the process group it started."""
        if self.process is None:
            return
        process, self.process = self.process, None
        if graceful and process.poll() is None:
            process.terminate()
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text().splitlines()[-40:])


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    """serve(database, workers=2, **env) -> a started Server; all are stopped at the end."""
    servers: list[Server] = []

    def start(database: ScratchDatabase, workers: int = 2, **env: str) -> Server:
        server = Server(database, workers, env)
        servers.append(server)
        server.start()
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop(graceful=False)  # what they answered is all checked by now


@dataclass
class Answer:
    """What one rider's registration request got back: status None when the connection dropped."""

    phone: str
    url: str
    status: int | None
    body: dict[str, Any] | None
    at: float  # time.monotonic() when the answer (or the drop) came

    @property
    def bib(self) -> int | None:
        return self.body["bib"] if self.status == 201 and self.body else None


def _json_or_none(response: requests.Response) -> dict[str, Any] | None:
    try:
        return response.json()
    except ValueError:  # an HTML error page: the status says enough
        return None


class Rush:
    """`count` riders registering at once through POST /api/v1/meets/<slug>/registrations, from
    `threads` threads, round robin over `urls`. Requests are never retried: a retried POST would
    answer 409 and hide what the first one did."""

    def __init__(
        self,
        urls: list[str],
        slug: str,
        events: list[int],
        count: int,
        threads: int = 8,
        first: int = 1,
    ) -> None:
        self.urls, self.slug, self.events, self.count = urls, slug, events, count
        self.numbers = range(first, first + count)
        self.threads = threads
        self.answers: list[Answer] = []
        self.changed = threading.Condition()
        self.pool: ThreadPoolExecutor | None = None
        self.futures: list = []

    def __enter__(self) -> Rush:
        self.pool = ThreadPoolExecutor(self.threads)
        self.futures = [
            self.pool.submit(self._register, number, self.urls[index % len(self.urls)])
            for index, number in enumerate(self.numbers)
        ]
        return self

    def __exit__(self, *_exc) -> None:
        assert self.pool is not None
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _register(self, number: int, url: str) -> None:
        body = {
            "name": "骑手" + chr(0x4E00 + number),
            "phone": f"139{number:08d}",
            "platform": "meituan",
            "station": "于洪站",
            "events": self.events,
            "consent": True,
        }
        try:
            response = requests.post(
                f"{url}/api/v1/meets/{self.slug}/registrations", json=body, timeout=REQUEST_TIMEOUT
            )
            status, answer = response.status_code, _json_or_none(response)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            status, answer = None, None
        with self.changed:
            self.answers.append(Answer(body["phone"], url, status, answer, time.monotonic()))
            self.changed.notify_all()

    def acknowledged(self) -> dict[str, int]:
        """{phone: bib} of every registration answered 201 so far."""
        with self.changed:
            return {answer.phone: answer.bib for answer in self.answers if answer.status == 201}

    def wait_for(self, acknowledged: int, timeout: float = RUSH_TIMEOUT) -> None:
        with self.changed:
            done = self.changed.wait_for(
                lambda: (
                    sum(a.status == 201 for a in self.answers) >= acknowledged
                    or len(self.answers) == self.count
                ),
                timeout=timeout,
            )
        assert done, f"fewer than {acknowledged} registrations answered in {timeout} s"

    def finish(self, timeout: float = RUSH_TIMEOUT) -> list[Answer]:
        deadline = time.monotonic() + timeout
        for future in self.futures:
            future.result(timeout=max(0.1, deadline - time.monotonic()))
        return list(self.answers)


def registered_riders(engine: Engine, slug: str, events_each: int) -> dict[str, int]:
    """{phone: bib} of the meet's riders, after checking that none is half-written: every rider
    has an entry in each of the `events_each` events and the audit row of the registration, and
    the bibs are 1..N with no gap and no repeat, with the meet's counter at N + 1."""
    with Session(engine) as session:
        meet = session.scalar(select(Meet).where(Meet.slug == slug))
        riders = session.execute(
            select(Participant.id, Participant.phone, Participant.bib).where(
                Participant.meet_id == meet.id
            )
        ).all()
        entries = dict(
            session.execute(
                select(Entry.participant_id, func.count())
                .join(Participant, Participant.id == Entry.participant_id)
                .where(Participant.meet_id == meet.id)
                .group_by(Entry.participant_id)
            ).all()
        )
        audits = dict(
            session.execute(
                select(AuditLog.object_id, func.count())
                .where(AuditLog.meet_id == meet.id, AuditLog.action == "participant.registered")
                .group_by(AuditLog.object_id)
            ).all()
        )
        next_bib = meet.next_bib
    half_written = [
        phone
        for rider_id, phone, _bib in riders
        if entries.get(rider_id) != events_each or audits.get(rider_id) != 1
    ]
    assert half_written == []
    bibs = sorted(bib for _id, _phone, bib in riders)
    assert bibs == list(range(1, len(riders) + 1))
    assert next_bib == len(riders) + 1
    return {phone: bib for _id, phone, bib in riders}
