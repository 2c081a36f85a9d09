"""The demo meet: a living system for a newcomer, with riders, teams and some results in.

Everything is drawn from a fixed random seed, so loading it on any machine gives the same meet.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from meet import config
from meet.extensions import db
from meet.models import Entry, Event, Match, Meet, Participant, Result, Team, TeamMember, User
from meet.models.base import utcnow
from meet.scoring.brackets import round_robin
from meet.services.accounts import set_organizer_password
from meet.services.tokens import hash_token, new_code
from meet.sports.registry import get_sport

DEMO_SLUG = "yuhong-demo"
DEMO_NAME = '于洪区新就业群体"流动运动会"'
DEMO_ADMIN = "admin"
RIDER_COUNT = 60
CHINA_OFFSET = timedelta(hours=8)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰凤鹏飞宇浩然博文轩子涵欣怡"
STATIONS = [
    ("meituan", "美团于洪广场站"),
    ("meituan", "美团北陵站"),
    ("eleme", "饿了么沈阳西站"),
    ("sf", "顺丰于洪营业部"),
    ("jd", "京东物流于洪站"),
    ("huolala", "货拉拉于洪司机之家"),
]

EVENTS = [
    # sport, name, kind, capacity, team size (min, max), rules, hour, place
    ("plank", "平板支撑", "individual", 40, None, {"max_seconds": 900}, 9, "中心广场A区"),
    (
        "pitch_pot",
        "投壶",
        "individual",
        40,
        None,
        {"rounds": 2, "arrows_per_round": 4, "points": {"pot": 2, "ear": 3, "miss": 0}},
        10,
        "中心广场B区",
    ),
    ("bowling", "趣味保龄球", "individual", 30, None, {"frames": 5}, 13, "社区活动中心"),
    ("tug_of_war", "拔河", "team", 8, (8, 10), {"pulls": 3}, 14, "中心广场A区"),
    (
        "frisbee_football",
        "飞盘足球",
        "team",
        8,
        (5, 7),
        {"minutes": 10, "team_size": 5},
        15,
        "于洪公园草坪",
    ),
]


def load_demo_meet() -> tuple[Meet, bool]:
    """Create the demo meet unless it is there already. Returns the meet and whether it was made."""
    existing = db.session.scalar(select(Meet).where(Meet.slug == DEMO_SLUG))
    if existing is not None:
        return existing, False
    rng = random.Random(20261129)
    today = (utcnow() + CHINA_OFFSET).date()
    meet = Meet(
        slug=DEMO_SLUG,
        name=DEMO_NAME,
        starts_on=today,
        ends_on=today,
        venue="于洪区于洪广场",
        organizer_name="于洪区总工会",
        seal_text="于洪区总工会",
        registration_opens_at=_china_to_utc(today - timedelta(days=7), time(0, 0)),
        registration_closes_at=_china_to_utc(today, time(23, 59)),
        status="open",
    )
    db.session.add(meet)
    db.session.flush()
    events = _add_events(meet, today)
    riders = _add_riders(meet, rng)
    _enter_individuals(events, riders, rng)
    _add_teams_and_matches(meet, events, riders, rng)
    meet.results_version = 1
    db.session.commit()
    return meet, True


def ensure_demo_organizer(password: str | None) -> str:
    """Make sure the demo organizer can sign in; return the password to print.

    Without MEET_ADMIN_PASSWORD a random password is made once and kept in the instance
    folder (readable by its owner only), so every `make run` can print it again."""
    user = db.session.scalar(select(User).where(User.username == DEMO_ADMIN))
    saved = config.INSTANCE_DIR / "admin-password.txt"
    if password:
        if user is None or not user.check_password(password):
            set_organizer_password(DEMO_ADMIN, password, actor="demo")
        return password
    if user is None:
        password = secrets.token_urlsafe(9)
        _write_private(saved, password)
        set_organizer_password(DEMO_ADMIN, password, actor="demo")
        return password
    if saved.exists() and user.check_password(saved.read_text().strip()):
        return saved.read_text().strip()
    return "(as set; `flask meet create-admin admin` sets a new one)"


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.touch(mode=0o600)
    path.write_text(text + "\n")


def _china_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at) - CHINA_OFFSET


def _add_events(meet: Meet, today: date) -> list[Event]:
    events = []
    for position, (sport, name, kind, capacity, sizes, rules, hour, place) in enumerate(EVENTS):
        event = Event(
            meet_id=meet.id,
            sport=sport,
            name=name,
            kind=kind,
            rules=get_sport(sport).validate_rules(rules),
            capacity=capacity,
            team_size_min=sizes[0] if sizes else None,
            team_size_max=sizes[1] if sizes else None,
            starts_at=_china_to_utc(today, time(hour, 0)),
            place=place,
            position=position,
            status="running" if sport in ("plank", "pitch_pot", "tug_of_war") else "scheduled",
        )
        db.session.add(event)
        events.append(event)
    db.session.flush()
    return events


def _add_riders(meet: Meet, rng: random.Random) -> list[Participant]:
    riders = []
    registered_at = utcnow() - timedelta(days=2)
    for number in range(1, RIDER_COUNT + 1):
        platform, station = STATIONS[(number - 1) % len(STATIONS)]
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        rider = Participant(
            meet_id=meet.id,
            bib=number,
            name=name,
            # 170 numbers are virtual-operator ranges: plausible, and nobody's real phone here.
            phone=f"1700000{number:04d}",
            platform=platform,
            station=station,
            token_hash=hash_token(f"demo-rider-{number}"),
            checkin_code=new_code(),
            consent_at=registered_at,
            checked_in_at=registered_at + timedelta(days=2) if number % 3 else None,
            created_at=registered_at,
        )
        db.session.add(rider)
        riders.append(rider)
    meet.next_bib = RIDER_COUNT + 1
    db.session.flush()
    return riders


def _record(event: Event, entry: Entry | None, match: Match | None, marks: dict) -> None:
    sport = get_sport(event.sport)
    marks = sport.validate_marks(marks, event.rules)
    result = Result(
        event_id=event.id,
        entry_id=entry.id if entry else None,
        match_id=match.id if match else None,
        version=1,
        status="ok",
        marks=marks,
        value=float(sport.value(marks, event.rules)) if entry else None,
    )
    db.session.add(result)
    (entry or match).result_version = 1


def _enter_individuals(events: list[Event], riders: list[Participant], rng: random.Random) -> None:
    plank, pitch_pot, bowling = events[0], events[1], events[2]
    for event, share in ((plank, 30), (pitch_pot, 26), (bowling, 18)):
        chosen = rng.sample(riders, share)
        entries = [Entry(event_id=event.id, participant_id=rider.id) for rider in chosen]
        db.session.add_all(entries)
        db.session.flush()
        if event is plank:
            for entry in entries[:18]:
                _record(event, entry, None, {"seconds": round(rng.uniform(45, 320), 1)})
        elif event is pitch_pot:
            rules = event.rules
            arrows = rules["rounds"] * rules["arrows_per_round"]
            for entry in entries[:12]:
                shots = rng.choices(["pot", "ear", "miss"], weights=[4, 1, 5], k=arrows)
                _record(event, entry, None, {"arrows": shots})


def _add_teams_and_matches(
    meet: Meet, events: list[Event], riders: list[Participant], rng: random.Random
) -> None:
    for event, team_count in ((events[3], 4), (events[4], 4)):
        by_station: dict[str, list[Participant]] = {}
        for rider in riders:
            by_station.setdefault(rider.station, []).append(rider)
        stations = list(by_station)[:team_count]
        entries = []
        for station in stations:
            members = by_station[station][: event.team_size_min]
            team = Team(
                meet_id=meet.id,
                event_id=event.id,
                name=station.removesuffix("站") + "队",
                station=station,
                join_code=new_code(6),
                captain_id=members[0].id,
            )
            db.session.add(team)
            db.session.flush()
            db.session.add_all(
                TeamMember(team_id=team.id, event_id=event.id, participant_id=rider.id)
                for rider in members
            )
            entry = Entry(event_id=event.id, team_id=team.id)
            db.session.add(entry)
            entries.append(entry)
        db.session.flush()
        matches = []
        for position, drawn in enumerate(round_robin([entry.id for entry in entries])):
            match = Match(
                event_id=event.id,
                stage="group",
                round=drawn.round,
                position=position,
                side_a_id=drawn.a,
                side_b_id=drawn.b,
                court="1号场" if position % 2 == 0 else "2号场",
            )
            db.session.add(match)
            matches.append(match)
        db.session.flush()
        finished = 2 if event.sport == "tug_of_war" else 1
        for match in matches[:finished]:
            if event.sport == "tug_of_war":
                winner = rng.choice("ab")
                loser = "b" if winner == "a" else "a"
                marks = {"pulls": rng.choice([[winner, winner], [winner, loser, winner]])}
                match.winner = winner
            else:
                goals = [rng.randint(0, 4), rng.randint(0, 4)]
                marks = {"goals": goals}
                match.winner = (
                    None if goals[0] == goals[1] else ("a" if goals[0] > goals[1] else "b")
                )
            match.status = "finished"
            _record(event, None, match, marks)
