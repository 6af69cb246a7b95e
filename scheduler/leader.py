"""One scheduler at a time: a PostgreSQL advisory lock (re-checked every tick) or a file lock
beside a SQLite database. This only saves work; the unique keys keep things correct."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, text

from bot.db import Database

log = logging.getLogger(__name__)
LOCK_NAME = "huddlebot.scheduler"


class Leadership:
    """Call `check()` before each tick: True while this process holds (or just took) the lock."""

    def __init__(self, db: Database, name: str = LOCK_NAME) -> None:
        self.db, self.name = db, name
        self._conn: Connection | None = None
        self._file: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        """Whether this process held the lock at its last `check()` (what health reports)."""
        return self._conn is not None or self._file is not None

    def check(self) -> bool:
        try:
            return self._check_sqlite() if self.db.is_sqlite else self._check_postgres()
        except Exception:
            log.exception("could not check scheduler leadership")
            self._drop()
            return False

    def _check_postgres(self) -> bool:
        if self._conn is not None:
            held = self._conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND pid = pg_backend_pid() AND granted"
                )
            ).scalar_one()
            if held:
                return True
            self._drop()
        conn = self.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = conn.execute(
            text("SELECT pg_try_advisory_lock(hashtext(:name))"), {"name": self.name}
        ).scalar_one()
        if got:
            self._conn = conn
            log.info("this process now runs the scheduler")
            return True
        conn.close()
        return False

    def _check_sqlite(self) -> bool:
        if self._file is not None:
            return True
        import fcntl

        database = self.db.url.split("///", 1)[-1] if "///" in self.db.url else ""
        if not database or database.startswith(":memory:"):
            database = str(Path(tempfile.gettempdir()) / f"huddlebot-{os.getpid()}")
        path = Path(f"{database}.scheduler.lock")
        handle = open(path, "ab")  # noqa: SIM115 - held open for as long as we lead
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(str(os.getpid()).encode())
        handle.flush()
        self._file = handle
        return True

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                log.debug("closing the leader connection failed", exc_info=True)
            self._conn = None

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(
                    text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": self.name}
                )
            except Exception:
                log.debug("unlock failed; the lock ends with the connection", exc_info=True)
        self._drop()
        if self._file is not None:
            self._file.close()
            self._file = None
