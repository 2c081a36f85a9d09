"""Consistent copies of the database while the server keeps running."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import Engine


class BackupError(RuntimeError):
    pass


def backup_database(engine: Engine, path: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if engine.dialect.name == "sqlite":
        _backup_sqlite(engine.url.database, partial)
    elif engine.dialect.name == "postgresql":
        _backup_postgresql(engine, partial)
    else:
        raise BackupError(f"No backup for {engine.dialect.name} databases.")
    os.replace(partial, target)  # a reader never sees a half-written backup


def _backup_sqlite(source: str | None, target: Path) -> None:
    if not source:
        raise BackupError("The SQLite database has no file to back up.")
    target.unlink(missing_ok=True)
    # SQLite's online backup copies a consistent snapshot while writers carry on.
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def _backup_postgresql(engine: Engine, target: Path) -> None:
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed (Debian package postgresql-client).")
    url = engine.url.set(drivername="postgresql")
    command = [
        "pg_dump",
        "--format=custom",
        "--file",
        str(target),
        url.render_as_string(hide_password=False),
    ]
    # The command is a fixed list (no shell); the URL comes from our own settings.
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(completed.stderr.strip() or "pg_dump failed")
