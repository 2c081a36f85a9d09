"""An event's knockout matches in the one bracket model (meet/scoring/brackets.py): a stored match
as the model sees it, and a knockout winner sent on to the next match through the model."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from meet.extensions import db
from meet.models import Match
from meet.scoring import brackets
from meet.scoring.base import Side

FINISHED = "finished"


def bracket_match(row: Match | Row[Any]) -> brackets.Match:
    """A stored match (a Match, or a query row with its column names) in the bracket model: sides
    are entry ids, the winner is the entry that won a finished match, the winner goes on to
    `next_match_id` as side `next_slot` (a when unset), and the stage says which match is for
    third place."""
    winner = None
    if row.status == FINISHED and row.side_a_id is not None and row.side_b_id is not None:
        winner = {"a": row.side_a_id, "b": row.side_b_id}.get(row.winner or "")
    return brackets.Match(
        row.id,
        row.round,
        row.side_a_id,
        row.side_b_id,
        winner,
        winner_to=(
            brackets.Slot(row.next_match_id, "b" if row.next_slot == "b" else "a")
            if row.next_match_id is not None
            else None
        ),
        third_place=row.stage == "third_place",
    )


def send_on(match: Match, side: Side) -> None:
    """Record or correct `side` as the winner of a match that feeds a next one, and fill the next
    match's slot with the winning entry (taking back the entry a correction replaces). Raises
    brackets.CorrectionRefused, naming the matches in the way, when a corrected winner already
    played on. Writes the match rows, not the match's own winner and status."""
    rows = _chain(match)
    bracket = [bracket_match(row) for row in rows]
    winner = match.side_a_id if side == "a" else match.side_b_id
    if bracket[0].winner is None:
        brackets.record_winner(bracket, match.id, winner)
    else:
        brackets.correct_winner(bracket, match.id, winner)
    for row, drawn in zip(rows, bracket, strict=True):
        if (row.side_a_id, row.side_b_id) != (drawn.a, drawn.b):
            row.side_a_id, row.side_b_id = drawn.a, drawn.b


def _chain(match: Match) -> list[Match]:
    """The match and every match its winners go on to, in order, read under row locks
    (PostgreSQL; SQLite's write transaction already holds the database lock) so that whether
    they were played cannot change under us. Locks are taken along the bracket's direction, so
    two results of one bracket never wait for each other in a circle."""
    rows = [match]
    next_id = match.next_match_id
    while next_id is not None and next_id not in {row.id for row in rows}:
        query = select(Match).where(Match.id == next_id).with_for_update()
        rows.append(db.session.scalars(query.execution_options(populate_existing=True)).one())
        next_id = rows[-1].next_match_id
    return rows
