"""`GET /healthz`: the database, the scheduler and the outbox, in one JSON answer."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from sqlalchemy import text

from huddlebot.bootstrap import Runtime


def _database_ok(runtime: Runtime) -> bool:
    try:
        with runtime.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def _scheduler_state(runtime: Runtime) -> dict[str, Any]:
    service = runtime.scheduler
    if service is None or not service.ticks:
        return {"running": service is not None, "leader": False}
    return {"running": True, "leader": service.leadership.held}


def health_routes(runtime: Runtime) -> list[web.RouteDef]:
    async def healthz(request: web.Request) -> web.Response:
        database = await asyncio.to_thread(_database_ok, runtime)
        body = {
            "status": "ok" if database else "degraded",
            "database": database,
            "scheduler": _scheduler_state(runtime),
        }
        try:
            from huddlebot.metrics import outbox_depth

            body["outbox"] = await asyncio.to_thread(outbox_depth, runtime) if database else None
        except ImportError:
            pass
        return web.json_response(body, status=200 if database else 503)

    routes = [web.get("/healthz", healthz)]
    try:
        from huddlebot.metrics import metrics_route

        routes.append(metrics_route(runtime))
    except ImportError:
        pass
    return routes
