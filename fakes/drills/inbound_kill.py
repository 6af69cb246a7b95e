"""Kill the web process (SIGKILL) while signed Slack commands arrive, and start it again.

Shared by `tests/ops/test_faults_inbound_kill.py` (a lower rate, a few seconds) and
`bench/fault_bench.py` (90 requests/s). `huddlebot run --role web` runs as a real process on
loopback, with the fake Slack Web API; every request (a slash command, a modal submission or an
Events API message, in turn) proposes an idea with a unique mark, and a share is sent twice (a
command byte for byte, as an attacker would replay it; an event re-signed, as Slack retries).
Afterwards every request that got a 200 must be stored exactly once, or its author told it was
NOT saved."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from adapters.slack import views
from adapters.slack.inbox import LEASE
from bot.db import normalise_url
from bot.events import Origin
from bot.messages import Field, Form
from fakes.drained_server import DrainedServer
from fakes.drills.fanout_kill import apply_config, channel, member, wait_until, write_config
from fakes.slack_api import FakeSlack
from fakes.slack_requests import (
    FORM,
    JSON,
    TEAM,
    event_callback,
    message,
    signed,
    slash_command,
    view_submission,
)

SECRET = "inbound-kill-signing-secret"
MARK = re.compile(r"inbound-(\d{5})x")
REPLAY_EVERY = 10  # every 10th request is sent twice
IDEA_FORM = Form(form="idea.new", title="New idea", fields=(Field("what", "Your idea", "text"),))


@dataclass
class InboundResult:
    rate: float
    sent: int
    acked: int
    refused: int  # connection refused or reset: the process was down (never acknowledged)
    server_errors: int  # 5xx answers
    stored: int  # acknowledged requests stored exactly once
    told_not_saved: int  # acknowledged requests whose author was told NOT saved
    lost: list[int] = field(default_factory=list)  # acked, not stored, not told
    duplicated: dict[int, int] = field(default_factory=dict)  # stored more than once
    unannounced: list[int] = field(default_factory=list)  # stored, author never answered
    acked_before_kill: int = 0
    taken_up: int = 0  # rows the restarted process's drain took up (left by the killed one)
    seconds_to_settle: float = 0.0
    ack_p99: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)  # HTTP status -> requests


@dataclass
class Load:
    """Signed commands at `rate` per second from a pool of threads, each outcome recorded."""

    port: int
    slack: FakeSlack
    teams: int
    rate: float
    statuses: dict[int, int] = field(default_factory=dict)
    urls: dict[int, str] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    told_in_ack: set[int] = field(default_factory=set)
    sent: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def body(self, n: int) -> tuple[str, str]:
        """Request n and its content type: a slash command, a modal submission or an Events API
        message mentioning the bot, in turn; each proposes an idea carrying n's mark."""
        team = n % self.teams
        idea = f"Idea inbound-{n:05d}x: a second hoist sling"
        if n % 3 == 1:
            view = views.modal(IDEA_FORM, Origin("slack", TEAM, channel(team)))
            return view_submission(view, {"what": idea}, user=member(team)), FORM
        if n % 3 == 2:
            said = message(
                f"<@{self.slack.bot_user}> idea {idea}", user=member(team), channel=channel(team)
            )
            return event_callback(said, event_id=f"EvKILL{n:08d}"), JSON
        url = self.slack.response_url()
        self.urls[n] = url
        body = slash_command(
            "/idea",
            idea,
            user=member(team),
            channel=channel(team),
            response_url=url,
            trigger_id=f"{n}.kill.trigger",
        )
        return body, FORM

    def send(self, n: int, body: str, headers: dict[str, str]) -> None:
        began, said = time.perf_counter(), ""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request("POST", "/slack/events", body=body.encode(), headers=headers)
            answer = connection.getresponse()
            said = answer.read().decode("utf-8", "replace")
            status = answer.status
        except OSError:
            status = 0
        finally:
            connection.close()
        with self._lock:
            if "NOT saved" in said:  # told in the acknowledgement itself
                self.told_in_ack.add(n)
            if status == 200:
                self.latencies.append(time.perf_counter() - began)
            if self.statuses.get(n) != 200:  # a replay's 200 counts for its request
                self.statuses[n] = status

    def run(self) -> None:
        """Until stopped: request n is sent at start + n / rate."""
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=48) as pool:
            n = 0
            while not self._stop.is_set():
                delay = start + n / self.rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                body, kind = self.body(n)
                pool.submit(self.send, n, body, signed(body, SECRET, content_type=kind))
                if n % REPLAY_EVERY == 0:  # a command replayed byte for byte, an event retried
                    pool.submit(self.send, n, body, signed(body, SECRET, content_type=kind))
                n += 1
            self.sent = n

    def stop(self) -> None:
        self._stop.set()

    def acked(self) -> set[int]:
        with self._lock:
            return {n for n, status in self.statuses.items() if status == 200}


def stored_marks(database_url: str) -> Counter[int]:
    engine = create_engine(normalise_url(database_url))
    try:
        with engine.connect() as conn:
            texts = conn.execute(text("SELECT text FROM ideas")).scalars().all()
    finally:
        engine.dispose()
    return Counter(int(m.group(1)) for t in texts for m in [MARK.search(t)] if m)


def kill_and_restart_inbound(
    database_url: str,
    workdir: Path,
    rate: float = 90.0,
    before_kill: float = 4.0,
    after_restart: float = 4.0,
    teams: int = 30,
    settle: float = 60.0,
    latency: float = 0.2,
) -> InboundResult:
    """Send at `rate`, SIGKILL the web process after `before_kill` seconds, start it again on
    the same port, keep sending for `after_restart` seconds, then wait until every acknowledged
    request is stored or told (or `settle` seconds pass). Each channel post takes `latency`
    seconds, so turns are under way when the process dies."""
    channels = {channel(n) for n in range(teams)}
    with FakeSlack(members=channels, per_channel_per_second=None) as slack:
        slack.fail("chat.postMessage", delay=latency, times=None)
        env = {
            "HUDDLEBOT_DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-inbound-kill",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.url,
        }
        apply_config(env, write_config(workdir / "inbound.yaml", teams, members=True))
        first = DrainedServer(env, ("--role", "web"))
        with first:
            load = Load(first.port, slack, teams, rate)
            sender = threading.Thread(target=load.run, daemon=True)
            sender.start()
            time.sleep(before_kill)
            first.kill()
        acked_before = len(load.acked())
        second = DrainedServer(env, ("--role", "web"), port=first.port)
        with second:
            time.sleep(after_restart)
            load.stop()
            sender.join(30)
            began = time.monotonic()

            def told(n: int) -> bool:
                if n in load.told_in_ack:
                    return True
                said = slack.responses_to(load.urls[n]) if n in load.urls else []
                return any("NOT saved" in r.get("text", "") for r in said)

            def announced() -> set[int]:
                posts = json.dumps(slack.posted())
                said = json.dumps([slack.responses_to(url) for url in load.urls.values()])
                return {int(m.group(1)) for m in MARK.finditer(posts + said)}

            def settled() -> bool:
                # Stored (or told), and answered: a turn the kill cut after its store is only
                # answered once the restarted process takes its row up, after the lease.
                marks, heard = stored_marks(database_url), announced()
                return all(told(n) or (marks[n] and n in heard) for n in load.acked())

            wait_until(settled, settle, every=0.5)
            took = time.monotonic() - began
            # Rows the killed process held come back once their lease runs out: give the
            # restarted drain that long to take them up (their posts may have landed anyway).
            wait_until(
                lambda: "taking up inbox row" in "".join(second._lines),
                LEASE.total_seconds() + 5,
                every=0.5,
            )
            time.sleep(1.0)  # a late second store, had there been one, shows now
            marks = stored_marks(database_url)
            acked = load.acked()
            said = {n: json.dumps(slack.responses_to(url)) for n, url in load.urls.items()}
            posted = Counter(
                int(m.group(1)) for p in slack.posted() for m in MARK.finditer(json.dumps(p))
            )
            answered = {n for n in acked if posted[n] or MARK.search(said.get(n, ""))}
            told_ones = {n for n in acked if told(n)}
    statuses = Counter(load.statuses.values())
    latencies = sorted(load.latencies)
    return InboundResult(
        rate=rate,
        sent=load.sent,
        acked=len(acked),
        refused=statuses[0],
        server_errors=sum(c for s, c in statuses.items() if s >= 500),
        stored=sum(1 for n in acked if marks[n] == 1),
        told_not_saved=len(told_ones - set(marks)),
        lost=sorted(n for n in acked if not marks[n] and n not in told_ones),
        duplicated={n: c for n, c in marks.items() if c > 1},
        unannounced=sorted(n for n in acked if marks[n] and n not in answered),
        acked_before_kill=acked_before,
        taken_up=second.output.count("taking up inbox row"),
        seconds_to_settle=took,
        ack_p99=latencies[int(len(latencies) * 0.99)] if latencies else 0.0,
        statuses=dict(statuses),
    )
