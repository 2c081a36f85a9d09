"""Organizer accounts: creating them and checking a login."""

from __future__ import annotations

from sqlalchemy import select

from meet.extensions import db
from meet.models import User
from meet.services.audit import record_audit

MIN_PASSWORD_LENGTH = 8


class AccountError(ValueError):
    pass


def set_organizer_password(username: str, password: str, *, actor: str = "cli") -> User:
    """Create the organizer account, or set its password when it exists."""
    username = username.strip()
    if not username:
        raise AccountError("username_required")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_too_short")
    user = db.session.scalar(select(User).where(User.username == username))
    created = user is None
    if created:
        user = User(username=username)
        db.session.add(user)
    user.set_password(password)
    db.session.flush()
    record_audit(
        "account.created" if created else "account.password_set",
        user,
        actor=actor,
        after={"username": username},
    )
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)
