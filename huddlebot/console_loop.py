"""Run the console chat: read lines, hand events to the core, print what it says.

`:advance` walks the simulated clock a minute at a time through the scheduler, so prompts and
reminders appear at the right simulated minute.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import select

from adapters.console import (
    ConsolePlatform,
    ConsoleSession,
    ConsoleTurn,
    parse_duration,
    readable,
)
from adapters.turns import Turns
from bot.events import Event
from bot.messages import Outbound
from bot.stores.tables.core import Division, Team, Trust
from huddlebot.bootstrap import Runtime

log = logging.getLogger("huddlebot.console")


class ManualClock:
    """The console's clock: the session's simulated time, or the real time."""

    def __init__(self, session: ConsoleSession) -> None:
        self.session = session

    def now(self):  # type: ignore[no-untyped-def]
        return self.session.at()


def _team_zone(runtime: Runtime, key: str) -> str | None:
    """The time zone of the team, division (`medicine`) or trust (`trust`) whose channel `key`
    names; None when there is none."""
    with runtime.db.session() as s:
        team = s.scalar(select(Team).where(Team.key == key, Team.tier == "team"))
        if team is not None:
            return team.timezone
        trust = s.scalar(select(Trust).order_by(Trust.id).limit(1))
        if trust is None:
            return None
        division = s.scalar(select(Division).where(Division.key == key))
        return trust.timezone if division is not None or key == "trust" else None


def _division_zone(runtime: Runtime, key: str) -> str | None:
    with runtime.db.session() as s:
        if s.scalar(select(Division.id).where(Division.key == key)) is None:
            return None
    return _team_zone(runtime, key)


def _not_for_this_terminal(items: Sequence[Outbound], now: datetime) -> None:
    """Posts for other platforms (the demo's config has Slack and Teams ids) are not shown."""
    log.debug("%d posts for other platforms not shown in the console", len(items))


def turns_for(runtime: Runtime) -> Turns:
    """The console's turns, one per runtime (its ordering and drain state live there)."""
    if runtime.console_turns is None:
        host = replace(runtime.host(), outbox=_not_for_this_terminal)
        runtime.console_turns = Turns(host, name="console")
    return runtime.console_turns


def _loop(runtime: Runtime) -> asyncio.AbstractEventLoop:
    if runtime.console_loop is None:
        runtime.console_loop = asyncio.new_event_loop()
    return runtime.console_loop


def answer(runtime: Runtime, console: ConsolePlatform, event: Event) -> None:
    """One typed line's turn: asked and delivered as every platform's turn is."""
    _loop(runtime).run_until_complete(turns_for(runtime).run(ConsoleTurn(console, event)))


def _local_day(session: ConsoleSession) -> date:
    return session.at().astimezone(ZoneInfo(session.timezone)).date()


def advance(
    runtime: Runtime,
    console: ConsolePlatform,
    session: ConsoleSession,
    by: timedelta,
    progress: TextIO | None = None,
) -> None:
    """Move the clock forward, stopping at every minute something falls due (a prompt, a
    reminder, a retry) so it appears at its own simulated time; a new day is shown on
    `progress` when the walk crosses days."""
    from scheduler.backlog import next_due
    from scheduler.service import step

    start = session.at().replace(second=0, microsecond=0)
    end = session.at() + by
    loop = _loop(runtime)
    moment, day = start, _local_day(session)  # a first tick at the start sets the mark
    while True:
        session.now = moment
        if progress is not None and _local_day(session) != day:
            day = _local_day(session)
            print(f"… {day:%a %-d %b %Y}", file=progress, flush=True)
        loop.run_until_complete(step(runtime, moment))
        if moment >= end:
            break
        due = next_due(runtime.db, moment, end)
        moment = min(end, due.replace(second=0, microsecond=0) if due else end)
        moment = max(moment, session.now + timedelta(minutes=1)) if moment < end else end
    session.now = end


def chat(
    runtime: Runtime, session: ConsoleSession, stream: TextIO, out: TextIO, console: ConsolePlatform
) -> int:
    zone = _team_zone(runtime, session.team)
    if zone is None:
        print(
            f"No team with key {session.team!r} (nor a division of that key). "
            "Run `huddlebot demo` or "
            "`huddlebot config apply FILE` first.",
            file=sys.stderr,
        )
        return 2
    session.timezone = zone
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="surrogateescape")  # a stray byte is not the end of the session
    try:
        for raw in stream:
            line = readable(raw).strip()
            if not line:
                continue
            if line in (":quit", ":q", ":exit"):
                break
            if _control(runtime, console, session, line, out):
                continue
            event = session.event_for(line, console)
            if isinstance(event, str):
                print(event, file=out, flush=True)
                continue
            if event is not None:
                answer(runtime, console, event)  # type: ignore[arg-type]
    finally:
        close_loop(runtime)
    return 0


def close_loop(runtime: Runtime) -> None:
    """The console's event loop closed, with its worker threads: nothing left running."""
    loop, runtime.console_loop = runtime.console_loop, None
    if loop is not None:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


def _control(
    runtime: Runtime, console: ConsolePlatform, session: ConsoleSession, line: str, out: TextIO
) -> bool:
    if not line.startswith(":") or line.startswith((":press", ":form")):
        return False
    word, _, rest = line[1:].partition(" ")
    rest = rest.strip()
    if word == "user" and rest:
        session.user = rest
    elif word == "team" and rest:
        zone = _team_zone(runtime, rest)
        if zone is None:
            print(f"No team with key {rest!r}.", file=out, flush=True)
        else:
            session.team, session.timezone = rest, zone
    elif word == "division" and rest:
        zone = _division_zone(runtime, rest)
        if zone is None:
            print(f"No division with key {rest!r}.", file=out, flush=True)
        else:  # the division's channel: its tier-2 huddle, board and escalations
            session.team, session.timezone = rest, zone
    elif word == "trust":
        zone = _team_zone(runtime, "trust")
        if zone is None:
            print("No trust is set up yet.", file=out, flush=True)
        else:  # the trust's channel: the tier-3 huddle
            session.team, session.timezone = "trust", zone
    elif word == "now" and rest:
        problem = session.set_local(rest)
        if problem:
            print(problem, file=out, flush=True)
    elif word == "advance" and rest and parse_duration(rest) is None:
        print("Use :advance 90m, 2h or 1d, at most 366d at a time.", file=out, flush=True)
    elif word == "advance" and rest:
        by = parse_duration(rest)
        assert by is not None
        advance(runtime, console, session, by, sys.stderr if by >= timedelta(days=1) else None)
    else:
        print(
            "Console controls: :user NAME, :team KEY, :division KEY, :trust, "
            ":now 2027-03-01T08:29, "
            ":advance 90m|2h|1d, :press N, :form key=value; key=value, :quit",
            file=out,
            flush=True,
        )
    return True
