"""Loopback fakes of what Teams runs: the Bot Connector service and the OpenID signing keys.

with FakeConnector() as teams:
    ...activities with serviceUrl=teams.url...
    teams.sent()                               # activities the bot posted, oldest first
    teams.fail(status=429, retry_after=2, times=1)
    teams.fail(status=504, delay=10, times=2)   # hang 10 s (a client timeout), never posted
    teams.refuse("19:x@thread.tacv2", 403)      # the bot was removed: refused for good
with FakeConnector(tenant_rate=50, conversation_rate=7) as teams:  # Teams' limits, 429 beyond
with FakeSigningKeys() as keys:                 # TEAMS_OPENID_METADATA_URL=keys.metadata_url
    keys.token(app_id, service_url)             # a token Teams would send
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from fakes.loopback import LoopbackServer

ISSUER = "https://api.botframework.com"


@dataclass(frozen=True)
class Sent:
    """One call the bot made to the connector."""

    method: str  # POST (send or reply) or PUT (update)
    conversation: str
    activity_id: str  # the activity replied to or updated, "" for a plain send
    body: dict[str, Any]
    new_id: str = ""  # the id the connector gave the posted activity


@dataclass
class Fault:
    status: int
    retry_after: float | None
    code: str
    times: int
    delay: float = 0.0  # seconds to hang before answering; the activity is never posted


class Window:
    """At most `rate` requests in any one second (Teams counts per tenant and per thread)."""

    def __init__(self, rate: float) -> None:
        self.rate, self.times = rate, deque[float]()

    def admit(self, now: float) -> float | None:
        """None if the request is within the limit, else the seconds to wait."""
        while self.times and now - self.times[0] >= 1.0:
            self.times.popleft()
        if len(self.times) >= self.rate:
            return max(0.0, 1.0 - (now - self.times[0]))
        self.times.append(now)
        return None


class _Server:
    """A `LoopbackServer` on 127.0.0.1 with a free port, stopped on exit."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = LoopbackServer(("127.0.0.1", 0), handler)
        self.server.owner = self  # type: ignore[attr-defined]
        self.closing = threading.Event()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> Any:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()  # hung requests answer now
        self.server.shutdown()
        self.server.server_close()


class FakeConnector(_Server):
    """Optional limits, as Teams applies them: `tenant_rate` requests a second for the whole
    connector (one tenant) and `conversation_rate` a second per conversation, 429 beyond."""

    def __init__(
        self, tenant_rate: float | None = None, conversation_rate: float | None = None
    ) -> None:
        super().__init__(_ConnectorHandler)
        self.calls: list[Sent] = []
        self.faults: list[Fault] = []
        self.refused: dict[str, tuple[int, str]] = {}  # conversation -> (status, code)
        self.requests = 0  # every call that reached the connector
        self.limited = 0  # calls answered 429 by the rate limits
        self.tenant_rate, self.conversation_rate = tenant_rate, conversation_rate
        self._tenant = Window(tenant_rate) if tenant_rate else None
        self._conversations: dict[str, Window] = {}
        self._ids = itertools.count(1000)
        self._lock = threading.Lock()

    def fail(
        self,
        status: int,
        retry_after: float | None = None,
        code: str = "",
        times: int = 1,
        *,
        delay: float = 0.0,
    ):
        """The next `times` calls fail with `status`; with `delay`, each first hangs that long
        (so the bot's send times out) and the activity is not posted."""
        self.faults.append(Fault(status, retry_after, code, times, delay))

    def refuse(self, conversation: str, status: int = 403, code: str = "") -> None:
        """Every call to `conversation` fails for good, as when the bot was removed from it."""
        default = "BotNotInConversationRoster" if status == 403 else "ConversationNotFound"
        self.refused[conversation] = (status, code or default)

    def _over_limit(self, conversation: str) -> float | None:
        now = time.monotonic()
        if self.conversation_rate:
            base = conversation.partition(";messageid=")[0]
            window = self._conversations.setdefault(base, Window(self.conversation_rate))
            wait = window.admit(now)
            if wait is not None:
                return wait
        return self._tenant.admit(now) if self._tenant else None

    def sent(self) -> list[Sent]:
        return list(self.calls)

    def texts(self) -> list[str]:
        return [call.body.get("text") or "" for call in self.calls]

    def answer(self, call: Sent) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            self.requests += 1
            base = call.conversation.partition(";messageid=")[0]
            if base in self.refused:
                status, code = self.refused[base]
                return status, {"error": {"code": code, "message": "fake"}}, {}
            fault = next((f for f in self.faults if f.times > 0), None)
            if fault is not None:
                fault.times -= 1
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                body = {"error": {"code": fault.code or f"E{fault.status}", "message": "fake"}}
                if fault.delay:
                    self._lock.release()  # hang outside the lock; other calls go on
                    try:
                        self.closing.wait(fault.delay)
                    finally:
                        self._lock.acquire()
                return fault.status, body, headers
            wait = self._over_limit(call.conversation)
            if wait is not None:
                self.limited += 1
                body = {"error": {"code": "TooManyRequests", "message": "fake"}}
                return 429, body, {"Retry-After": str(max(1, math.ceil(wait)))}
            new_id = call.activity_id if call.method == "PUT" else str(next(self._ids))
            self.calls.append(replace(call, new_id=new_id))
        return 200, {"id": new_id}, {}


class _ConnectorHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        parts = [unquote(p) for p in self.path.split("?")[0].strip("/").split("/")]
        # v3/conversations/{conversation}/activities[/{activity}]
        if len(parts) < 4 or parts[:2] != ["v3", "conversations"] or parts[3] != "activities":
            self._reply(404, {"error": {"code": "NotFound", "message": self.path}}, {})
            return
        call = Sent(self.command, parts[2], parts[4] if len(parts) > 4 else "", body)
        status, answer, headers = self.server.owner.answer(call)  # type: ignore[attr-defined]
        self._reply(status, answer, headers)

    def _reply(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot stopped waiting (its send timed out)

    do_POST = _handle
    do_PUT = _handle


@functools.cache
def _signing_key() -> Any:
    """One RSA key per process (making a 2048-bit key takes a noticeable moment); each
    `FakeSigningKeys` still publishes it under a key id of its own."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeSigningKeys(_Server):
    """Bot Framework's OpenID metadata and JWKS, with a key we hold, so tokens can be minted."""

    def __init__(self) -> None:
        super().__init__(_KeysHandler)
        self.key = _signing_key()
        self.kid = uuid.uuid4().hex
        self.metadata_url = f"{self.url}/v1/.well-known/openidconfiguration"

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, use="sig", endorsements=["msteams"])
        return {"keys": [jwk]}

    def token(
        self,
        audience: str,
        service_url: str,
        *,
        expires_in: float = 3600,
        key: Any = None,
        **claims: Any,
    ) -> str:
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": audience,
            "serviceurl": service_url,
            "iat": now - 60,
            "nbf": now - 60,
            "exp": int(now + expires_in),
            **claims,
        }
        signer = key or self.key
        return jwt.encode(payload, signer, algorithm="RS256", headers={"kid": self.kid})


class _KeysHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        owner = self.server.owner  # type: ignore[attr-defined]
        if self.path.endswith("openidconfiguration"):
            body = {"issuer": ISSUER, "jwks_uri": f"{owner.url}/v1/.well-known/keys"}
        elif self.path.endswith("/keys"):
            body = owner.jwks()
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
