"""Checks on a raw Slack request before Bolt sees it: the v0 signature with its 5-minute window,
and a body Bolt can parse. Each check gives a reason to log (never the body)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs

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


def malformed(raw: bytes, content_type: str) -> str:
    """Why a body cannot be a Slack request ("" when it may be one)."""
    if content_type not in ("application/x-www-form-urlencoded", "application/json"):
        return f"content type {content_type or 'missing'}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if content_type == "application/json":
        return _not_an_object(text)
    payload = parse_qs(text).get("payload")  # interactivity: the JSON rides in a form field
    return _not_an_object(payload[0]) if payload else ""


def _not_an_object(text: str) -> str:
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested beyond reason
        return "malformed JSON"
    return "" if isinstance(parsed, dict) else "JSON that is not an object"
