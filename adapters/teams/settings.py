"""Teams settings from the environment, and the check that refuses a half-configured app."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from adapters.teams.service_urls import DEFAULT_ALLOWED, allowlist_from_env

log = logging.getLogger("huddlebot.teams")

INSECURE_WARNING = (
    "HUDDLEBOT_INSECURE_DEV=1 and no TEAMS_APP_ID: the Teams endpoint accepts UNSIGNED requests. "
    "Use this only with a local emulator on loopback, never on a network."
)


@dataclass(frozen=True)
class TeamsSettings:
    """What the Teams adapter needs: the bot's app registration, or the insecure local mode."""

    app_id: str = ""
    app_password: str = ""
    tenant_id: str = ""  # single-tenant app: tokens and activities must come from this tenant
    insecure_dev: bool = False
    # Where the signing keys are published; tests point it at a local fake. Deliberately not
    # read from the environment: a wrong value would let forged tokens in.
    openid_metadata_url: str = ""
    # Service URL prefixes outbound sends may go to besides those a token proved
    # (HUDDLEBOT_TEAMS_SERVICE_URLS; by default Microsoft's Teams service URLs).
    service_urls: tuple[str, ...] = DEFAULT_ALLOWED

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TeamsSettings:
        env = os.environ if env is None else env
        return cls(
            app_id=env.get("TEAMS_APP_ID", "").strip(),
            app_password=env.get("TEAMS_APP_PASSWORD", "").strip(),
            tenant_id=env.get("TEAMS_TENANT_ID", "").strip(),
            insecure_dev=env.get("HUDDLEBOT_INSECURE_DEV", "").strip() == "1",
            service_urls=allowlist_from_env(env),
        )

    @property
    def enabled(self) -> bool:
        """Whether `huddlebot run` should host the Teams endpoint at all."""
        return bool(self.app_id) or self.insecure_dev

    @property
    def authenticated(self) -> bool:
        return bool(self.app_id)


def check_teams_settings(env: Mapping[str, str] | None = None) -> str | None:
    """An error message naming what is missing, or None when the Teams settings make sense."""
    settings = TeamsSettings.from_env(env)
    if settings.app_id:
        if not settings.app_password:
            return "TEAMS_APP_ID is set but TEAMS_APP_PASSWORD is missing: set the bot's secret."
        return None
    if settings.insecure_dev:
        return None
    stray = [
        name
        for name, value in (
            ("TEAMS_APP_PASSWORD", settings.app_password),
            ("TEAMS_TENANT_ID", settings.tenant_id),
        )
        if value
    ]
    if stray:
        return (
            f"{' and '.join(stray)} set without TEAMS_APP_ID: set TEAMS_APP_ID (the bot's "
            "Microsoft app id), or unset them; Teams would otherwise run without authentication."
        )
    return None


def warn_if_insecure(settings: TeamsSettings) -> None:
    """Say loudly, at start, that the endpoint is open."""
    if settings.insecure_dev and not settings.app_id:
        banner = "!" * 78
        log.warning("%s\n%s\n%s", banner, INSECURE_WARNING, banner)
        print(f"WARNING: {INSECURE_WARNING}", file=sys.stderr, flush=True)
