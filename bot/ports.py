"""The one outbound port: an adapter renders and sends a message, and may edit one it sent."""

from __future__ import annotations

from typing import Protocol

from bot.messages import Edit, Post, Posted


class DeliveryFailed(Exception):
    """A send that did not happen. `kind` tells the outbox what to do next."""

    log_safe = True  # its message is a kind and a reason code, never what was sent

    def __init__(self, kind: str, reason: str, retry_after: float | None = None) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind  # "rate_limited" | "transient" | "permanent"
        self.reason = reason
        self.retry_after = retry_after


class Platform(Protocol):
    name: str

    async def send(self, post: Post) -> Posted: ...

    async def edit(self, edit: Edit) -> Posted: ...
