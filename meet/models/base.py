"""Shared column helpers: UTC timestamps and the small vocabularies stored as checked strings."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint


def utcnow() -> datetime:
    """Naive UTC: both SQLite and PostgreSQL give it back unchanged, so comparisons never mix
    aware and naive values. Pages convert to the meet's time zone when they show it."""
    return datetime.now(UTC).replace(tzinfo=None)


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)
