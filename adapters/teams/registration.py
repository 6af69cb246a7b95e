"""Microsoft Teams as the composition root registers it (botbuilder loads only when used)."""

from __future__ import annotations

from typing import Any

from adapters.registration import Registration, RenderPng, Serving
from adapters.turns import Host
from bot.platforms import PlatformWords

WORDS = PlatformWords(
    name="teams",
    label="Teams",
    workspace_key="teams_tenant",
    demo_ids=(
        ("Demo Nurse", "29:nurse"),
        ("Demo Lead", "29:lead"),
        ("Demo Director", "29:director"),
        ("Demo Chair", "29:chair"),
        ("Demo Admin", "29:admin"),
    ),
)


def enabled(settings: Any) -> bool:
    return bool(settings.teams_app_id) or bool(settings.insecure_dev)


def sender(settings: Any, render_png: RenderPng | None) -> Any:
    from adapters.teams.hosting import teams_platform

    return teams_platform(settings, png=render_png)


def serve(host: Host, settings: Any, render_png: RenderPng | None) -> Serving:
    """`POST /api/messages` on the shared server."""
    from adapters.teams.hosting import finish_work, teams_routes

    return Serving(routes=teams_routes(host, settings), finish=finish_work)


REGISTRATION = Registration(WORDS, enabled, sender, serve)
