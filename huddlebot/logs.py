"""Logging: plain or JSON lines; control characters escaped; known secrets masked."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from huddlebot.settings import Settings


class SafeFormatter(logging.Formatter):
    """Masks every known secret and escapes newlines, so one event is one line."""

    def __init__(self, secrets: list[str], as_json: bool) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = [s for s in secrets if len(s) >= 4]
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
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


def setup_logging(settings: Settings, level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SafeFormatter(settings.secrets(), settings.log_json))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("alembic", "apscheduler", "aiohttp.access", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
