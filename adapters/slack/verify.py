"""Checks on a raw Slack request before Bolt acts on it: the v0 signature with its 5-minute
window, and a body Bolt can parse. Each check gives a reason to log (never the body)."""

from __future__ import annotations

import hashlib
import hmac
import time

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_bolt_request
from slack_bolt.request.async_request import AsyncBoltRequest

WINDOW = 300  # seconds either side of now that Slack's signature is good for


def unsigned_reason(secret: bytes, raw: bytes, timestamp: str, signature: str) -> str:
    """Why a request is not signed by Slack ("" when it is), over the raw bytes (which need not
    be text). A timestamp that is not plain ASCII digits is refused before any arithmetic."""
    if not secret:
        return "no signing secret"
    if not timestamp:
        return "no timestamp"
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return "timestamp not a whole number of seconds"
    if abs(time.time() - int(timestamp)) > WINDOW:
        return "timestamp outside the 5-minute window"
    digest = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256)
    expected = ("v0=" + digest.hexdigest()).encode()
    if not hmac.compare_digest(expected, signature.encode("utf-8", "surrogateescape")):
        return "bad signature"
    return ""


def signed_by_slack(secret: bytes, raw: bytes, timestamp: str, signature: str) -> bool:
    """Slack's v0 signature over the raw bytes and its 5-minute window."""
    return not unsigned_reason(secret, raw, timestamp, signature)


async def parsed(request: web.Request) -> tuple[AsyncBoltRequest | None, str]:
    """The request as Bolt reads it, parsed once (Bolt parses it as it is built), or why a body
    cannot be a Slack request: Bolt's own errors on such bodies would be answered with a 500."""
    if request.content_type not in ("application/x-www-form-urlencoded", "application/json"):
        return None, f"content type {request.content_type or 'missing'}"
    try:
        bolt_request = await to_bolt_request(request)
    except (ValueError, RecursionError):  # not UTF-8, malformed JSON, nested beyond reason
        return None, "unreadable body"
    except (AttributeError, TypeError):  # JSON that is not an object (Bolt reads it as one)
        return None, "JSON that is not an object"
    if not isinstance(bolt_request.body, dict):
        return None, "JSON that is not an object"
    return bolt_request, ""
