"""Teams connector failures → DeliveryFailed, so the outbox knows whether and when to retry."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import aiohttp
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.ports import DeliveryFailed

# Teams' guidance: back off and retry these; anything else will not get better by itself.
RETRYABLE = {412: "precondition_failed", 502: "http_502", 504: "http_504", 503: "http_503"}


def retry_after(headers: object) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), if any."""
    raw = headers.get("Retry-After") if hasattr(headers, "get") else None
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_code(error: HttpOperationError) -> str:
    body = getattr(error, "error", None)
    inner = getattr(body, "error", None)
    return str(getattr(inner, "code", "") or "")


def as_delivery_failed(error: BaseException) -> DeliveryFailed:
    """Classify a failure raised while sending to Teams."""
    if isinstance(error, DeliveryFailed):
        return error
    if isinstance(error, HttpOperationError) and error.response is not None:
        status = int(getattr(error.response, "status_code", 0) or 0)
        headers = getattr(error.response, "headers", {}) or {}
        code = _error_code(error)
        if status == 429:
            return DeliveryFailed("rate_limited", "http_429", retry_after(headers))
        if status in RETRYABLE:
            return DeliveryFailed("transient", RETRYABLE[status], retry_after(headers))
        if status == 403:
            return DeliveryFailed("permanent", code or "forbidden")
        if status == 404:
            return DeliveryFailed("permanent", code or "conversation_not_found")
        return DeliveryFailed("permanent", code or f"http_{status}")
    if isinstance(
        error, ClientRequestError | aiohttp.ClientError | asyncio.TimeoutError | ConnectionError
    ):
        return DeliveryFailed("transient", "connection_failed")
    return DeliveryFailed("permanent", type(error).__name__)
