"""How delivery behaves: leases, attempts, backoff, and the platforms' rate limits."""

from __future__ import annotations

import os
import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta


@dataclass(frozen=True)
class DeliveryPolicy:
    lease_seconds: float = 60.0
    max_attempts: int = 8
    backoff_base: float = 2.0  # seconds before the second attempt
    backoff_cap: float = 300.0
    send_timeout: float = 20.0  # well inside the lease, so a slow send never overlaps a reclaim
    # minimum seconds between two messages to one conversation (Slack ~1/s; Teams per thread)
    channel_interval: dict[str, float] = field(
        default_factory=lambda: {"slack": 1.0, "teams": 1.0, "console": 0.0}
    )
    # messages per second per Slack workspace / Teams tenant
    workspace_rate: dict[str, float] = field(
        default_factory=lambda: {"slack": 4.0, "teams": 40.0, "console": 1000.0}
    )
    # how many seconds' worth of sends a workspace may make at once (at least one send): Slack
    # allows short bursts; Teams counts requests in every one-second window, so none there
    workspace_burst: dict[str, float] = field(
        default_factory=lambda: {"slack": 1.0, "teams": 0.0, "console": 1.0}
    )
    # whether a send refused with a 429 gives its slot back to the workspace's budget. Slack's
    # 429s on a post are mostly a channel's pace or a passing refusal that the workspace's
    # budget did not count; Teams answers 429 when the tenant's one-second window is full, so
    # there the refusal means the sends went too close together, and giving its slot back
    # would only bring more refusals
    refused_gives_back: dict[str, bool] = field(
        default_factory=lambda: {"slack": True, "teams": False}
    )
    default_window_minutes: int = 45  # a post with no explicit not_after expires this late

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DeliveryPolicy:
        """Budgets from HUDDLEBOT_SLACK_BUDGET / HUDDLEBOT_TEAMS_BUDGET (messages per second
        per workspace or tenant), HUDDLEBOT_DELIVERY_ATTEMPTS and HUDDLEBOT_SEND_TIMEOUT
        (seconds one send may take before its outcome counts as unknown and it is retried)."""
        env = os.environ if environ is None else environ
        base = cls()
        rates = dict(base.workspace_rate)
        for platform in ("slack", "teams"):
            value = env.get(f"HUDDLEBOT_{platform.upper()}_BUDGET")
            if value:
                rates[platform] = float(value)
        attempts = int(env.get("HUDDLEBOT_DELIVERY_ATTEMPTS", base.max_attempts))
        timeout = float(env.get("HUDDLEBOT_SEND_TIMEOUT") or base.send_timeout)
        if not 0 < timeout < base.lease_seconds:  # a send outliving its lease could be doubled
            raise ValueError(
                f"HUDDLEBOT_SEND_TIMEOUT must be between 0 and {base.lease_seconds:g} seconds"
            )
        return replace(base, workspace_rate=rates, max_attempts=attempts, send_timeout=timeout)

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)

    def rate(self, platform: str) -> float:
        return self.workspace_rate.get(platform, 4.0)

    def burst(self, platform: str) -> float:
        """Sends a workspace may make at once, at least one."""
        return max(1.0, self.rate(platform) * self.workspace_burst.get(platform, 0.5))

    def interval(self, platform: str) -> timedelta:
        return timedelta(seconds=self.channel_interval.get(platform, 1.0))

    def backoff(self, attempts: int, rng: random.Random) -> timedelta:
        """Exponential backoff with full jitter around the nominal delay (0.5x to 1.5x)."""
        nominal = min(self.backoff_cap, self.backoff_base * 2 ** max(0, attempts - 1))
        return timedelta(seconds=nominal * rng.uniform(0.5, 1.5))
