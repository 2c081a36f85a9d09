"""How a request's transactions begin on SQLite: a registration (the form or the API) only reads
until the registration service takes the meet's lock, so it begins deferred even though it is a
POST, the meet lookup of its URL included; any other POST begins with the write lock."""

import pytest
from sqlalchemy import event

from meet import sqlite
from meet.extensions import db
from tests.fixtures.forms import csrf_token_from, registration_form


@pytest.fixture
def begins(app_context):
    """The BEGIN statements the app sends from now on, in order (SQLite only: PostgreSQL has no
    begin modes to choose)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    seen: list[str] = []

    def record(_connection, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    # Requests here run in the test's thread: give them a server thread's default, the write lock
    # (app_context chose deferred), so that only the app's own choice can make them read first.
    mode = sqlite.set_read_only(False)
    yield seen
    sqlite.reset_mode(mode)
    event.remove(engine, "before_cursor_execute", record)


def _fresh(seen: list[str]) -> None:
    """Forget what came before: the next request starts with no transaction open."""
    db.session.remove()
    seen.clear()


def test_a_registration_on_the_form_reads_before_it_locks(
    client, begins, create_meet, create_event
):
    meet = create_meet()
    url = f"/m/{meet.slug}/register"
    data = registration_form([create_event(meet, name="投壶")])
    data["csrf_token"] = csrf_token_from(client.get(url).text)
    _fresh(begins)
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert begins[0] == "BEGIN DEFERRED"
    assert "BEGIN IMMEDIATE" in begins  # the service's locked part


def test_a_registration_through_the_api_reads_before_it_locks(
    client, begins, create_meet, create_event
):
    meet = create_meet()
    url = f"/api/v1/meets/{meet.slug}/registrations"
    body = {"name": "王伟", "phone": "13800138000", "platform": "meituan", "consent": True}
    body["events"] = [create_event(meet, name="投壶").id]
    _fresh(begins)
    response = client.post(url, json=body)
    assert response.status_code == 201
    assert begins[0] == "BEGIN DEFERRED"


def test_any_other_post_begins_with_the_write_lock(client, begins, create_organizer):
    create_organizer()
    token = csrf_token_from(client.get("/admin/login").text)
    _fresh(begins)
    client.post("/admin/login", data={"username": "nobody", "password": "x", "csrf_token": token})
    assert begins[0] == "BEGIN IMMEDIATE"
