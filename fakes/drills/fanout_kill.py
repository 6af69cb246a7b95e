"""Kill the scheduler (SIGKILL) in the middle of a huddle-prompt fan-out and start it again.

Shared by `tests/ops/test_faults_scheduler_kill.py` (a few dozen teams) and
`bench/fault_bench.py` (500). Everything runs on loopback: `huddlebot run` as a real process,
the fake Slack Web API with some latency, the database the caller names."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text

from bot.db import normalise_url
from fakes.drained_server import DrainedServer
from fakes.slack_api import FakeSlack

START = datetime(2027, 3, 1, 8, 30, 1)  # a Monday, just as the 08:30 huddles fall due (GMT)
LEASE = 65  # seconds: the restart's clock is moved past the killed worker's 60 s lease


@dataclass
class KillResult:
    teams: int
    posted_before_kill: int
    in_flight_at_kill: int
    seconds_to_all_sent: float
    missing: list[str] = field(default_factory=list)
    duplicated: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    sent_rows_per_key: Counter[int] = field(default_factory=Counter)


def channel(n: int) -> str:
    return f"C{n:05d}"


def member(n: int) -> str:
    return f"U{n:05d}"


def write_config(
    path: Path,
    teams: int,
    members: bool = False,
    *,
    on: str = "slack",
    channel_of: Callable[[int], str] = channel,
    admin: tuple[str, str] = ("Ops Admin", "U0ADMIN"),
) -> Path:
    """One trust, one division, `teams` teams huddling at 08:30, each with a channel on `on`
    (slack or teams) named by `channel_of`, a trust admin (name, platform id) and, with
    `members`, one member each, Slack id `member(n)`."""
    config = {
        "trust": {"name": "Fan-out Trust", "timezone": "Europe/London"},
        "divisions": [
            {
                "key": "all",
                "name": "All",
                "teams": [
                    {
                        "key": f"team-{n}",
                        "name": f"Team {n}",
                        f"{on}_channel": channel_of(n),
                        "huddles": [{"time": "08:30", "days": "mon-sun"}],
                        "measures": [{"key": "falls", "name": "Falls", "kind": "count"}],
                    }
                    for n in range(teams)
                ],
            }
        ],
        "people": [{"name": admin[0], on: admin[1], "roles": ["trust_admin"]}],
    }
    if members:
        config["people"] += [
            {"name": f"Nurse {n}", "slack": member(n), "roles": [f"member:team-{n}"]}
            for n in range(teams)
        ]
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def apply_config(env: dict[str, str], path: Path) -> None:
    """What `huddlebot config apply PATH` does to a fresh database, in this process: the drills
    are about delivery, and the command line's own tests run it as a process (a second process
    costs each drill a few seconds of imports)."""
    import huddlebot.platforms  # noqa: F401 - the adapters' configuration words, as the CLI has
    from bot.config import apply_config as apply
    from bot.config import parse_config
    from bot.db import Database

    db = Database(env["HUDDLEBOT_DATABASE_URL"])
    try:
        with db.session() as session:
            apply(session, parse_config(yaml.safe_load(path.read_text("utf-8"))), datetime.now(UTC))
    finally:
        db.dispose()


def outbox(database_url: str, kind: str = "huddle.prompt") -> list[tuple[str, str]]:
    engine = create_engine(normalise_url(database_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT idem_key, status FROM outbox WHERE kind = :kind"), {"kind": kind}
            )
            return [(k, s) for k, s in rows]
    finally:
        engine.dispose()


def had_been_running(database_url: str) -> None:
    """The scheduler's mark a minute before the start, as a scheduler already running has."""
    from bot.db import Database
    from scheduler.tick import tick

    db = Database(database_url)
    try:
        tick(db, lambda due: [], (START - timedelta(minutes=1)).replace(tzinfo=UTC))
    finally:
        db.dispose()


def wait_until(condition, timeout: float, every: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def kill_and_restart(
    database_url: str,
    workdir: Path,
    teams: int,
    kill_after: int,
    budget: float = 50.0,
    latency: float = 0.05,
    timeout: float = 120.0,
    role: str = "all",
) -> KillResult:
    """Run the fan-out, SIGKILL the process after `kill_after` prompts reached Slack, restart."""
    channels = {channel(n) for n in range(teams)}
    with FakeSlack(members=channels) as slack:
        slack.fail("chat.postMessage", delay=latency, times=None)  # every post takes a while
        env = {
            "HUDDLEBOT_DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-fanout-test",
            "SLACK_SIGNING_SECRET": "fanout-signing-secret",
            "SLACK_API_URL": slack.url,
            "HUDDLEBOT_SLACK_BUDGET": str(budget),
        }
        apply_config(env, write_config(workdir / "fanout.yaml", teams))
        had_been_running(database_url)
        began = time.monotonic()
        first = DrainedServer(env, ("--role", role, "--now", START.isoformat()))
        with first:
            reached = wait_until(lambda: len(slack.posted()) >= kill_after, timeout)
            assert reached, f"only {len(slack.posted())} prompts reached Slack"
            first.kill()
        posted_before = len(slack.posted())
        in_flight = sum(1 for _, status in outbox(database_url) if status == "sending")
        restart_at = START + timedelta(seconds=time.monotonic() - began + LEASE)
        with DrainedServer(env, ("--role", role, "--now", restart_at.isoformat())):

            def finished() -> bool:
                rows = outbox(database_url)
                return len(rows) >= teams and all(
                    s not in ("pending", "sending", "retry") for _, s in rows
                )

            wait_until(finished, timeout, every=0.5)
            elapsed = time.monotonic() - began
        per_channel = Counter(m.get("channel", "") for m in slack.posted())
    rows = outbox(database_url)
    sent = Counter(key for key, status in rows if status == "sent")
    return KillResult(
        teams=teams,
        posted_before_kill=posted_before,
        in_flight_at_kill=in_flight,
        seconds_to_all_sent=elapsed,
        missing=sorted(c for c in channels if per_channel[c] == 0),
        duplicated={c: n for c, n in per_channel.items() if n > 1},
        statuses=dict(Counter(status for _, status in rows)),
        sent_rows_per_key=Counter(sent.values()),
    )
