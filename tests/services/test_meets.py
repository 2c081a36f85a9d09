"""The meets service: checks on what the organizer types, status transitions, copies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditLog, Meet
from meet.services import audit, meets
from meet.services.meets import ChangeRefused, MeetDetails

WHO = {"actor": "test"}
DETAILS = MeetDetails(
    slug="yuhong", name="于洪区运动会", starts_on=date(2026, 6, 6), ends_on=date(2026, 6, 6)
)


def test_a_slug_saved_by_someone_else_meanwhile_is_refused_cleanly(app_context, monkeypatch):
    meets.create_meet(DETAILS, **WHO)
    # Two organizers pressing Save at once: both pass the check, the database refuses one.
    monkeypatch.setattr(meets, "_slug_taken", lambda slug, meet: False)
    with pytest.raises(ChangeRefused) as refused:
        meets.create_meet(DETAILS, **WHO)
    assert refused.value.problems["slug"].code == "slug_taken"
    assert db.session.scalar(select(Meet.id).where(Meet.slug == "yuhong")) is not None


def test_slugs_and_names_are_trimmed_and_slugs_lowercased(app_context):
    details = MeetDetails(
        slug="  YuHong-2026 ", name=" 于洪 ", starts_on=date(2026, 6, 6), ends_on=date(2026, 6, 6)
    )
    meet = meets.create_meet(details, **WHO)
    assert (meet.slug, meet.name) == ("yuhong-2026", "于洪")


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("draft", ("open",)),
        ("open", ("closed",)),
        ("closed", ("open", "finished")),
        ("finished", ()),
    ],
)
def test_each_status_has_its_next_steps(create_meet, status, allowed):
    assert meets.allowed_statuses(create_meet(status=status)) == allowed


def test_a_copy_moves_the_registration_window_with_the_dates(create_meet):
    source = create_meet(
        starts_on=date(2026, 6, 6),
        ends_on=date(2026, 6, 7),
        registration_opens_at=datetime(2026, 6, 1, 0, 0),
        registration_closes_at=datetime(2026, 6, 5, 10, 0),
        print_settings={"place_style": "chinese"},
    )
    copy = meets.copy_meet(
        source,
        slug="next-one",
        name="下一站",
        starts_on=date(2026, 6, 20),
        ends_on=date(2026, 6, 21),
        venue="大东广场",
        **WHO,
    )
    assert copy.registration_opens_at == datetime(2026, 6, 15, 0, 0)
    assert copy.registration_closes_at == datetime(2026, 6, 19, 10, 0)
    assert copy.print_settings == {"place_style": "chinese"}
    assert (copy.next_bib, copy.results_version) == (1, 0)


def test_a_copy_is_checked_like_a_new_meet(create_meet):
    source = create_meet()
    with pytest.raises(ChangeRefused) as refused:
        meets.copy_meet(
            source,
            slug="x",
            name="",
            starts_on=date(2026, 6, 6),
            ends_on=date(2026, 6, 5),
            venue="",
            **WHO,
        )
    assert set(refused.value.problems) == {"slug", "name", "ends_on"}


def test_the_audit_changes_of_an_edit_are_the_fields_that_changed(app_context):
    meet = meets.create_meet(DETAILS, **WHO)
    meets.update_meet(meet, replace(DETAILS, venue="于洪广场"), **WHO)
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "meet.updated"))
    assert audit.audit_changes(row) == [("venue", "", "于洪广场")]
    created = db.session.scalar(select(AuditLog).where(AuditLog.action == "meet.created"))
    assert ("name", None, "于洪区运动会") in audit.audit_changes(created)
