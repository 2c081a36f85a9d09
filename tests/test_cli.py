import sqlite3

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog, Meet, RefereeAccess, User


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args, **kwargs):
        return runner.invoke(args=["meet", *args], **kwargs)

    return invoke


def test_demo_command_prints_the_organizer_login_and_is_idempotent(run, app_context):
    first = run("demo")
    assert first.exit_code == 0, first.output
    assert "user: admin" in first.output
    password = first.output.split("password: ")[1].split()[0]
    second = run("demo")
    assert second.exit_code == 0
    assert f"password: {password}" in second.output
    assert db.session.query(Meet).count() == 1
    user = db.session.scalar(select(User).where(User.username == "admin"))
    assert user.check_password(password)


def test_demo_command_sets_the_password_from_the_environment(run, app, app_context):
    app.config["MEET_ADMIN_PASSWORD"] = "venue-password-1"
    try:
        result = run("demo")
    finally:
        app.config["MEET_ADMIN_PASSWORD"] = None
    assert "password: venue-password-1" in result.output
    user = db.session.scalar(select(User).where(User.username == "admin"))
    assert user.check_password("venue-password-1")


def test_demo_if_empty_leaves_a_database_with_meets_alone(run, create_meet, app_context):
    create_meet(slug="real-meet")
    result = run("demo", "--if-empty")
    assert result.exit_code == 0
    assert db.session.query(Meet).count() == 1


def test_create_admin_makes_an_account_and_audits_it(run, app_context):
    result = run("create-admin", "desk", "--password", "a long password")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "desk"))
    assert user.check_password("a long password")
    assert user.password_hash != "a long password"
    assert db.session.scalar(select(AuditLog.action)) == "account.created"


def test_create_admin_refuses_a_short_password(run, app_context):
    result = run("create-admin", "desk", "--password", "short")
    assert result.exit_code != 0
    assert "8 characters" in result.output


def test_referee_command_prints_a_link_token_and_pin(run, create_meet, create_event, app_context):
    meet = create_meet(slug="yuhong")
    event = create_event(meet)
    result = run("referee", "yuhong", "--event", str(event.id), "--name", "平板支撑 1号平板")
    assert result.exit_code == 0, result.output
    token = result.output.split("API token:")[1].split()[0]
    pin = result.output.split("PIN:")[1].split()[0]
    assert f"http://meet.test/ref/{token}" in result.output
    assert len(pin) == 6 and pin.isdigit()
    access = db.session.scalar(select(RefereeAccess))
    assert access.token_hash != token
    assert [e.id for e in access.events] == [event.id]


def test_referee_command_refuses_an_event_of_another_meet(
    run, create_meet, create_event, app_context
):
    create_meet(slug="here")
    other = create_event(create_meet(slug="there"))
    result = run("referee", "here", "--event", str(other.id))
    assert result.exit_code != 0
    assert db.session.query(RefereeAccess).count() == 0


def test_backup_writes_a_database_that_opens(run, app, create_meet, tmp_path, app_context):
    create_meet(slug="kept")
    target = tmp_path / "backup.db"
    result = run("backup", str(target))
    assert result.exit_code == 0, result.output
    if db.engine.dialect.name == "sqlite":
        with sqlite3.connect(target) as copy:
            assert copy.execute("SELECT slug FROM meets").fetchall() == [("kept",)]
    else:
        assert target.read_bytes().startswith(b"PGDMP")
