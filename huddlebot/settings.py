"""Settings from the environment. Secrets are kept out of repr() so they never reach a log."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from adapters.teams.service_urls import DEFAULT_ALLOWED, allowlist_from_env, is_loopback_host
from bot.db import DEFAULT_URL

SECRET_FIELDS = (
    "slack_bot_token",
    "slack_signing_secret",
    "slack_app_token",
    "teams_app_password",
    "anonymous_key",
)
ANONYMOUS_KEY_LENGTH = 32  # characters, at the least


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    port: int = 3978
    host: str = "0.0.0.0"  # behind a load balancer; tests and local runs use 127.0.0.1
    slack_bot_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_api_url: str = ""
    teams_app_id: str = ""
    teams_app_password: str = field(default="", repr=False)
    teams_tenant_id: str = ""
    insecure_dev: bool = False
    teams_service_urls: tuple[str, ...] = DEFAULT_ALLOWED  # HUDDLEBOT_TEAMS_SERVICE_URLS
    log_json: bool = False
    workers: int = 2  # chart-rendering processes
    tick_seconds: float = 30.0  # how often the scheduler looks for due work (and leadership)
    anonymous_key: str = field(default="", repr=False)  # HUDDLEBOT_ANONYMOUS_KEY
    api_per_minute: int = 120  # readings API requests per token per minute (HUDDLEBOT_API_RATE)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        insecure_dev = env.get("HUDDLEBOT_INSECURE_DEV", "") in ("1", "true", "yes")
        open_teams = insecure_dev and not env.get("TEAMS_APP_ID", "").strip()
        return cls(
            database_url=env.get("HUDDLEBOT_DATABASE_URL") or DEFAULT_URL,
            port=int(env.get("HUDDLEBOT_PORT") or 3978),
            host=env.get("HUDDLEBOT_HOST") or ("127.0.0.1" if open_teams else "0.0.0.0"),
            slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            slack_app_token=env.get("SLACK_APP_TOKEN", ""),
            slack_api_url=env.get("SLACK_API_URL", ""),
            teams_app_id=env.get("TEAMS_APP_ID", ""),
            teams_app_password=env.get("TEAMS_APP_PASSWORD", ""),
            teams_tenant_id=env.get("TEAMS_TENANT_ID", ""),
            insecure_dev=insecure_dev,
            teams_service_urls=allowlist_from_env(env),
            log_json=env.get("HUDDLEBOT_LOG_JSON", "") in ("1", "true", "yes"),
            workers=int(env.get("HUDDLEBOT_RENDER_WORKERS") or 2),
            tick_seconds=float(env.get("HUDDLEBOT_TICK_SECONDS") or 30),
            anonymous_key=env.get("HUDDLEBOT_ANONYMOUS_KEY", ""),
            api_per_minute=int(env.get("HUDDLEBOT_API_RATE") or 120),
        )

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token)

    @property
    def teams_enabled(self) -> bool:
        return bool(self.teams_app_id) or self.insecure_dev

    @property
    def teams_unauthenticated(self) -> bool:
        """The insecure dev mode: Teams requests are taken unsigned."""
        return self.insecure_dev and not self.teams_app_id

    def bind_problem(self) -> str | None:
        """Why the server must not listen on its host, or None."""
        if self.teams_unauthenticated and not is_loopback_host(self.host):
            return (
                f"HUDDLEBOT_INSECURE_DEV=1 takes unsigned Teams requests, so Huddlebot listens "
                f"on 127.0.0.1 only and will not listen on {self.host!r}. Unset HUDDLEBOT_HOST "
                "(or set it to 127.0.0.1), or set TEAMS_APP_ID and TEAMS_APP_PASSWORD."
            )
        return None

    def secrets(self) -> list[str]:
        return [v for v in (getattr(self, f) for f in SECRET_FIELDS) if v]

    def problems(self) -> list[str]:
        """What stops the server from starting safely, in words an admin can act on."""
        found = []
        bind = self.bind_problem()
        if bind:
            found.append(bind)
        if not 1 <= self.tick_seconds <= 60:
            found.append("HUDDLEBOT_TICK_SECONDS must be from 1 to 60 (seconds).")
        if self.anonymous_key and len(self.anonymous_key) < ANONYMOUS_KEY_LENGTH:
            found.append(
                f"HUDDLEBOT_ANONYMOUS_KEY must be at least {ANONYMOUS_KEY_LENGTH} characters "
                "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)."
            )
        if self.slack_bot_token and not self.slack_app_token and not self.slack_signing_secret:
            found.append(
                "SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is missing: Huddlebot "
                "will not accept unverified Slack requests. Set SLACK_SIGNING_SECRET "
                "(or SLACK_APP_TOKEN for Socket Mode)."
            )
        if not self.teams_app_id and not self.insecure_dev:
            for name, value in (
                ("TEAMS_APP_PASSWORD", self.teams_app_password),
                ("TEAMS_TENANT_ID", self.teams_tenant_id),
            ):
                if value:
                    found.append(
                        f"{name} is set but TEAMS_APP_ID is missing: set TEAMS_APP_ID "
                        "(or HUDDLEBOT_INSECURE_DEV=1 for a local emulator only)."
                    )
        return found
