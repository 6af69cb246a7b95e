"""Microsoft Teams through botbuilder 4.17.1. Every botbuilder import stays inside this package.

`check_teams_settings` and `TeamsSettings` import nothing heavy; the hosting names load botbuilder
on first use, so `huddlebot --help` and the settings check stay fast.
"""

from __future__ import annotations

from typing import Any

from adapters.teams.settings import TeamsSettings, check_teams_settings

_HOSTING = ("teams_platform", "teams_routes", "teams_settings")


def __getattr__(name: str) -> Any:
    if name in _HOSTING:
        from adapters.teams import hosting

        return getattr(hosting, name)
    raise AttributeError(name)


__all__ = ["TeamsSettings", "check_teams_settings", *_HOSTING]
