"""Concurrent writers queue instead of failing with "database is locked"."""

from sqlalchemy import select

from meet.extensions import db
from meet.models import Meet
from tests.fixtures.concurrency import run_at_once


def test_concurrent_read_then_write_transactions_all_succeed(app, create_meet):
    meet_id = create_meet().id
    db.session.rollback()  # end this thread's transaction: on SQLite it would hold the write lock
    errors: list[BaseException] = []
    workers, rounds = 8, 10

    def bump() -> None:
        try:
            with app.app_context():
                for _ in range(rounds):
                    # Read, then write: this fails on SQLite without BEGIN IMMEDIATE.
                    meet = db.session.scalar(select(Meet).where(Meet.id == meet_id))
                    if db.engine.dialect.name == "postgresql":
                        db.session.refresh(meet, with_for_update=True)
                    meet.next_bib = meet.next_bib + 1
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # collected and asserted on below
            errors.append(error)

    run_at_once(*[bump] * workers)
    assert errors == []
    db.session.expire_all()
    assert db.session.get(Meet, meet_id).next_bib == 1 + workers * rounds
