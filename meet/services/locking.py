"""The meet's lock: registrations, withdrawals, capacity edits and waitlist promotions of one meet
take turns, each in one write transaction that holds it.

pretix's rule: check what can be checked first, take the one lock as late as possible, then check
again whatever another writer may have changed meanwhile. On PostgreSQL the lock is the meet row's
(SELECT ... FOR UPDATE); SQLite has one writer at a time, so there the transaction begins with the
database's write lock (BEGIN IMMEDIATE, see meet/sqlite.py) after the reads so far are ended: a
deferred SQLite transaction cannot safely become the writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from meet import sqlite
from meet.extensions import db
from meet.models import Meet

# Only the control test switches this off, to show the races the lock closes do happen without it.
LOCK_MEETS = True


@contextmanager
def locked_meet(meet_id: int, *columns: str, keep_loaded: bool = False) -> Iterator[Row]:
    """A write transaction holding the meet's lock, committed when the block ends and rolled back
    on any exception, so the lock is let go at once either way. Yields the meet's `columns` (its
    id when none are named) as read under the lock: what another writer may have moved since.

    `keep_loaded` commits without expiring what the session holds: for an answer built from what
    was just written, where reloading it would begin yet another transaction."""
    session = db.session()
    sqlite_mode = None
    try:
        if LOCK_MEETS and db.engine.dialect.name == "sqlite":
            _commit(session, keep_loaded=True)  # nothing is written yet: this ends the reads
            sqlite_mode = sqlite.set_read_only(False)
        table = Meet.__table__
        query = select(*(table.c[name] for name in columns or ("id",))).where(table.c.id == meet_id)
        if LOCK_MEETS:
            query = query.with_for_update()  # SQLite's compiler leaves this out
        yield session.connection().execute(query).one()
        _commit(session, keep_loaded=keep_loaded)
    except BaseException:
        session.rollback()
        raise
    finally:
        if sqlite_mode is not None:
            sqlite.reset_mode(sqlite_mode)


def _commit(session: Session, *, keep_loaded: bool) -> None:
    if not keep_loaded:
        session.commit()
        return
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
