"""Settings read from the environment (MEET_*, DATABASE_URL), with defaults for the venue laptop."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(
    os.environ.get("MEET_INSTANCE_DIR", Path(__file__).resolve().parent.parent / "instance")
)

LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}
DEFAULT_LOCALE = "zh_Hans_CN"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


def _persistent_secret(path: Path) -> str:
    """A random secret kept in the instance folder, so sessions survive restarts and every
    worker process on this machine signs cookies with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def database_url() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'meet.sqlite3'}"
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and point them at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load() -> dict:
    """The configuration of a running app, read once at start-up."""
    public_url = os.environ.get("MEET_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(),
        "SECRET_KEY": os.environ.get("MEET_SECRET_KEY")
        or _persistent_secret(INSTANCE_DIR / "secret_key"),
        "MEET_PUBLIC_URL": public_url,
        "MEET_ADMIN_PASSWORD": os.environ.get("MEET_ADMIN_PASSWORD") or None,
        "RATELIMIT_STORAGE_URI": os.environ.get("MEET_RATELIMIT_STORAGE", "memory://"),
        # Keeps the counters of two deployments (or test runs) apart in one shared Redis.
        "RATELIMIT_KEY_PREFIX": os.environ.get("MEET_RATELIMIT_PREFIX", ""),
        "RATELIMIT_ENABLED": _flag("MEET_RATELIMIT_ENABLED", True),
        # Cookies are Secure only when the public address is https: the venue laptop is often
        # reached over plain http on the local Wi-Fi, where a Secure cookie would never come back.
        "SESSION_COOKIE_SECURE": _flag("MEET_COOKIE_SECURE", public_url.startswith("https://")),
        "REMEMBER_COOKIE_SECURE": _flag("MEET_COOKIE_SECURE", public_url.startswith("https://")),
        "MEET_PROXY_COUNT": int(os.environ.get("MEET_PROXY_COUNT", "0")),
    }


DEFAULTS: dict = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 12 * 3600,
    "WTF_CSRF_TIME_LIMIT": 12 * 3600,
    "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
    "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
    # The app's catalog, then each sport's own (docs/adding-a-sport.md).
    "BABEL_TRANSLATION_DIRECTORIES": ";".join(
        str(folder)
        for folder in [
            Path(__file__).resolve().parent / "translations",
            *sorted(Path(__file__).resolve().parent.glob("sports/*/translations")),
        ]
    ),
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "SQLITE_BUSY_TIMEOUT_MS": 30_000,
}
