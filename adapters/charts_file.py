"""A `ChartsFile` (the board pack) made ready to send: its charts drawn by the shell's renderer
(the render pool, as for a chart), all handed over at once so that every worker draws."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bot.messages import Attachment, ChartsFile


async def drawn_file(message: ChartsFile, render: Callable[[Any], Awaitable[bytes]]) -> Attachment:
    """The file with each chart in place."""
    pngs = await asyncio.gather(*(render(spec) for spec in message.charts))
    return message.filled(list(pngs))
