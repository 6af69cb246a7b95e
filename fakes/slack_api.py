"""A fake Slack Web API on loopback, for the real `slack_sdk` client (`base_url=fake.url`).

    with FakeSlack(members={"C0WARD7"}) as slack:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.url)
        ...
        slack.calls_to("chat.postMessage")      # what the bot asked Slack to do
        slack.fail("chat.postMessage", status=429, retry_after=1, times=1)
        slack.trigger()                          # a fresh trigger_id for views.open
        slack.response_url()                     # a URL that records what is posted to it

It answers like Slack: HTTP 200 with `{"ok": false, "error": ...}` for API errors, 429 with
`Retry-After` for rate limits, and it enforces one chat.postMessage per second per channel
(configurable with `per_channel_per_second`, or None to turn it off).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlparse

from fakes.loopback import LoopbackServer
from fakes.slack_methods import METHODS, error

POSTING = ("chat.postMessage",)  # methods under the per-channel limit


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    token: str
    at: float


@dataclass
class Fault:
    """An injected failure for one method (or "*"): HTTP status or a Slack error, or a delay."""

    method: str
    status: int = 200
    error: str = ""
    retry_after: float | None = None
    delay: float = 0.0
    times: int | None = None  # None: until `until`
    until: float | None = None  # monotonic deadline; None with times=None means forever
    landed: bool = False  # with a delay: the post is made at once, only the answer is late

    def active(self, now: float) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        return self.until is None or now < self.until


@dataclass
class FakeSlack:
    """The fake Web API. Start with `start()` or `with FakeSlack() as slack:`."""

    members: set[str] = field(default_factory=set)  # channels the bot is a member of
    team: str = "T0TRUST"
    bot_user: str = "U0BOT"
    bot_id: str = "B0BOT"
    per_channel_per_second: float | None = 1.0
    clock: Callable[[], float] = time.monotonic
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (ch, ts)
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> bytes
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # url id -> bodies
    channel_names: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # user id -> real name
    socket_url: str = "ws://127.0.0.1:1/socket"  # what apps.connections.open answers
    connections: int = 0  # TCP connections clients opened, in all
    open_connections: int = 0  # of those, the ones still open

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._expired: set[str] = set()
        self._triggers: dict[str, tuple[float, bool]] = {}
        self._last_post: dict[str, float] = {}
        self._ids = itertools.count(1)
        self._server: LoopbackServer | None = None
        self._thread: threading.Thread | None = None

    # ---- life cycle
    def start(self) -> FakeSlack:
        fake = self

        class Handler(_Handler):
            slack = fake

        self._server = LoopbackServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root(self) -> str:
        assert self._server, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        """The Web API base URL, as `SLACK_API_URL` or `AsyncWebClient(base_url=...)`."""
        return f"{self.root}/api/"

    # ---- test controls
    def fail(
        self,
        method: str = "*",
        *,
        status: int = 200,
        error: str = "",
        retry_after: float | None = None,
        delay: float = 0.0,
        times: int | None = 1,
        seconds: float | None = None,
        landed: bool = False,
    ) -> None:
        """Make `method` fail `times` times, or for `seconds` (both None: forever).

        status=429 answers `ratelimited` with Retry-After; status>=500 answers a bare error page;
        error="channel_not_found" answers 200 with that Slack error; delay>0 stalls the answer
        (a timeout when it exceeds the client's); with landed=True the call takes effect at once
        and only its answer is late (the post is in the channel, the bot never hears so)."""
        until = self.clock() + seconds if seconds is not None else None
        with self._lock:
            self._faults.append(
                Fault(
                    method,
                    status,
                    error,
                    retry_after,
                    delay,
                    None if seconds else times,
                    until,
                    landed,
                )
            )

    def heal(self) -> None:
        """Remove every injected fault."""
        with self._lock:
            self._faults.clear()

    def trigger(self) -> str:
        """A fresh trigger_id, valid for views.open for 3 seconds and once only."""
        trigger_id = f"{next(self._ids)}.{int(self.clock() * 1000)}.trigger"
        with self._lock:
            self._triggers[trigger_id] = (self.clock(), False)
        return trigger_id

    def response_url(self) -> str:
        """A response_url that records the JSON bodies posted to it."""
        key = f"R{next(self._ids)}"
        with self._lock:
            self.responses[key] = []
        return f"{self.root}/response/{key}"

    def expire(self, url: str) -> None:
        """Make a response_url answer as Slack does after 30 minutes or 5 uses."""
        with self._lock:
            self._expired.add(url.rsplit("/", 1)[-1])

    def responses_to(self, url: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.responses.get(url.rsplit("/", 1)[-1], []))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages now visible (chat.postMessage, updated by chat.update), oldest first."""
        with self._lock:
            rows = [m for (ch, _), m in self.messages.items() if channel in (None, ch)]
        return sorted(rows, key=lambda m: float(m["ts"]))

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[Call]:
        """Wait until `method` was called `count` times (the bot replies after acking)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"{method} called {len(self.calls_to(method))} times, not {count}")

    def wait_for_response(self, url: str, count: int = 1, timeout: float = 20.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.responses_to(url)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"{len(self.responses_to(url))} responses to {url}, not {count}")

    # ---- inside the server
    def _fault_for(self, method: str) -> Fault | None:
        now = self.clock()
        with self._lock:
            for fault in self._faults:
                if fault.method in (method, "*") and fault.active(now):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def _rate_limited(self, method: str, params: dict[str, Any]) -> bool:
        if method not in POSTING or not self.per_channel_per_second:
            return False
        channel, now = str(params.get("channel", "")), self.clock()
        with self._lock:
            last = self._last_post.get(channel)
            if last is not None and now - last < 1.0 / self.per_channel_per_second:
                return True
            self._last_post[channel] = now
        return False

    def _ts(self) -> str:
        return f"{time.time():.0f}.{next(self._ids):06d}"

    def answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Slack's answer to one API call (no faults, no rate limits: those come first)."""
        api = METHODS.get(method)
        return api(self, params) if api else {"ok": False, "error": "unknown_method"}


JSON_FIELDS = ("blocks", "files", "view", "attachments", "metadata")


class _Handler(BaseHTTPRequestHandler):
    slack: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def setup(self) -> None:
        super().setup()
        with self.slack._lock:
            self.slack.connections += 1
            self.slack.open_connections += 1

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.slack._lock:
                self.slack.open_connections -= 1

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        path = urlparse(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = path.path.strip("/").split("/")
        if parts[0] == "upload":
            with self.slack._lock:
                self.slack.uploads[parts[-1]] = raw
            return self._send(200, b"OK - uploaded", "text/plain")
        if parts[0] == "response":
            body = json.loads(raw or b"{}")
            if parts[-1] in self.slack._expired:
                return self._send(404, b"expired_url", "text/plain")
            with self.slack._lock:
                self.slack.responses.setdefault(parts[-1], []).append(body)
            return self._json({"ok": True})
        self._api(parts[-1], self._params(raw, path.query))

    def _params(self, raw: bytes, query: str) -> dict[str, Any]:
        params: dict[str, Any] = dict(parse_qsl(query))
        if "json" in self.headers.get("Content-Type", ""):
            params.update(json.loads(raw or b"{}"))
        else:
            params.update(parse_qsl(raw.decode()))
        for key in JSON_FIELDS:
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    def _api(self, method: str, params: dict[str, Any]) -> None:
        slack = self.slack
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        with slack._lock:
            slack.calls.append(Call(method, params, token, slack.clock()))
        fault = slack._fault_for(method)
        if fault and fault.landed:
            answer = slack.answer(method, params)
            time.sleep(fault.delay)
            return self._json(answer)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.status == 429 or slack._rate_limited(method, params):
            retry_after = fault.retry_after if fault and fault.retry_after is not None else 1
            headers = {"Retry-After": str(int(retry_after))}
            return self._json({"ok": False, "error": "ratelimited"}, 429, headers)
        if fault and fault.status >= 500:
            return self._send(fault.status, b"<html>upstream error</html>", "text/html")
        if fault and fault.error:
            return self._json(error(fault.error))
        self._json(slack.answer(method, params))

    def _json(self, body: dict[str, Any], status: int = 200, headers: dict | None = None) -> None:
        self._send(status, json.dumps(body).encode(), "application/json", headers)

    def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (an injected timeout)
