"""The tag of a public meet's rankings: screens send it back to learn whether anything changed."""

from __future__ import annotations

from meet.extensions import db
from meet.services.rankings.board import event_tag, meet_tag


def test_the_tag_changes_with_each_result_and_with_an_event_becoming_official(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    plank = create_event(create_meet(), sport="plank")
    entry = create_entry(plank, create_rider(plank.meet))
    before = meet_tag(plank.meet.slug, "zh_Hans_CN")
    assert event_tag(plank.id, "zh_Hans_CN") == before

    record_result_row(plank, entry, {"seconds": 10})
    after_result = meet_tag(plank.meet.slug, "zh_Hans_CN")
    plank.status = "official"
    db.session.commit()
    after_official = meet_tag(plank.meet.slug, "zh_Hans_CN")

    assert len({before, after_result, after_official}) == 3
    assert meet_tag(plank.meet.slug, "en") != after_official


def test_there_is_no_tag_for_a_draft_meet_or_an_unknown_event(create_meet, create_event):
    draft = create_meet(status="draft")
    event = create_event(draft)

    assert meet_tag(draft.slug, "en") is None
    assert event_tag(event.id, "en") is None
    assert event_tag(event.id + 1000, "en") is None
