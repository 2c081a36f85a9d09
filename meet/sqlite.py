"""SQLite as an embedded server: WAL, a busy timeout, and write transactions that lock first.

A transaction that reads and then writes on SQLite can fail at once with "database is locked"
when another writer got in between; taking the write lock up front (BEGIN IMMEDIATE) makes
concurrent writers queue behind the busy timeout instead. Safe requests (GET, HEAD) only read,
so they begin a plain deferred transaction and never wait for a writer (WAL lets them read).
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

_begin_mode: ContextVar[str] = ContextVar("sqlite_begin_mode", default="IMMEDIATE")


def configure(engine: Engine, busy_timeout_ms: int) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN; pysqlite's own would be deferred.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql(f"BEGIN {_begin_mode.get()}")


def set_read_only(read_only: bool):
    """Set the begin mode for the current context; returns a token for reset_mode()."""
    return _begin_mode.set("DEFERRED" if read_only else "IMMEDIATE")


def reset_mode(token) -> None:
    _begin_mode.reset(token)
