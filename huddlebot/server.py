"""The HTTP server: Slack and Teams on one port, health and metrics, and the scheduler roles."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

from aiohttp import web

from adapters.registration import Serving
from huddlebot import platforms
from huddlebot.bootstrap import Runtime
from huddlebot.health import health_routes

log = logging.getLogger("huddlebot.server")
MAX_BODY = 1024 * 1024  # no chat payload is near 1 MB; larger bodies get 413


def build_web_app(runtime: Runtime, role: str = "all") -> web.Application:
    from huddlebot.metrics import time_acks

    app = web.Application(client_max_size=MAX_BODY, middlewares=[time_acks])
    app.add_routes(health_routes(runtime))
    if role not in ("all", "web"):
        return app
    from huddlebot.readings_api import readings_routes

    app.add_routes(readings_routes(runtime))
    for serving in _serving(runtime):
        app.add_routes(serving.routes)
    return app


def _serving(runtime: Runtime) -> list[Serving]:
    """What each enabled platform serves in a web process, built once per runtime."""
    found = runtime.serving
    if found is None:
        host, settings = runtime.host(), runtime.settings
        found = []
        for registration in platforms.enabled(settings):
            if registration.serve is not None:
                found.append(registration.serve(host, settings, _renderer(runtime)))
                log.info("%s: serving", registration.words.label)
        runtime.serving = found
    return found


def attach_platforms(runtime: Runtime) -> None:
    """Outbound senders for every enabled platform (workers need them, web replies too)."""
    from huddlebot.bootstrap import enabled_platforms

    settings = runtime.settings
    runtime.bot.platforms = enabled_platforms(settings)  # no posts to the console's addresses
    for registration in platforms.enabled(settings):
        if registration.words.name not in runtime.platforms:
            sender = registration.sender(settings, _renderer(runtime))
            if hasattr(sender, "keep_files"):  # a platform that offers files keeps them here
                sender.keep_files(runtime.db.engine)
            runtime.platforms[registration.words.name] = sender


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
    serving = _serving(runtime) if role in ("all", "web") else []
    for each in serving:  # e.g. Socket Mode, and the drain of requests a dead process held
        await each.start(stop)
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
        for each in serving:
            await each.stop()
        if service is not None:
            await service.stop()
        await site.stop()  # no new requests; acknowledged ones finish their work
        for each in serving:
            await each.finish()
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

    # While it serves the server shortens the switch interval (the Slack routes) and takes
    # SIGINT and SIGTERM; a program that runs it gets its own back.
    interval = sys.getswitchinterval()
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        asyncio.run(main())
    finally:
        sys.setswitchinterval(interval)
        for sig, handler in handlers.items():
            if handler is not None:  # None: not set from Python, nothing to give back
                signal.signal(sig, handler)
    return 0
