"""The organizer's rankings pages: the whole meet at a glance and one event in full."""

from __future__ import annotations

from meet.services.rankings.events import event_ranking
from meet.services.rankings.standings import team_standings


def test_the_rankings_pages_need_an_organizer(client, create_meet, create_event):
    meet = create_meet()
    event = create_event(meet)

    for url in (f"/admin/meets/{meet.slug}/rankings", f"/admin/events/{event.id}/rankings"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login" in response.headers["Location"]


def test_the_meet_page_shows_standings_and_each_event_s_leaders(client, login, demo_meet):
    login()

    page = client.get(f"/admin/meets/{demo_meet.slug}/rankings")

    assert page.status_code == 200
    for standing in team_standings(demo_meet):
        assert standing.team in page.text
    for event in demo_meet.events:
        assert event.name in page.text
        assert f"/admin/events/{event.id}/rankings" in page.text
    leader = event_ranking(demo_meet.events[0])[0]
    assert leader.name in page.text and leader.display in page.text
    assert "非正式成绩" in page.text
    assert f"/admin/meets/{demo_meet.slug}/rankings.pdf" in page.text


def test_the_event_page_lists_everyone_with_what_stands_in_for_a_place(
    client, login, create_meet, create_event, create_rider, create_entry, record_result_row
):
    login()
    meet = create_meet(status="draft")
    event = create_event(meet, name="平板支撑", status="official")
    finished = create_entry(event, create_rider(meet, name="完成者"))
    absent = create_entry(event, create_rider(meet, name="缺席者"))
    create_entry(event, create_rider(meet, name="候补者"), status="waitlisted")
    record_result_row(event, finished, {"seconds": 75})
    record_result_row(event, absent, status="DNS")

    page = client.get(f"/admin/events/{event.id}/rankings").text

    assert page.index("完成者") < page.index("缺席者")
    assert "1分15.0秒" in page
    assert "未出发" in page
    assert "候补者" not in page
    assert "正式成绩" in page and "非正式成绩" not in page


def test_unknown_meets_and_events_are_not_found(client, login, app_context):
    login()

    assert client.get("/admin/meets/no-such-meet/rankings").status_code == 404
    assert client.get("/admin/events/999999/rankings").status_code == 404
    assert client.get(f"/admin/events/{2**31}/rankings").status_code == 404
