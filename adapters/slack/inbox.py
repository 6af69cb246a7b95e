"""Slack's requests in the core's inbox: every request that gets a 200 is stored first, keyed
so a copy does nothing.

Key: the Events API `event_id` (Slack retries an event it thinks we missed), otherwise a hash of
the signed timestamp and body, so a byte-identical replay of a slash command or an interaction
inside the signature window is recognised. Rows are claimed with a lease; a row whose lease ran
out (its process died) is taken up again by the drain."""

from __future__ import annotations

import hashlib
from typing import Any

from bot.inbox import LEASE, Inbox, Stored

__all__ = ["LEASE", "SlackInbox", "Stored", "kind_of", "request_key"]
KINDS = {"event_callback": "event", "block_actions": "action", "view_submission": "submission"}


def kind_of(body: dict[str, Any]) -> str:
    """command, action, submission or event; "" for what the inbox does not keep."""
    if body.get("command") and "type" not in body:
        return "command"
    return KINDS.get(str(body.get("type", "")), "")


def request_key(body: dict[str, Any], raw: str, timestamp: str) -> str:
    """Slack's own event id where there is one, else a hash of the signed timestamp and body."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if isinstance(event_id, str) and 0 < len(event_id) <= 64:
        return event_id
    return hashlib.sha256(f"{timestamp}:{raw}".encode()).hexdigest()


class SlackInbox(Inbox):
    """The core's inbox, holding Slack's requests (keyed by `request_key`, kinds by `kind_of`)."""
