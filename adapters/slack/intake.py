"""Every Slack request that gets a 200 is stored in the inbox first (committed before the ack);
a copy of one already stored (an event Slack retries, a replayed command) gets a 200 and does
nothing. Bolt's log lines may quote a request: they keep their opening words only."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.group_commit import GroupCommit
from adapters.slack.inbox import kind_of, request_key

log = logging.getLogger("huddlebot.slack")

NOT_SAVED = "Sorry, I couldn't save that just now, so it was NOT saved. Please try again shortly."
CUT = re.compile(r"[({\[:\n]")


def first(headers: dict[str, Any], name: str) -> str:
    value = headers.get(name) or [""]
    return str(value[0] if isinstance(value, list | tuple) else value)


async def keep(
    inbox: GroupCommit, key: str, kind: str, body: dict[str, Any], at: datetime
) -> int | BoltResponse:
    """The stored row's id; or the answer when it cannot be stored (the person is told it was
    NOT saved; Slack retries an event) or was stored before (a copy: 200, nothing more)."""
    try:
        stored = await inbox.receive(key, kind, body, at)
    except Exception:
        log.exception("cannot store a Slack %s: not acknowledging it", kind)
        if kind in ("command", "action"):  # the person sees this instead of a lost request
            return BoltResponse(status=200, body=NOT_SAVED)
        return BoltResponse(status=503, body="")  # Slack retries an event
    if stored is None:
        log.info("a Slack %s seen before (%s…): ignored", kind, key[:12])
        return BoltResponse(status=200, body="")
    return stored


def intake(inbox: GroupCommit, now: Callable[[], datetime]) -> Any:
    """The global Bolt middleware: store (with the requests that came at the same moment, in
    one transaction), then let the listener (and its ack) run."""

    async def into_inbox(
        body: dict, request: Any, context: Any, resp: BoltResponse, next: Any
    ) -> BoltResponse:
        kind = kind_of(body)
        if not kind or "inbox_id" in context:  # not kept, or stored before Bolt saw it
            await next()
            return resp
        stamp = first(request.headers, "x-slack-request-timestamp")
        key = request_key(body, request.raw_body, stamp)
        stored = await keep(inbox, key, kind, body, now())
        if isinstance(stored, BoltResponse):
            return stored
        context["inbox_id"] = stored
        await next()
        return resp

    return into_inbox


class StoreThenAck:
    """A command, a button press or an event is answered with an empty 200 by its listener, so
    it is acknowledged as soon as it is stored, before Bolt's middleware and listeners run (they
    run just after, on the stored row). A form submission waits for Bolt, whose ack may carry
    the core's verdict; a bot's own message is Bolt's to ignore."""

    def __init__(self, app: Any, inbox: GroupCommit, held: Any, now: Callable[[], datetime]):
        self.app, self.inbox, self.held, self.now = app, inbox, held, now
        self._after: set[asyncio.Task[None]] = set()

    async def stored(self, request: AsyncBoltRequest) -> BoltResponse | None:
        """The ack once the request is stored; None for what Bolt acknowledges itself."""
        body = request.body
        kind = kind_of(body)
        if kind not in ("command", "action", "event") or _from_a_bot(body):
            return None
        key = request_key(
            body, request.raw_body, first(request.headers, "x-slack-request-timestamp")
        )
        stored = await keep(self.inbox, key, kind, body, self.now())
        if isinstance(stored, BoltResponse):
            return stored
        request.context["inbox_id"] = stored
        task = asyncio.create_task(self._then(request, stored))
        self._after.add(task)
        task.add_done_callback(self._after.discard)
        return BoltResponse(status=200, body="")

    async def _then(self, request: AsyncBoltRequest, inbox_id: int) -> None:
        """Bolt's middleware and listener, after the ack; if they fail, the row is left to the
        drain (its lease runs out)."""
        try:
            answer = await self.app.async_dispatch(request)
        except Exception:
            log.exception("could not handle a stored Slack request: the drain takes it up")
            self.held.release(inbox_id)
            return
        if answer.status >= 400:
            log.warning("Bolt answered %s to a stored Slack request", answer.status)

    async def finish(self) -> None:
        """Wait for Bolt's part of the requests already acknowledged."""
        if self._after:
            await asyncio.wait(set(self._after))


def _from_a_bot(body: dict[str, Any]) -> bool:
    event = body.get("event")
    return isinstance(event, dict) and bool(event.get("bot_id") or event.get("bot_profile"))


class Withheld(logging.Filter):
    """Bolt's messages may quote a request body (a forged one, an unhandled one): keep only
    their opening words, and of an exception only its type."""

    def filter(self, record: logging.LogRecord) -> bool:
        words = CUT.split(record.getMessage(), maxsplit=1)[0].strip()[:120]
        if record.exc_info and record.exc_info[0] is not None:
            words += f" [{record.exc_info[0].__name__}]"
        record.msg, record.args = f"{words} (details withheld)", ()
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def bolt_logger() -> logging.Logger:
    """The logger Bolt is given (its own loggers copy its level and filter); the Web API
    client's request and response dumps (DEBUG) are kept out too."""
    logger = logging.getLogger("huddlebot.slack.bolt")
    logger.setLevel(logging.INFO)
    if not any(isinstance(f, Withheld) for f in logger.filters):
        logger.addFilter(Withheld())
    for name in ("slack_sdk", "slack_bolt"):  # at least INFO; a stricter level stays
        library = logging.getLogger(name)
        if library.level < logging.INFO:
            library.setLevel(logging.INFO)
    return logger
