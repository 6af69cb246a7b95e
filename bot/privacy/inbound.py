"""The one chokepoint: every text an inbound event carries is screened before any route runs,
so no handler can forget. A refusal is private, names the kind found and saves nothing."""

from __future__ import annotations

import logging
import re

from bot.context import Context
from bot.events import Command, Event, Pressed, Said, Submission
from bot.guard import patient_detail
from bot.messages import FormErrors, Outbound
from bot.privacy.hospital import as_patterns
from bot.privacy.screen import KEYS, identifier_in

log = logging.getLogger("huddlebot.privacy")
_NAME = re.compile(r"[a-z][a-z._-]{0,40}")


def texts_of(event: Event) -> list[tuple[str, str]]:
    """(field, text) for every piece of text the sender typed or could have forged."""
    if isinstance(event, Command):
        return [("", event.name), ("", event.text)]
    if isinstance(event, Said):
        return [("", event.text)]
    if isinstance(event, Submission):  # its context too: a modal's metadata can be forged
        values = [(key, str(value)) for key, value in event.values.items()]
        return [*values, ("", event.form), ("", event.context)]
    if isinstance(event, Pressed):
        return [("", event.action), ("", event.value)]
    return []


def _where(event: Event) -> str:
    """Where it was typed, for the log and the audit: a name of ours, never what was typed."""
    if isinstance(event, Command):
        return f"command:{_named(event.name.lstrip('/').lower())}"
    if isinstance(event, Submission):
        return f"form:{_named(event.form)}"
    return "button" if isinstance(event, Pressed) else "message"


def _named(name: str) -> str:
    return name if _NAME.fullmatch(name) else "?"


def screened(ctx: Context) -> list[Outbound] | None:
    """The private refusal when the event holds a patient identifier; None when it is clean."""
    event = ctx.event
    if event is None:
        return None
    patterns = as_patterns(ctx.trust.hospital_number_pattern)
    today = ctx.now.date()
    found = [
        (field, kind)
        for field, text in texts_of(event)
        if text and (kind := identifier_in(text, today, patterns))
    ]
    if not found:
        return None
    kind = found[0][1]
    key = KEYS[kind]
    where = _where(event)
    log.info(
        "refused %s from %s: %s (fields %s)",
        where,
        ctx.user_id or "unknown",
        key,
        ",".join(_named(field) if field else "text" for field, _ in found),
    )
    ctx.audit(f"privacy.{key}", where, "refused")
    reason = patient_detail(kind).reason
    if isinstance(event, Submission):
        errors = tuple((field, patient_detail(k).reason) for field, k in found)
        withheld = tuple(field for field, _ in found if field)
        return [ctx.show(FormErrors(event.form, errors, reason, withheld), private=True)]
    return [ctx.tell(reason)]
