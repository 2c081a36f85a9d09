"""The schema comes from Alembic migrations, and they match the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from meet.extensions import db
from tests.fixtures.app import make_app


def test_migrations_bring_the_database_to_the_models(app_context):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_upgrade_an_empty_database_and_downgrade_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = make_app(url)
    with app.app_context():
        upgrade(revision="heads")
        tables = set(inspect(db.engine).get_table_names())
        assert {"meets", "events", "participants", "entries", "results", "audit_log"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(revision="heads")
        db.engine.dispose()


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys(app_context):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_the_app_never_creates_tables_at_start_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'untouched.sqlite3'}"
    app = make_app(url)
    app.test_client().get("/healthz")
    assert inspect(create_engine(url)).get_table_names() == []
