"""The trusts tests run against.

- `small`: the demo's configuration alone (its three teams, their measures and huddle times, its
  seven people and their roles, the visit rota's leaders) with no history, no ideas and no
  visits. Transcripts read the same as on the demo, at a seventh of the cost.
- `demo`: the whole demo trust as `make run` loads it (90 days of readings, ideas, visits), for
  the tests about charts, history and the demo itself.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.assembly import load_demo
from bot.config import apply_config, parse_config
from bot.demo_trust import demo_config


def load_small_trust(session: Session, now: datetime) -> None:
    apply_config(session, parse_config(demo_config()), now)


def load_demo_trust(session: Session, now: datetime) -> None:
    load_demo(session, now.date(), now)


TRUSTS = {"small": load_small_trust, "demo": load_demo_trust}
