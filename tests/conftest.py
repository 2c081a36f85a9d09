"""Test fixtures: one migrated database per run (SQLite, or PostgreSQL through
MEET_TEST_DATABASE_URL), emptied between tests; factories rather than prebuilt objects.

DATABASE_URL is never read here, so running the tests cannot touch a real deployment."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from datetime import date, timedelta

# Files the app keeps in its instance folder (secret key, demo password) go to a scratch folder.
os.environ["MEET_INSTANCE_DIR"] = tempfile.mkdtemp(prefix="meet-test-instance-")

import pytest
from sqlalchemy import create_engine, text

from meet import create_app, sqlite
from meet.config import normalise_database_url
from meet.extensions import db, limiter

REDIS_URL = "redis://127.0.0.1:6379"


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("MEET_TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def _empty_postgresql(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_app(database_url: str, **overrides):
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "MEET_PUBLIC_URL": "http://meet.test",
        "MEET_ADMIN_PASSWORD": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": True,
        "SESSION_COOKIE_SECURE": False,
        "SERVER_NAME": None,
    }
    settings.update(overrides)
    return create_app(settings)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = _test_database_url(tmp_path_factory)
    if url.startswith("postgresql"):
        _empty_postgresql(url)
    return url


@pytest.fixture(scope="session")
def app(database_url):
    from flask_migrate import upgrade

    app = make_app(database_url)
    with app.app_context():
        upgrade(revision="heads")
    return app


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Every test starts with empty tables and fresh rate-limit counters."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = [table.name for table in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if db.engine.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))
        limiter.reset()


@pytest.fixture
def app_context(app):
    """An app context for the test's own reads and factories. Its transactions begin deferred:
    an immediate one left open by a test would hold SQLite's write lock and stall the threads
    and servers the test starts (in WAL mode a deferred reader blocks no writer)."""
    with app.app_context():
        mode = sqlite.set_read_only(True)
        yield
        db.session.remove()
        sqlite.reset_mode(mode)


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_FIELD = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


@pytest.fixture
def create_organizer(app_context):
    from meet.services.accounts import set_organizer_password

    def create(username: str = "organizer", password: str = "correct horse battery"):
        return set_organizer_password(username, password, actor="test")

    return create


@pytest.fixture
def login(client, create_organizer):
    def sign_in(username: str = "organizer", password: str = "correct horse battery"):
        create_organizer(username, password)
        page = client.get("/admin/login")
        return client.post(
            "/admin/login",
            data={
                "username": username,
                "password": password,
                "csrf_token": csrf_token_from(page.text),
            },
        )

    return sign_in


@pytest.fixture
def create_meet(app_context):
    from meet.models import Meet

    counter = iter(range(1, 10_000))

    def create(**fields) -> Meet:
        number = next(counter)
        today = date.today()
        values = {
            "slug": f"meet-{number}",
            "name": f"测试运动会 {number}",
            "starts_on": today,
            "ends_on": today + timedelta(days=1),
            "venue": "于洪广场",
            "status": "open",
        }
        values.update(fields)
        meet = Meet(**values)
        db.session.add(meet)
        db.session.commit()
        return meet

    return create


@pytest.fixture
def create_event(app_context):
    from meet.models import Event

    def create(meet, **fields) -> Event:
        values = {
            "sport": "plank",
            "name": "平板支撑",
            "kind": "individual",
            "rules": {"max_seconds": 600},
        }
        values.update(fields)
        event = Event(meet_id=meet.id, **values)
        db.session.add(event)
        db.session.commit()
        return event

    return create


@pytest.fixture
def create_rider(app_context):
    from meet.models import Participant, utcnow
    from meet.services.tokens import new_code, new_token

    def create(meet, **fields) -> Participant:
        bib = fields.pop("bib", None) or meet.next_bib
        meet.next_bib = max(meet.next_bib, bib + 1)
        values = {
            "bib": bib,
            "name": f"骑手{bib}",
            "phone": f"1380000{bib:04d}",
            "platform": "meituan",
            "station": "于洪站",
            "token_hash": new_token()[1],
            "checkin_code": new_code(),
            "consent_at": utcnow(),
        }
        values.update(fields)
        rider = Participant(meet_id=meet.id, **values)
        db.session.add(rider)
        db.session.commit()
        return rider

    return create


@pytest.fixture
def create_entry(app_context):
    from meet.models import Entry

    def create(event, rider=None, team=None, **fields) -> Entry:
        entry = Entry(
            event_id=event.id,
            participant_id=rider.id if rider else None,
            team_id=team.id if team else None,
            **fields,
        )
        db.session.add(entry)
        db.session.commit()
        return entry

    return create


@pytest.fixture
def create_referee_access(app_context):
    """Returns (access, token, pin) for a meet, scoped to the given events (all when none)."""
    from meet.services.referees import create_referee_access as make

    def create(meet, events=(), name="裁判"):
        return make(meet, [event.id for event in events], name, actor="test")

    return create


@pytest.fixture
def demo_meet(app_context):
    from meet.services.demo import load_demo_meet

    return load_demo_meet()[0]


@pytest.fixture
def record_result_row(app_context):
    """Writes the next result version of an entry (or a match) straight into the database, the
    way the results service stores it: value from the sport, the entry's version and the meet's
    results version bumped. For tests of what reads results (rankings, board, printing)."""
    from meet.models import Meet, Result
    from meet.scoring import get_sport

    def record(event, entry=None, marks=None, status="ok", match=None, winner=None) -> Result:
        sport = get_sport(event.sport)
        rules = sport.validate_rules(event.rules)
        target = entry if entry is not None else match
        marks = sport.validate_marks(marks, rules) if marks is not None else {}
        value = None
        if entry is not None and status == "ok" and marks:
            value = float(sport.value(marks, rules))
        target.result_version += 1
        result = Result(
            event_id=event.id,
            entry_id=entry.id if entry is not None else None,
            match_id=match.id if match is not None else None,
            version=target.result_version,
            status=status,
            marks=marks,
            value=value,
        )
        if match is not None:
            match.status = "finished"
            match.winner = winner or sport.score(marks, rules).winner
        db.session.add(result)
        db.session.get(Meet, event.meet_id).results_version += 1
        db.session.commit()
        return result

    return record


@pytest.fixture
def create_team_entry(app_context):
    """A team with the given riders as members, entered in a team event; returns the entry."""
    from meet.models import Entry, Team, TeamMember
    from meet.services.tokens import new_code

    def create(event, name, riders=(), station="", status="registered") -> Entry:
        team = Team(
            meet_id=event.meet_id,
            event_id=event.id,
            name=name,
            station=station,
            join_code=new_code(6),
        )
        db.session.add(team)
        db.session.flush()
        db.session.add_all(
            TeamMember(team_id=team.id, event_id=event.id, participant_id=rider.id)
            for rider in riders
        )
        entry = Entry(event_id=event.id, team_id=team.id, status=status)
        db.session.add(entry)
        db.session.commit()
        return entry

    return create


@pytest.fixture
def create_match(app_context):
    """A match of a match-sport event between two entries (either may be None until a knockout
    fills it); `next_match` and `next_slot` wire a knockout."""
    from meet.models import Match

    def create(event, a=None, b=None, next_match=None, **fields) -> Match:
        match = Match(
            event_id=event.id,
            side_a_id=a.id if a else None,
            side_b_id=b.id if b else None,
            next_match_id=next_match.id if next_match else None,
            **fields,
        )
        db.session.add(match)
        db.session.commit()
        return match

    return create


@pytest.fixture
def make_registration(app_context):
    """make_registration(meet, [events], teams={event_id: TeamChoice}, **details) registers a rider
    through the registration service (issue 4) with valid defaults for what is not given."""
    from meet.services.registration import RiderDetails, register_rider

    counter = iter(range(1, 100_000))

    def make(meet, events=(), *, teams=None, actor="rider", check_in=False, **details):
        number = next(counter)
        values = {
            "name": "骑手" + chr(0x4E00 + number),  # names take no digits
            "phone": f"1391234{number:04d}",
            "platform": "meituan",
            "station": "于洪站",
            "consent": True,
        }
        values.update(details)
        rider = RiderDetails(event_ids=[event.id for event in events], teams=teams or {}, **values)
        return register_rider(meet, rider, actor=actor, check_in=check_in)

    return make


@pytest.fixture(scope="session")
def read_qr_svg():
    """read_qr_svg(svg_text) -> the text a phone reads from a QR drawn by meet.services.qr:
    its squares are painted into a PNG with Pillow and decoded by zbarimg (Debian zbar-tools)."""
    import io
    import shutil
    import subprocess

    from PIL import Image, ImageDraw

    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) reads QR codes back")
    square = re.compile(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)")

    def read(svg: str) -> str:
        size = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        scale = 10
        image = Image.new("L", (int(size * scale), int(size * scale)), 255)
        draw = ImageDraw.Draw(image)
        for x1, y1, x2, y2 in square.findall(re.search(r'<path d="([^"]+)"', svg).group(1)):
            left, top = float(x1) * scale, float(y1) * scale
            draw.rectangle([left, top, float(x2) * scale - 1, float(y2) * scale - 1], fill=0)
        png = io.BytesIO()
        image.save(png, format="PNG")
        decoded = subprocess.run(
            ["zbarimg", "--raw", "-q", "-"], input=png.getvalue(), capture_output=True, check=True
        )
        return decoded.stdout.decode("utf-8").strip()

    return read


@pytest.fixture(scope="session")
def pdf_text():
    """pdf_text(pdf_bytes, page=None) -> the text of a PDF (or of one page), as poppler's
    pdftotext reads it: what a printed document really says."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) reads PDFs back")

    def read(pdf: bytes, page: int | None = None) -> str:
        pages = ["-f", str(page), "-l", str(page)] if page else []
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", *pages, "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        )
        return done.stdout.decode("utf-8")

    return read


@pytest.fixture(scope="session")
def pdf_qr_codes(tmp_path_factory):
    """pdf_qr_codes(pdf_bytes, dpi=150) -> every QR payload on the PDF's pages, in reading order:
    the pages rasterised by pdftoppm and read by zbarimg, as a phone camera would."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None:
        pytest.skip("pdftoppm (poppler-utils) and zbarimg (zbar-tools) read QR codes back")
    folder = tmp_path_factory.mktemp("qr")
    counter = iter(range(1_000_000))

    def read(pdf: bytes, dpi: int = 150) -> list[str]:
        stem = folder / f"doc{next(counter)}"
        stem.with_suffix(".pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), str(stem.with_suffix(".pdf")), str(stem)],
            check=True,
        )
        codes: list[str] = []
        for image in sorted(folder.glob(f"{stem.name}-*.png")):
            done = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True)
            codes += done.stdout.decode("utf-8").split()
        return codes

    return read


@pytest.fixture
def redis_prefix():
    """A key prefix of this test run's own in the shared Redis, its keys deleted at the end.
    Without Redis the test is skipped, except in CI (.ci/run starts Redis), where it fails."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}: {error}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    prefix = f"meet-test-{secrets.token_hex(6)}"
    try:
        yield prefix
    finally:
        for key in client.scan_iter(match=f"*{prefix}*", count=500):
            client.delete(key)
        client.close()
