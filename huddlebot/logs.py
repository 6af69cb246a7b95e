"""Logging: plain or JSON lines; control characters escaped; known secrets masked; no staff text.

An exception's message can hold what staff typed: a database error carries the failing row or
the SQL parameters, a `ValueError` quotes its input. So a log line shows an exception by its type
(and a database error code or an errno), and a traceback shows its frames, never a message.
"""

from __future__ import annotations

import copy
import json
import logging
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType

from huddlebot.settings import Settings

# Libraries that log whole requests and responses (bodies, SQL with parameters) below WARNING.
TALKATIVE = ("msrest", "urllib3", "msal", "slack_sdk", "sqlalchemy", "botframework", "botbuilder")
QUIET = ("alembic", "apscheduler", "aiohttp.access", "matplotlib", *TALKATIVE)
WITHHELD = "[message withheld]"


def describe(error: BaseException) -> str:
    """An exception as its type plus codes that carry no data."""
    kind = type(error)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    if getattr(kind, "log_safe", False):
        return f"{name}: {error}"  # its message is codes and type names, by design
    codes = []
    original = getattr(error, "orig", None)  # SQLAlchemy's wrapper around the driver's error
    for source in (error, original):
        code = getattr(source, "sqlstate", None) or getattr(source, "pgcode", None)
        code = code or getattr(source, "sqlite_errorname", None)
        if isinstance(code, str) and code:
            codes.append(code)
    if original is not None:
        inner = type(original)
        codes.insert(0, f"{inner.__module__}.{inner.__qualname__}")
    if isinstance(error, OSError) and error.errno is not None:
        codes.append(f"errno {error.errno}")
    return f"{name} ({', '.join(codes)}) {WITHHELD}" if codes else f"{name} {WITHHELD}"


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and those it came from, oldest first."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not e for e in found) and len(found) < 20:
        found.append(current)
        cause = current.__cause__
        current = (
            cause if cause is not None or current.__suppress_context__ else current.__context__
        )
    return list(reversed(found))


def safe_traceback(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> str:
    """A traceback with every frame and no exception message."""
    _, error, _ = exc_info
    if error is None:
        return ""
    parts = []
    for link in _chain(error):
        frames = traceback.format_list(traceback.extract_tb(link.__traceback__))
        parts.append("Traceback (most recent call last):\n" + "".join(frames) + describe(link))
    return "\n\nwhich led to:\n\n".join(parts)


def _safe_args(args: object) -> object:
    if isinstance(args, tuple):
        return tuple(describe(a) if isinstance(a, BaseException) else a for a in args)
    return args


class SafeFormatter(logging.Formatter):
    """Masks every known secret and escapes newlines, so one event is one line."""

    def __init__(self, secrets: list[str], as_json: bool) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = [s for s in secrets if len(s) >= 4]
        self.as_json = as_json

    def formatException(self, ei) -> str:  # type: ignore[no-untyped-def]  # noqa: N802
        return safe_traceback(ei)

    def format(self, record: logging.LogRecord) -> str:
        record = copy.copy(record)  # another handler may have cached its own traceback text
        record.exc_text = None
        if isinstance(record.msg, BaseException):
            record.msg = describe(record.msg)
        record.args = _safe_args(record.args)  # type: ignore[assignment]
        if self.as_json:
            entry = {
                "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
            }
            if record.exc_info:
                entry["error"] = self.formatException(record.exc_info)
            text = json.dumps(entry)
        else:
            text = super().format(record).replace("\r", "\\r").replace("\n", "\n    ")
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        return text


def setup_logging(settings: Settings, level: int = logging.INFO) -> Callable[[], None]:
    """Log to standard error, safely; returns what puts the previous set-up back (a command run
    inside another program leaves its logging as it found it)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SafeFormatter(settings.secrets(), settings.log_json))
    root = logging.getLogger()
    handlers, root_level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in QUIET}
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)

    def undo() -> None:
        root.handlers[:] = handlers
        root.setLevel(root_level)
        for name, each in levels.items():
            logging.getLogger(name).setLevel(each)

    return undo


@contextmanager
def logging_set_up(settings: Settings) -> Iterator[None]:
    """Safe logging to standard error while a command runs."""
    undo = setup_logging(settings)
    try:
        yield
    finally:
        undo()
