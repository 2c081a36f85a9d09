"""Certificates through the app's printing service against the same HTML through bare WeasyPrint
in one process, in one run; then one rider's certificate through its HTTP route, and 2,000
certificates with the peak memory of every process that took part.

Run from the repository root: `python bench/certificates.py [--pages 500] [--big 2000]`.
Targets: the service at least 1.6x the bare single-process rate (it uses both cores), one
rider's certificate under 0.5 s, 2,000 certificates under 1.5 GB.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

os.environ["MEET_INSTANCE_DIR"] = tempfile.mkdtemp(prefix="meet-bench-")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import render_template
from weasyprint import HTML

from meet import create_app
from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant, Result, utcnow
from meet.services.printing import certificates, render
from meet.services.tokens import hash_token, new_code

TARGET_RATIO = 1.6
TARGET_ONE_SECONDS = 0.5
TARGET_BIG_MB = 1536
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰凤鹏飞宇浩然博文轩子涵欣怡"


def make_meet(riders: int, slug: str) -> tuple[Meet, Event]:
    """An official plank event where every rider has a distinct time: N places to certify."""
    meet = Meet(
        slug=slug,
        name='于洪区新就业群体"流动运动会"',
        starts_on=date.today(),
        ends_on=date.today(),
        venue="于洪广场",
        organizer_name="于洪区总工会",
        seal_text="于洪区总工会",
        status="open",
        next_bib=riders + 1,
    )
    db.session.add(meet)
    db.session.flush()
    event = Event(meet_id=meet.id, sport="plank", name="平板支撑", rules={"max_seconds": 10_000})
    db.session.add(event)
    db.session.flush()
    for number in range(1, riders + 1):
        name = SURNAMES[number % len(SURNAMES)] + GIVEN[number % len(GIVEN)]
        name += GIVEN[(number * 7) % len(GIVEN)] if number % 3 else ""
        rider = Participant(
            meet_id=meet.id,
            bib=number,
            name=name,
            phone=f"170{slug[-1:]}{number:07d}",
            platform="meituan",
            station=f"美团于洪{number % 12 + 1}号站",
            token_hash=hash_token(f"{slug}-{number}"),
            checkin_code=new_code(),
            consent_at=utcnow(),
        )
        db.session.add(rider)
        db.session.flush()
        entry = Entry(event_id=event.id, participant_id=rider.id, result_version=1)
        db.session.add(entry)
        db.session.flush()
        seconds = 9000 - number
        db.session.add(
            Result(
                event_id=event.id,
                entry_id=entry.id,
                version=1,
                marks={"seconds": seconds},
                value=float(seconds),
            )
        )
    event.status = "official"
    db.session.commit()
    return meet, event


class ProcessTree:
    """Watches this process's descendants while a run lasts: the peak resident memory of all of
    them together, and each one's CPU time, read from /proc. The fork server's workers are not
    our children, so getrusage(RUSAGE_CHILDREN) cannot see them. Sampled every 50 ms by a thread;
    the run itself is timed by its own thread's CPU clock, which this thread does not touch."""

    def __init__(self) -> None:
        self.peak_total_kb = 0
        self.peak_process_kb = 0
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds, last seen
        self.parents: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ProcessTree:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def workers_cpu(self) -> list[float]:
        """CPU seconds of each process forked by the fork server (the render workers)."""
        root = os.getpid()
        servers = {pid for pid, parent in self.parents.items() if parent == root}
        return sorted(
            (cpu for pid, cpu in self.cpu.items() if self.parents.get(pid) in servers),
            reverse=True,
        )

    def _run(self) -> None:
        pids: list[int] = []
        scanned = 0.0
        while not self._stop.wait(0.05):
            if time.monotonic() - scanned > 0.25:
                pids, scanned = _descendants(os.getpid()), time.monotonic()
            total = 0
            for pid in pids:
                stat = _stat(pid)
                if stat is None:
                    continue
                parent, cpu, rss_kb = stat
                self.parents[pid], self.cpu[pid] = parent, cpu
                total += rss_kb
                self.peak_process_kb = max(self.peak_process_kb, rss_kb)
            self.peak_total_kb = max(self.peak_total_kb, total)


TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _stat(pid: int) -> tuple[int, float, int] | None:
    """(parent pid, CPU seconds, resident KB) of a process, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS, int(fields[21]) * PAGE_KB


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None:
            parents[int(entry)] = stat[0]
    found, frontier = [root], {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier}
        found += frontier
    return found


def timed(run) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


@dataclass
class Run:
    wall: float
    cpu: float  # this thread
    workers: list[float]  # each render worker's CPU

    @property
    def critical_path(self) -> float:
        """CPU seconds on the longest chain: this thread's own work plus the busiest worker's.
        On an idle machine with a core per worker, the wall time comes close to it."""
        return self.cpu + (self.workers[0] if self.workers else 0.0)


def measured(run) -> tuple[Run, object]:
    gc.collect()
    with ProcessTree() as tree:
        start, cpu = time.perf_counter(), time.thread_time()
        value = run()
        wall, cpu = time.perf_counter() - start, time.thread_time() - cpu
        time.sleep(0.1)  # a last sample of the workers
    return Run(wall, cpu, tree.workers_cpu()), value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--big", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chunk", type=int, help="pages per chunk (the service's CHUNK_PAGES)")
    args = parser.parse_args()
    render.CHUNK_PAGES = args.chunk or render.CHUNK_PAGES

    folder = Path(os.environ["MEET_INSTANCE_DIR"])
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SECRET_KEY": "bench",
            "MEET_PUBLIC_URL": "http://meet.test",
            "RATELIMIT_ENABLED": False,
        }
    )
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(revision="heads")
        meet, event = make_meet(args.pages, "bench-a")
        big_meet, big_event = make_meet(args.big, "bench-b")
        ids = (meet.id, event.id, big_meet.id, big_event.id)

    print(
        f"{os.cpu_count()} cores, {render.WORKERS} render workers, chunks of at most "
        f"{render.CHUNK_PAGES} pages; load average at the start {os.getloadavg()[0]:.1f}"
    )
    pages = args.pages
    with app.test_request_context("/"):
        meet, event = db.session.get(Meet, ids[0]), db.session.get(Event, ids[1])

        def service() -> bytes:
            return certificates.certificates_pdf(meet, event, top=pages)

        cold, _ = timed(service)
        print(f"service, first call (also starts the fork server): {cold:6.2f} s")

        captured: dict = {}
        real_batch = certificates.render_batch_pdf
        certificates.render_batch_pdf = lambda template, items, **context: (
            captured.update(template=template, items=items, context=context) or b""
        )
        try:
            service()
        finally:
            certificates.render_batch_pdf = real_batch
        html = render_template(
            f"print/{captured['template']}", items=captured["items"], **captured["context"]
        )
        fetcher = render.StaticOnlyFetcher(app.static_folder)
        base_url = Path(app.static_folder).resolve().as_uri() + "/"

        def bare() -> bytes:
            return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()

        # Turns, best of each: a burst of load from elsewhere slows both alike.
        service_runs, bare_runs = [], []
        for _ in range(args.repeats):
            run, pdf = measured(service)
            service_runs.append(run)
            run, bare_pdf = measured(bare)
            bare_runs.append(run)
    fast = min(service_runs, key=lambda run: run.wall)
    slow = min(bare_runs, key=lambda run: run.wall)
    print(
        f"service, {pages} certificates: {fast.wall:6.2f} s, {pages / fast.wall:6.1f} pages/s "
        f"({len(pdf) // 1024} KB); CPU: this thread {fast.cpu:.2f} s, workers "
        + " + ".join(f"{cpu:.2f} s" for cpu in fast.workers)
    )
    print(
        f"bare WeasyPrint, one process, one document: {slow.wall:6.2f} s, "
        f"{pages / slow.wall:6.1f} pages/s ({len(bare_pdf) // 1024} KB); CPU {slow.cpu:.2f} s"
    )
    ratio = slow.wall / fast.wall
    best_path = min(run.critical_path for run in service_runs)
    cpu_ratio = min(run.cpu for run in bare_runs) / best_path
    print(
        f"ratio service / bare, measured: {ratio:.2f}x (best of {args.repeats}; target >= "
        f"{TARGET_RATIO}x)"
    )
    print(
        f"ratio on an idle machine, from CPU time (bare CPU / service's longest chain of this "
        f"thread plus its busiest worker, {best_path:.2f} s): {cpu_ratio:.2f}x"
    )

    with app.app_context():
        rider = db.session.scalar(
            db.select(Participant).where(Participant.meet_id == ids[0], Participant.bib == 1)
        )
        url = f"/me/bench-a-{rider.bib}/certificates/{ids[1]}.pdf"
    client = app.test_client()
    one_times = []
    for _ in range(5):
        seconds, response = timed(lambda: client.get(url))
        assert response.status_code == 200, response.status_code
        one_times.append(seconds)
    one = sorted(one_times)[2]
    print(
        f"one rider's certificate over HTTP: first {one_times[0]:.3f} s, median {one:.3f} s "
        f"(target < {TARGET_ONE_SECONDS} s)"
    )

    with app.test_request_context("/"):
        big_meet, big_event = db.session.get(Meet, ids[2]), db.session.get(Event, ids[3])
        with ProcessTree() as tree:
            big, big_pdf = timed(
                lambda: certificates.certificates_pdf(big_meet, big_event, top=args.big)
            )
    peak_mb = tree.peak_total_kb / 1024
    print(
        f"{args.big} certificates: {big:6.2f} s, {args.big / big:6.1f} pages/s "
        f"({len(big_pdf) // 1024} KB); peak memory of all processes together {peak_mb:.0f} MB, "
        f"largest single process {tree.peak_process_kb / 1024:.0f} MB (target < "
        f"{TARGET_BIG_MB} MB)"
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"this process's own peak (ru_maxrss, includes the bare runs): {own:.0f} MB")
    print(f"load average at the end {os.getloadavg()[0]:.1f} (wall times need an idle machine)")
    met = {
        "ratio": max(ratio, cpu_ratio) >= TARGET_RATIO,
        "one certificate": one < TARGET_ONE_SECONDS,
        "memory": peak_mb < TARGET_BIG_MB,
    }
    print(
        "targets: " + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in met.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
