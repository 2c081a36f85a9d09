"""The public results: the big-screen board, the rankings pages and a rider's places."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask import render_template
from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, Participant
from meet.scoring.ranking import RankInput, rank_entries
from meet.services.rankings.board import board_rows
from meet.services.rankings.events import event_ranking, rider_places
from meet.services.rankings.standings import team_standings
from meet.sports.registry import get_sport


class _Tables(HTMLParser):
    """The body rows of each table in a page, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.tables[-1].append([])
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _scoring_module_order(event) -> list[tuple[int | None, str]]:
    """(rank, name) of each registered entry, ranked by the scoring module from stored results."""
    sport = get_sport(event.sport)
    entries = db.session.scalars(
        select(Entry)
        .join(Participant)
        .where(Entry.event_id == event.id, Entry.status == "registered")
        .order_by(Participant.bib)
    ).all()
    inputs = []
    for entry in entries:
        current = next((r for r in entry.results if r.version == entry.result_version), None)
        if current is None:
            inputs.append(RankInput(entry, None, "registered"))
        else:
            keys = sport.tie_break_keys(current.marks, event.rules)
            inputs.append(RankInput(entry, current.value, current.status, keys))
    ranking = rank_entries(inputs, sport.direction(event.rules))
    return [(rank, item.entry.participant.name) for rank, item in ranking]


def test_each_public_ranking_page_matches_the_scoring_module_on_the_demo(client, demo_meet):
    for event in demo_meet.events:
        if event.kind == "team":
            continue
        page = client.get(f"/m/{demo_meet.slug}/rankings/{event.id}")

        [table] = _tables(page.text)
        shown = [(int(cells[0]) if cells[0].isdigit() else None, cells[2]) for cells in table]
        assert page.status_code == 200
        assert shown == _scoring_module_order(event)


def test_the_board_shows_each_event_s_leaders_and_the_standings_without_script(client, demo_meet):
    page = client.get(f"/m/{demo_meet.slug}/board")
    tables = _tables(page.text)

    assert page.status_code == 200
    for event, table in zip(demo_meet.events, tables, strict=False):
        expected = board_rows(event_ranking(event, "zh"))[:8]
        assert [cells[1] for cells in table] == [row.name for row in expected]
    standings = team_standings(demo_meet)
    assert [cells[1] for cells in tables[-1]] == [row.team for row in standings[:10]]
    assert "非正式成绩" in page.text
    assert "更新于" in page.text


def test_the_board_starts_from_the_api_s_etag_so_its_first_poll_is_a_304(client, demo_meet):
    page = client.get(f"/m/{demo_meet.slug}/board")
    etag = re.search(r'data-etag="([^"]+)"', page.text).group(1).replace("&#34;", '"')
    source = re.search(r'data-source="([^"]+)"', page.text).group(1)

    poll = client.get(source, headers={"If-None-Match": etag})

    assert source == f"/api/v1/meets/{demo_meet.slug}/board"
    assert poll.status_code == 304


def test_the_board_asks_nothing_of_another_host(client, demo_meet):
    page = client.get(f"/m/{demo_meet.slug}/board").text

    addresses = re.findall(r'(?:src|href|data-source)="([^"]+)"', page)
    assert addresses
    assert all(address.startswith("/") and not address.startswith("//") for address in addresses)


def test_an_official_event_is_marked_official_and_the_rest_unofficial(
    client, create_meet, create_event, create_rider, create_entry, record_result_row
):
    meet = create_meet()
    done = create_event(meet, name="已确认项目", status="official")
    live = create_event(meet, name="进行中项目", status="running")
    for event in (done, live):
        record_result_row(event, create_entry(event, create_rider(meet)), {"seconds": 30})

    page = client.get(f"/m/{meet.slug}/rankings").text
    flags = {
        heading: label
        for heading, _kind, label in re.findall(
            r'<h2>([^<]+)</h2>\s*<span class="flag flag-(\w+)">([^<]+)<', page
        )
    }

    # The standings stay unofficial while any event is.
    assert flags == {"团体总分": "非正式成绩", "已确认项目": "正式成绩", "进行中项目": "非正式成绩"}


def test_the_public_standings_show_tied_teams_sharing_a_place(
    client, create_meet, create_event, create_rider, create_entry, record_result_row
):
    meet = create_meet()
    plank = create_event(meet)
    for station in ("东站", "西站"):
        entry = create_entry(plank, create_rider(meet, station=station))
        record_result_row(plank, entry, {"seconds": 60})

    standings = _tables(client.get(f"/m/{meet.slug}/rankings").text)[0]

    assert [cells[:2] + cells[5:] for cells in standings] == [
        ["1", "东站", "6"],
        ["1", "西站", "6"],
    ]


def test_the_results_pages_of_a_draft_meet_are_not_found(client, create_meet, create_event):
    meet = create_meet(status="draft")
    event = create_event(meet)

    for url in (
        f"/m/{meet.slug}/board",
        f"/m/{meet.slug}/rankings",
        f"/m/{meet.slug}/rankings/{event.id}",
    ):
        assert client.get(url).status_code == 404


def test_an_event_page_answers_only_under_its_own_meet(client, create_meet, create_event):
    event = create_event(create_meet())
    other = create_meet()

    assert client.get(f"/m/{other.slug}/rankings/{event.id}").status_code == 404
    assert client.get(f"/m/{other.slug}/rankings/{2**31}").status_code == 404
    assert client.get("/m/bad%00slug/board").status_code == 404


def test_a_rider_s_page_part_lists_their_places_and_marks_them_unofficial(
    app, create_meet, create_event, create_rider, create_entry, record_result_row
):
    meet = create_meet()
    plank = create_event(meet, name="平板支撑")
    pot = create_event(meet, sport="pitch_pot", name="投壶", rules={})
    rider = create_rider(meet, name="王伟")
    rival = create_rider(meet)
    record_result_row(plank, create_entry(plank, rider), {"seconds": 61})
    record_result_row(plank, create_entry(plank, rival), {"seconds": 90})
    create_entry(pot, rider)

    with app.test_request_context("/"):
        places = rider_places(rider)
        html = render_template(
            "register/_my_results.html", meet=meet, places=places, certificates={}
        )

    assert "我的成绩" in html
    assert "第2名" in html and "1分01.0秒" in html
    assert "非正式成绩" in html
    assert "待赛" in html


def test_a_rider_without_entries_sees_no_results_part(app, create_meet, create_rider):
    meet = create_meet()
    rider = create_rider(meet)

    with app.test_request_context("/"):
        places = rider_places(rider)
        html = render_template(
            "register/_my_results.html", meet=meet, places=places, certificates={}
        )

    assert html.strip() == ""
