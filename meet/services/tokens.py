"""Random keys given to riders and referees. Only their SHA-256 is stored, so a copy of the
database does not open anyone's page; a key has 256 bits, so no salt or slow hash is needed."""

from __future__ import annotations

import hashlib
import secrets


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh URL-safe key and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def new_code(length: int = 16) -> str:
    """An opaque code for a QR (check-in) or a join code: letters and digits without 0/O, 1/I."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(length))
