"""POST /api/v1/meets/<slug>/registrations: the contract's answers, and a rush of 200 at once."""

import threading
from datetime import timedelta
from functools import partial

from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, Participant, utcnow
from tests.fixtures.concurrency import run_at_once


def _body(event_ids, **fields):
    body = {
        "name": "王伟",
        "phone": "+86 138 0013 8000",
        "platform": "meituan",
        "station": "于洪站",
        "events": event_ids,
        "consent": True,
    }
    body.update(fields)
    return body


def test_a_registration_answers_201_with_bib_token_and_entries(client, create_meet, create_event):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    create_event(meet)
    first = client.post(f"/api/v1/meets/{meet.slug}/registrations", json=_body([event.id]))
    second = client.post(
        f"/api/v1/meets/{meet.slug}/registrations",
        json=_body([event.id], phone="13900139000", name="李娜"),
    )
    assert first.status_code == 201, first.json
    assert first.json["bib"] == 1
    assert first.json["entries"] == [{"event": event.id, "status": "registered", "position": None}]
    assert first.headers["Location"] == f"/me/{first.json['token']}"
    assert first.json["url"] == f"http://meet.test/me/{first.json['token']}"
    assert second.json["entries"] == [{"event": event.id, "status": "waitlisted", "position": 1}]
    assert client.get(f"/me/{first.json['token']}").status_code == 200


def test_the_same_phone_again_answers_409_without_the_first_riders_data(
    client, create_meet, create_event
):
    meet = create_meet()
    event = create_event(meet)
    url = f"/api/v1/meets/{meet.slug}/registrations"
    assert client.post(url, json=_body([event.id])).status_code == 201
    again = client.post(url, json=_body([event.id], phone="138-0013-8000", name="李娜"))
    assert again.status_code == 409
    assert again.json["error"] == "already_registered"
    assert "王伟" not in again.text and "bib" not in again.json and "token" not in again.json


def test_wrong_fields_answer_422_with_a_message_for_each(client, create_meet, create_event):
    meet = create_meet()
    event = create_event(meet)
    answer = client.post(
        f"/api/v1/meets/{meet.slug}/registrations",
        json=_body([event.id], name="王伟😀", phone="12345", consent=False),
    )
    assert answer.status_code == 422
    assert answer.json["error"] == "invalid"
    assert set(answer.json["fields"]) == {"name", "phone", "consent"}
    assert "表情" in answer.json["fields"]["name"]  # in the rider's language, Chinese by default
    assert db.session.scalar(select(Participant)) is None


def test_malformed_bodies_are_refused_with_json_errors(client, create_meet):
    meet = create_meet()
    url = f"/api/v1/meets/{meet.slug}/registrations"
    assert client.post(url, data="name=x").status_code == 400
    assert client.post(url, json=[1, 2]).json["error"] == "bad_request"
    wrong_types = client.post(
        url, json=_body(["1"], name=5, consent="yes", team={"create": "A", "join": "B"})
    )
    assert wrong_types.status_code == 422
    assert set(wrong_types.json["fields"]) == {"name", "events", "consent", "team"}


def test_an_unknown_or_draft_meet_answers_404(client, create_meet):
    draft = create_meet(status="draft")
    for slug in ("nope", draft.slug):
        answer = client.post(f"/api/v1/meets/{slug}/registrations", json=_body([1]))
        assert answer.status_code == 404 and answer.json["error"] == "not_found"


def test_registration_outside_the_window_answers_403(client, create_meet, create_event):
    meet = create_meet(registration_closes_at=utcnow() - timedelta(minutes=1))
    event = create_event(meet)
    answer = client.post(f"/api/v1/meets/{meet.slug}/registrations", json=_body([event.id]))
    assert answer.status_code == 403 and answer.json["error"] == "closed"


def test_team_events_take_a_team_to_create_or_to_join_by_code(client, create_meet, create_event):
    meet = create_meet()
    event = create_event(meet, sport="tug_of_war", kind="team", rules={"pulls": 3}, team_size_max=2)
    url = f"/api/v1/meets/{meet.slug}/registrations"
    captain = client.post(url, json=_body([event.id], team={"create": "于洪铁军"}))
    assert captain.status_code == 201, captain.json
    team = captain.json["entries"][0]["team"]
    assert team["name"] == "于洪铁军"
    mate = client.post(
        url, json=_body([event.id], phone="13900139000", team={"join": team["join_code"]})
    )
    assert mate.json["entries"][0]["team"]["id"] == team["id"]
    full = client.post(
        url, json=_body([event.id], phone="13700137000", team={"join": team["join_code"]})
    )
    assert full.status_code == 422
    assert list(full.json["fields"]) == [f"team_{event.id}"]


def test_the_openapi_document_describes_the_registration_endpoint(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/meets/{slug}/registrations"]["post"]
    assert {"201", "409", "422"} <= set(operation["responses"])
    assert "RegistrationRequest" in document["components"]["schemas"]


def test_200_riders_registering_at_once_get_bibs_1_to_200_and_50_places(
    app, create_meet, create_event
):
    """The rush: 200 registrations in the same instant for an event of capacity 50, each through
    its own client (and so its own app context and database connection)."""
    meet = create_meet()
    event = create_event(meet, capacity=50)
    slug, event_id = meet.slug, event.id
    db.session.rollback()  # nothing of this thread may hold the database while the rush runs
    riders = 200
    barrier = threading.Barrier(riders)
    answers: list[tuple[int, dict]] = []

    def register(number: int) -> None:
        client = app.test_client()
        body = _body([event_id], name="骑手" + chr(0x4E00 + number), phone=f"1370000{number:04d}")
        barrier.wait()
        response = client.post(f"/api/v1/meets/{slug}/registrations", json=body)
        answers.append((response.status_code, response.json))

    run_at_once(*(partial(register, number) for number in range(riders)))

    assert sorted(status for status, _answer in answers) == [201] * riders
    assert sorted(answer["bib"] for _status, answer in answers) == list(range(1, riders + 1))
    entries = list(
        db.session.execute(
            select(Participant.bib, Entry.status)
            .join(Entry, Entry.participant_id == Participant.id)
            .where(Entry.event_id == event_id)
            .order_by(Entry.id)
        )
    )
    registered = [bib for bib, status in entries if status == "registered"]
    waitlisted = [bib for bib, status in entries if status == "waitlisted"]
    assert len(registered) == 50 and len(waitlisted) == 150
    # Served one at a time under the lock: first come, first served, and the waitlist in order.
    assert registered == list(range(1, 51))
    assert waitlisted == list(range(51, 201))
    positions = {
        answer["bib"]: answer["entries"][0]["position"]
        for _status, answer in answers
        if answer["entries"][0]["status"] == "waitlisted"
    }
    assert positions == {bib: bib - 50 for bib in range(51, 201)}
