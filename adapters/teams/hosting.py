"""`POST /api/messages` as aiohttp routes for the shared app, and the outbound Teams platform."""

from __future__ import annotations

import json
import logging
import weakref
from typing import Any

from aiohttp import web
from botbuilder.core import TurnContext, serializer_helper
from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError
from msrest.serialization import Model

from adapters.teams.auth import build_cloud_adapter
from adapters.teams.files import FileOffers
from adapters.teams.handler import HuddlebotTeamsHandler
from adapters.teams.platform import TeamsPlatform
from adapters.teams.render import PngRenderer
from adapters.teams.service_urls import DEFAULT_ALLOWED, ServiceUrls
from adapters.teams.settings import TeamsSettings, warn_if_insecure
from adapters.teams.shape import wrong_field
from adapters.teams.tenancy import refused_as_unnamed
from adapters.turns import Host, Turns

log = logging.getLogger("huddlebot.teams")
SORRY = "Sorry, something went wrong on my side. Please try again in a minute."
_TURNS: weakref.WeakSet[Turns] = weakref.WeakSet()  # every handler's turns, for the shutdown


async def finish_work(timeout: float = 20.0) -> bool:
    """At shutdown, after the server stops accepting requests: let every turn under way finish
    (its reply sent, its data stored). False if some work was still running."""
    finished = [await turns.finish(timeout) for turns in list(_TURNS)]
    return all(finished)


def _plain(body: Any) -> Any:
    """An invoke body as JSON data. (CloudAdapter.process serialises handler bodies twice.)"""
    return serializer_helper(body) if isinstance(body, Model) else body


def _activity(body: bytes) -> tuple[Activity | None, str]:
    """The activity in a request body, or None and what is wrong with it."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, or nested beyond reason
        return None, "the body is not JSON"
    if not isinstance(data, dict):
        return None, "the body is not an activity"
    if b"\\u" in body and not _unicode(data):
        return None, "the body has text that is not Unicode"
    wrong = wrong_field(data)
    if wrong:
        return None, f"the activity's {wrong[:80]} has the wrong type"
    try:
        activity = Activity().deserialize(data)
    except (DeserializationError, RecursionError, TypeError, ValueError, AttributeError):
        return None, "the body is not an activity"
    if not activity.type:
        return None, "the activity has no type"
    return activity, ""


def _unicode(data: Any) -> bool:
    """Whether every string in the body is valid Unicode (JSON can spell half a surrogate pair,
    which no database stores)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError, ValueError):
        return False
    return True


def teams_settings(settings: Any = None) -> TeamsSettings:
    """Our settings from the shell's `Settings` (or the environment when none is given)."""
    if isinstance(settings, TeamsSettings):
        return settings
    if settings is None:
        return TeamsSettings.from_env()
    return TeamsSettings(
        app_id=getattr(settings, "teams_app_id", "") or "",
        app_password=getattr(settings, "teams_app_password", "") or "",
        tenant_id=getattr(settings, "teams_tenant_id", "") or "",
        insecure_dev=bool(getattr(settings, "insecure_dev", False)),
        service_urls=tuple(getattr(settings, "teams_service_urls", ()) or DEFAULT_ALLOWED),
    )


def teams_platform(
    settings: Any = None, png: PngRenderer | None = None, engine: Any = None
) -> TeamsPlatform:
    """The outbound port, for the host's platforms (proactive posts from the outbox); with
    the database `engine`, files (the board pack) are offered in personal chats."""
    teams = teams_settings(settings)
    service_urls = ServiceUrls(teams.authenticated, teams.service_urls)
    adapter = build_cloud_adapter(teams, service_urls)

    async def on_error(context: TurnContext, error: Exception) -> None:
        log.exception("Teams turn failed", exc_info=error)
        try:
            await context.send_activity(SORRY)
        except Exception:  # noqa: BLE001 - the apology is best effort
            log.warning("could not apologise in Teams")

    adapter.on_turn_error = on_error
    offers = FileOffers(engine) if engine is not None else None
    return TeamsPlatform(adapter, teams.app_id, png, service_urls, offers)


def teams_routes(host: Host, settings: Any = None) -> list[web.RouteDef]:
    """Routes for the shared aiohttp app. Reuses the host's Teams platform if it is ours."""
    teams = teams_settings(settings)
    warn_if_insecure(teams)
    platform = host.platforms.get("teams")
    if not isinstance(platform, TeamsPlatform):
        platform = teams_platform(teams, engine=host.engine)
        host.platforms["teams"] = platform
    platform.keep_files(host.engine)
    handler = HuddlebotTeamsHandler(host, platform)
    _TURNS.add(handler.turns)

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.Response(status=415, text="expected application/json")
        body = await request.read()
        activity, problem = _activity(body)
        if activity is None:
            log.warning("Teams request refused (%d bytes): %s", len(body), problem)
            return web.Response(status=400, text=problem)
        refused: list[int] = []

        async def turn(context: TurnContext) -> None:
            # Authenticated by now (or the insecure dev mode): the tenancy rules come next.
            if await refused_as_unnamed(host, context.activity):
                refused.append(403)
                return
            await handler.on_turn(context)

        try:
            answer = await platform.adapter.process_activity(
                request.headers.get("Authorization", ""), activity, turn
            )
        except PermissionError:
            return web.Response(status=401, text="Unauthorized")
        if refused:
            return web.Response(status=refused[0], text="This tenant is not connected")
        if answer is None:
            return web.Response(status=201)
        return web.json_response(_plain(answer.body), status=answer.status)

    async def alive(request: web.Request) -> web.Response:
        return web.Response(text="Huddlebot's Teams endpoint: Teams POSTs activities here.\n")

    return [web.post("/api/messages", messages), web.get("/api/messages", alive)]
