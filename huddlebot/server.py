"""The HTTP server: Slack and Teams on one port, health and metrics, and the scheduler roles."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from aiohttp import web

from huddlebot.bootstrap import Runtime
from huddlebot.health import health_routes

log = logging.getLogger("huddlebot.server")
MAX_BODY = 1024 * 1024  # no chat payload is near 1 MB; larger bodies get 413


def build_web_app(runtime: Runtime, role: str = "all") -> web.Application:
    from huddlebot.metrics import time_acks

    app = web.Application(client_max_size=MAX_BODY, middlewares=[time_acks])
    app.add_routes(health_routes(runtime))
    settings = runtime.settings
    if role not in ("all", "web"):
        return app
    if settings.slack_enabled and not settings.slack_app_token:
        from adapters.slack.app import build_slack_app, slack_routes

        slack_app = build_slack_app(runtime.host(), settings, render_png=_renderer(runtime))
        runtime.slack_app = slack_app
        app.add_routes(slack_routes(None, settings, app=slack_app))
        log.info("Slack: HTTP mode on /slack/events")
    from huddlebot.readings_api import readings_routes

    app.add_routes(readings_routes(runtime))
    if settings.teams_enabled:
        from adapters.teams.hosting import teams_routes

        app.add_routes(teams_routes(runtime.host(), settings))
        runtime.serves_teams = True
        log.info("Teams: POST /api/messages")
    return app


def attach_platforms(runtime: Runtime) -> None:
    """Outbound senders for every configured platform (workers need them, web replies too)."""
    from huddlebot.bootstrap import enabled_platforms

    settings = runtime.settings
    runtime.bot.platforms = enabled_platforms(settings)  # no posts to the console's addresses
    if settings.slack_enabled and "slack" not in runtime.platforms:
        from adapters.slack.app import make_platform

        runtime.platforms["slack"] = make_platform(settings, _renderer(runtime))
    if settings.teams_enabled and "teams" not in runtime.platforms:
        from adapters.teams.hosting import teams_platform

        runtime.platforms["teams"] = teams_platform(
            settings, png=_renderer(runtime), engine=runtime.db.engine
        )


def _renderer(runtime: Runtime):  # type: ignore[no-untyped-def]
    """Charts are drawn in worker processes (matplotlib is not thread-safe), one pool a process."""
    if runtime.render_pool is None:
        from huddlebot.render_pool import RenderPool

        runtime.render_pool = RenderPool(workers=runtime.settings.workers)
    return runtime.render_pool.render_async


class UnsafeHost(RuntimeError):
    """The server was asked to listen where it must not (open Teams off loopback)."""


async def run_server(runtime: Runtime, role: str, stop: asyncio.Event) -> None:
    problem = runtime.settings.bind_problem()
    if problem:
        raise UnsafeHost(problem)
    attach_platforms(runtime)
    app = build_web_app(runtime, role)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, runtime.settings.host, runtime.settings.port)
    await site.start()
    log.info("listening on port %s (role %s)", runtime.settings.port, role)
    socket_handler: Any = None
    if (
        role in ("all", "web")
        and runtime.settings.slack_enabled
        and runtime.settings.slack_app_token
    ):
        from adapters.slack.app import build_slack_app
        from adapters.slack.socket import start_socket_mode

        runtime.slack_app = build_slack_app(runtime.host(), runtime.settings)
        socket_handler = await start_socket_mode(
            runtime.slack_app, runtime.settings.slack_app_token
        )
        log.info("Slack: Socket Mode connected (no public URL needed)")
    drain = None
    if runtime.slack_app is not None:  # requests acknowledged by a process that died
        from adapters.slack.app import drain_inbox

        drain = asyncio.create_task(drain_inbox(runtime.slack_app, stop))
    service = None
    if role in ("all", "worker", "scheduler"):
        from scheduler.service import SchedulerService

        service = SchedulerService(
            runtime,
            runtime.clock,
            interval=runtime.settings.tick_seconds,
            ticks=role in ("all", "scheduler"),
            deliveries=role in ("all", "worker"),
        )
        await service.start()
        runtime.scheduler = service
    purger = asyncio.create_task(_purge_daily(runtime, stop)) if role in ("all", "worker") else None
    try:
        await stop.wait()
    finally:
        if purger is not None:
            purger.cancel()
        if drain is not None:
            await drain
        if service is not None:
            await service.stop()
        if socket_handler is not None:
            from adapters.slack.socket import stop_socket_mode

            await stop_socket_mode(socket_handler)
        await site.stop()  # no new requests; acknowledged ones finish their work
        if runtime.slack_app is not None:
            from adapters.slack.app import finish_work

            await finish_work(runtime.slack_app)
        if runtime.serves_teams:
            from adapters.teams.hosting import finish_work as finish_teams

            await finish_teams()
        await runner.cleanup()
        if runtime.render_pool is not None:
            runtime.render_pool.close()


async def _purge_daily(runtime: Runtime, stop: asyncio.Event) -> None:
    """Enforce the retention periods once a day (idempotent, so every worker may do it)."""
    from bot.retention import purge

    def once() -> None:
        with runtime.db.session() as session:
            counts = purge(session, runtime.clock.now())
        log.info("retention purge: %s", counts)

    while not stop.is_set():
        try:
            await asyncio.to_thread(once)
        except Exception:
            log.exception("retention purge failed; will try again tomorrow")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=24 * 3600)


def serve(runtime: Runtime, role: str) -> int:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run_server(runtime, role, stop)

    asyncio.run(main())
    return 0
