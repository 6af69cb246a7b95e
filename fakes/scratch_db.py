"""A throwaway, migrated database for a benchmark: a SQLite file in a folder, or a new database
on the PostgreSQL server a URL names, dropped again on the way out."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.db import Database, normalise_url
from huddlebot.migrate import upgrade


@contextlib.contextmanager
def scratch_database(
    server_url: str = "", workdir: Path | None = None, prefix: str = "hb_bench"
) -> Iterator[str]:
    """The URL of a new, migrated database. With no `server_url` (or a SQLite one) it is a
    SQLite file in `workdir` (a temporary folder, removed afterwards, when none is given);
    with a PostgreSQL URL, a database named `prefix_<random>` on that server, dropped
    (connections and all) when the block ends."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    if not server_url or server_url.startswith("sqlite"):
        folder = workdir or Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
        url = f"sqlite:///{folder / f'{name}.db'}"
        _migrate(url)
        try:
            yield url
        finally:
            if workdir is None:
                shutil.rmtree(folder, ignore_errors=True)
        return
    admin = create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(normalise_url(server_url)).set(database=name)
            rendered = url.render_as_string(hide_password=False)
            _migrate(rendered)
            yield rendered
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _migrate(url: str) -> None:
    db = Database(url)
    try:
        upgrade(db)
    finally:
        db.dispose()
