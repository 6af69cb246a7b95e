"""What a platform adapter registers with the composition root: its words in the trust's
configuration, whether a deployment runs it, its outbound sender, and what it serves."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from adapters.turns import Host
from bot.platforms import PlatformWords
from bot.ports import Platform

RenderPng = Callable[[Any], Awaitable[bytes]]  # a chart spec drawn as PNG bytes, off the loop


async def _nothing(*_: Any) -> None:
    return None


@dataclass
class Serving:
    """A platform's inbound side on the shared server: its routes, work it runs alongside
    (started with the server's stop event), and how it finishes at shutdown: `stop` once the
    server is told to stop, `finish` after it stops taking requests (acknowledged work done)."""

    routes: list[Any] = field(default_factory=list)  # aiohttp route definitions
    start: Callable[[asyncio.Event], Awaitable[None]] = _nothing
    stop: Callable[[], Awaitable[None]] = _nothing
    finish: Callable[[], Awaitable[Any]] = _nothing


@dataclass(frozen=True)
class Registration:
    words: PlatformWords
    enabled: Callable[[Any], bool]  # the shell's settings -> whether this deployment runs it
    sender: Callable[[Any, RenderPng | None], Platform]  # settings, chart renderer -> port
    serve: Callable[[Host, Any, RenderPng | None], Serving] | None = None  # web processes
