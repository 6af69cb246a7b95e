"""The database goes away for a while as staff answer their huddle in Slack: every answer told
"Recorded" is in the database afterwards, every answer not saved was told "NOT saved", and no
answer is stored twice.

PostgreSQL: the bot reaches it through a TCP proxy on loopback that is cut and restored.
SQLite: another connection holds an exclusive lock on the file for a few seconds."""

from __future__ import annotations

import contextlib
import sqlite3
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.db import normalise_url
from fakes.drained_server import DrainedServer
from fakes.drills.fanout_kill import START, apply_config, channel, member, write_config
from fakes.slack_api import FakeSlack
from fakes.slack_requests import signed, slash_command
from fakes.tcp_proxy import TcpProxy

TEAMS = 12  # four answer before the outage, four during it, four after
SIGNING = "outage-signing-secret"


@contextlib.contextmanager
def reachable(database_url: str) -> Iterator[tuple[str, contextlib.AbstractContextManager]]:
    """(the URL the bot uses, a context manager during which the database is unavailable)."""
    url = make_url(normalise_url(database_url))
    if url.drivername.startswith("sqlite"):

        @contextlib.contextmanager
        def locked() -> Iterator[None]:
            holder = sqlite3.connect(url.database or "", isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            try:
                yield
            finally:
                holder.execute("ROLLBACK")
                holder.close()

        yield database_url, locked()
        return
    with TcpProxy((url.host or "127.0.0.1", url.port or 5432)) as proxy:

        @contextlib.contextmanager
        def cut() -> Iterator[None]:
            proxy.cut()
            try:
                yield
            finally:
                proxy.restore()

        proxied = url.set(host="127.0.0.1", port=proxy.port)
        yield proxied.render_as_string(hide_password=False), cut()


def _answer(server: str, slack: FakeSlack, n: int) -> str:
    """Nurse n records 3 falls for their team; returns what they were told."""
    url = slack.response_url()
    before = len(_heard(slack, url, n))
    body = slash_command("/huddle", "falls 3", user=member(n), channel=channel(n), response_url=url)
    request = urllib.request.Request(
        f"{server}/slack/events", data=body.encode(), headers=signed(body, SIGNING)
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200  # acknowledged within Slack's 3 s, whatever the database
        acked = answer.read().decode()
    if acked:  # the request could not even be stored: the acknowledgement says so
        return acked
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        heard = _heard(slack, url, n)
        if len(heard) > before:
            return " ".join(heard[before:])
        time.sleep(0.05)
    raise AssertionError(f"nurse {n} heard nothing")


def _heard(slack: FakeSlack, url: str, n: int) -> list[str]:
    """Everything said to nurse n: through the response_url, ephemerally, or in the channel."""
    said = [*slack.responses_to(url)]
    said += [c.params for c in slack.calls_to("chat.postEphemeral")]
    said += [c.params for c in slack.calls_to("chat.postMessage")]
    return [
        str(r.get("text", "")) + str(r.get("blocks", ""))
        for r in said
        if r in slack.responses_to(url) or r.get("channel") == channel(n)
    ]


def _readings(database_url: str) -> dict[str, int]:
    engine = create_engine(normalise_url(database_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT t.key, count(*) FROM readings r JOIN measures m ON m.id = r.measure_id"
                    " JOIN teams t ON t.id = m.team_id WHERE m.key = 'falls' GROUP BY t.key"
                )
            )
            return {key: int(count) for key, count in rows}
    finally:
        engine.dispose()


def test_answers_during_an_outage_are_saved_or_told_not_saved(
    database_url: str, tmp_path: Path
) -> None:
    told: dict[int, str] = {}
    with (
        FakeSlack(members={channel(n) for n in range(TEAMS)}) as slack,
        reachable(database_url) as (bot_url, outage),
    ):
        env = {
            "HUDDLEBOT_DATABASE_URL": bot_url,
            "SLACK_BOT_TOKEN": "xoxb-outage-test",
            "SLACK_SIGNING_SECRET": SIGNING,
            "SLACK_API_URL": slack.url,
        }
        apply_config(env, write_config(tmp_path / "teams.yaml", TEAMS, members=True))
        with DrainedServer(env, ("--role", "web", "--now", START.isoformat())) as server:
            for n in range(4):
                told[n] = _answer(server.url, slack, n)
            with ThreadPoolExecutor(4) as pool:
                with outage:
                    during = [pool.submit(_answer, server.url, slack, n) for n in range(4, 8)]
                    time.sleep(4)
                for n, future in zip(range(4, 8), during, strict=True):
                    told[n] = future.result()
            for n in range(8, TEAMS):
                told[n] = _answer(server.url, slack, n)
            log = server.stop()
    told_the_truth(told, database_url, log)


def told_the_truth(told: dict[int, str], database_url: str, log: str) -> None:
    """Nurses 0-3 answered before the outage, 4-7 during it, the rest after: each was told
    "Recorded" (and it is stored, once) or "NOT saved" (and it is not)."""
    stored = _readings(database_url)
    for n, reply in told.items():
        saved, refused = "Recorded" in reply, "NOT saved" in reply
        assert saved != refused, f"nurse {n} was told neither or both: {reply[:300]}"
        assert stored.get(f"team-{n}", 0) == (1 if saved else 0), f"team-{n}: {reply[:300]}"
    assert all(count <= 1 for count in stored.values())
    assert all("Recorded" in told[n] for n in told if not 4 <= n < 8), told
    if database_url.startswith("postgresql"):  # cut off: refused at once, not left waiting
        assert all("NOT saved" in told[n] for n in range(4, 8)), told
    else:  # a locked SQLite file: the writes wait (busy timeout 30 s) and then succeed
        assert all("Recorded" in told[n] for n in range(4, 8)), told
    assert "Traceback" not in log or "NOT saved" in " ".join(told.values())
