"""What `huddlebot run` does before serving: the clock, a demo for an empty database, and the
console mode for a newcomer with no platform configured."""

from __future__ import annotations

import logging
import sys
import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from huddlebot.bootstrap import Runtime

log = logging.getLogger("huddlebot")
TICK_SECONDS = 30


def start_clock(now: str | None):  # type: ignore[no-untyped-def]
    from scheduler.clock import OffsetClock, SystemClock

    if not now:
        return SystemClock()
    try:
        return OffsetClock(datetime.fromisoformat(now))
    except ValueError:
        return None


def ensure_trust(runtime: Runtime) -> None:
    """An empty database gets the demo trust, so every command can be tried at once."""
    from bot.assembly import load_demo
    from bot.stores.tables.core import Trust

    with runtime.db.session() as session:
        if session.scalar(select(Trust.id).limit(1)) is not None:
            return
        now = runtime.clock.now()
        log.info("empty database: loading the demo trust")
        today = now.astimezone(ZoneInfo("Europe/London")).date()
        load_demo(session, today, now, showcase=True)


def _first_team_and_member(runtime: Runtime) -> tuple[str, str, str]:
    from bot.stores.tables.core import Person, Role, Team

    with runtime.db.session() as session:
        team = session.scalars(select(Team).order_by(Team.id)).first()
        assert team is not None
        person = session.scalars(
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.team_id == team.id, Role.role == "member")
            .order_by(Person.id)
        ).first()
        return team.key, team.timezone, person.name if person else "Console User"


def run_console(runtime: Runtime, user: str | None) -> int:
    """The console for the first team, with the scheduler ticking in the background."""
    from adapters.console import ConsolePlatform, ConsoleSession
    from huddlebot.console_loop import ManualClock, chat

    team, zone, member = _first_team_and_member(runtime)
    session = ConsoleSession(user=user or member, team=team, timezone=zone)
    session.offset = runtime.clock.now() - datetime.now(UTC)
    console = ConsolePlatform(out=sys.stdout)
    runtime.platforms["console"] = console
    runtime.bot.platforms = frozenset({"console"})  # Slack/Teams ids in the config stay unused
    runtime.clock = ManualClock(session)  # `:now` and `:advance` move the bot's clock too
    stop = threading.Event()
    ticker = threading.Thread(target=_tick_forever, args=(runtime, session, stop), daemon=True)
    ticker.start()
    if sys.stdin.isatty():
        print(
            f"Huddlebot console — you are {session.user} in #{team}. Try /help; :quit to leave.",
            file=sys.stderr,
        )
    try:
        return chat(runtime, session, sys.stdin, sys.stdout, console)
    finally:
        stop.set()
        ticker.join()  # a tick under way ends before the database is closed


def _tick_forever(runtime: Runtime, session, stop: threading.Event) -> None:  # type: ignore[no-untyped-def]
    try:
        from scheduler.service import step_sync as step
    except ImportError:
        return
    while not stop.wait(TICK_SECONDS):
        try:
            step(runtime, session.at())
        except Exception:
            log.exception("scheduler tick failed; will try again")
