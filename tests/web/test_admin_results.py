"""The organizer's results page: history with who, when and why, corrections with a reason,
and marking an event official (after which referees can no longer change it)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog, Event, Result
from meet.services.results.recording import record_result
from meet.sports.registry import sport_desk


@pytest.fixture
def pitch_pot(create_meet, create_event, create_rider, create_entry):
    meet = create_meet()
    rules = {"rounds": 1, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}}
    event = create_event(meet, sport="pitch_pot", name="投壶", rules=rules)
    return event, create_entry(event, create_rider(meet, name="王一"))


def correct(submit, event, entry, marks, reason, version=1, status="ok"):
    """The organizer types the entry's marks on one line, with a reason, on the results page."""
    form = {
        "target": f"entry:{entry.id}",
        "version": version,
        "status": status,
        "marks": marks,
        "reason": reason,
    }
    return submit(f"/admin/events/{event.id}/results", form, follow=True)


def test_the_results_page_needs_a_signed_in_organizer(client, pitch_pot):
    event, _entry = pitch_pot
    assert client.get(f"/admin/events/{event.id}/results").status_code == 302


def test_the_organizer_sees_each_version_with_who_and_why(
    app, client, login, pitch_pot, create_referee_access
):
    event, entry = pitch_pot
    access, _token, _pin = create_referee_access(event.meet, [event], name="投壶平板")
    with app.test_request_context():
        record_result(event, entry=entry, marks={"arrows": ["pot"] * 4}, version=0, access=access)
        record_result(
            event,
            entry=entry,
            marks={"arrows": ["miss"] * 4},
            version=1,
            reason="看错了",
            access=access,
        )
    login()
    page = client.get(f"/admin/events/{event.id}/results")
    assert "王一" in page.text
    assert "裁判 投壶平板" in page.text
    assert "看错了" in page.text
    assert "8分" in page.text and "0分" in page.text


def test_a_correction_with_a_reason_is_a_new_audited_version(submit, login, pitch_pot):
    event, entry = pitch_pot
    login()
    answer = correct(submit, event, entry, "入 贯 未 入", "纸质记分表", version=0)
    assert "已记录为第 1 版" in answer.text
    recorded = db.session.scalars(select(Result).where(Result.entry_id == entry.id)).one()
    assert recorded.marks["arrows"] == ["pot", "ear", "miss", "pot"]
    assert recorded.user_id is not None
    assert db.session.scalars(select(AuditLog.action)).all()[-1] == "result.recorded"


def test_a_correction_without_a_reason_changes_nothing(submit, login, pitch_pot):
    event, entry = pitch_pot
    login()
    answer = correct(submit, event, entry, "入 入 入 入", "", version=0)
    assert "请写明修改成绩的原因" in answer.text
    assert db.session.scalars(select(Result).where(Result.entry_id == entry.id)).all() == []


def test_bad_marks_are_refused_with_the_reason(submit, login, pitch_pot):
    event, entry = pitch_pot
    login()
    answer = correct(submit, event, entry, "入 入", "补录", version=0)
    assert "本项目每人必须投 4 支箭" in answer.text


def test_marking_official_stops_referees_until_reopened(
    client, submit, login, pitch_pot, create_referee_access
):
    event, entry = pitch_pot
    _access, token, _pin = create_referee_access(event.meet, [event])
    login()
    submit(f"/admin/events/{event.id}/official", {}, f"/admin/events/{event.id}/results")
    db.session.rollback()
    assert db.session.get(Event, event.id).status == "official"
    body = {"event": event.id, "entry": entry.id, "marks": {"arrows": ["pot"] * 4}}
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/results", json=body, headers=headers).status_code == 403
    # The organizer still can, with a reason.
    assert "已记录为第 1 版" in correct(submit, event, entry, "入 入 入 入", "补录", version=0).text
    submit(f"/admin/events/{event.id}/reopen", {}, f"/admin/events/{event.id}/results")
    again = {**body, "version": 1, "reason": "复核"}
    assert client.post("/api/v1/results", json=again, headers=headers).status_code == 201


@pytest.mark.parametrize(
    ("sport", "text", "status", "marks"),
    [
        ("plank", "2:05.4", "ok", {"seconds": 125.4}),
        ("plank", "95", "ok", {"seconds": 95}),
        ("pitch_pot", "入壶 贯耳 未中 pot", "ok", {"arrows": ["pot", "ear", "miss", "pot"]}),
        ("bowling", "10, 7 3", "ok", {"rolls": [10, 7, 3]}),
        ("tug_of_war", "a B a", "ok", {"pulls": ["a", "b", "a"]}),
        ("frisbee_football", "2 2 b", "ok", {"goals": [2, 2], "decider": "b"}),
        ("custom", "12.3 11.8", "ok", {"attempts": [12.3, 11.8]}),
        ("tug_of_war", "b", "DNS", {"side": "b"}),
        ("bowling", "7 x", "ok", {"rolls": [7, "x"]}),
    ],
)
def test_the_organizer_types_marks_on_one_line(sport, text, status, marks):
    assert sport_desk(sport).marks_from_text(text, status) == marks


def test_recorded_marks_come_back_as_the_line_to_correct():
    pitch_pot = {"arrows": ["pot", "miss"], "shootoff": []}
    assert sport_desk("pitch_pot").text_of_marks(pitch_pot) == "pot miss"
    frisbee = {"goals": [1, 1], "decider": "a"}
    assert sport_desk("frisbee_football").text_of_marks(frisbee) == "1 1 a"
    assert sport_desk("plank").text_of_marks({"seconds": 61.2}) == "61.2"
    assert sport_desk("tug_of_war").text_of_marks({"side": "b"}) == "b"
