"""Where Huddlebot may send to Teams: service URLs a Teams token vouched for, or an allowlist.

An activity names the `serviceUrl` its replies go to. Unchecked, anyone who can reach the
endpoint could make the bot connect out to any address. So:
- with authentication on, an activity's service URL must be the one its token's `serviceurl`
  claim names (or be on the allowlist); outbound sends go only to such proven URLs or to the
  allowlist (`HUDDLEBOT_TEAMS_SERVICE_URLS`, by default Microsoft's Teams service URLs);
- with authentication off (`HUDDLEBOT_INSECURE_DEV=1`), only loopback service URLs are used.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

ENV = "HUDDLEBOT_TEAMS_SERVICE_URLS"
# Microsoft Teams' Bot Connector in the public cloud and in the US government clouds.
DEFAULT_ALLOWED = (
    "https://smba.trafficmanager.net/",
    "https://smba.infra.gcc.teams.microsoft.com/",
    "https://smba.infra.gov.teams.microsoft.us/",
    "https://smba.infra.dod.teams.microsoft.us/",
)
MAX_PROVEN = 256  # a trust's tenant uses a handful; proven URLs beyond this are not remembered
LOOPBACK_NAMES = {"localhost"}


def canonical(url: object) -> str:
    """`scheme://host[:port]/path/` in lower case, or "" for anything that is not such a URL."""
    if not isinstance(url, str) or not url or len(url) > 2048:
        return ""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        return ""
    where = f"[{host}]" if ":" in host else host
    if port is not None:
        where = f"{where}:{port}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme.lower()}://{where}{path}"


def is_loopback_host(host: str) -> bool:
    """Whether a host name or address is this machine's loopback."""
    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback(url: object) -> bool:
    """Whether a service URL points at this machine (a local emulator)."""
    found = canonical(url)
    return bool(found) and is_loopback_host(urlsplit(found).hostname or "")


def allowlist_from_env(env: Mapping[str, str]) -> tuple[str, ...]:
    """The allowlist: comma- or space-separated URL prefixes, or Microsoft's Teams URLs."""
    raw = env.get(ENV, "")
    given = [canonical(item) for item in raw.replace(",", " ").split()]
    return tuple(item for item in given if item) or DEFAULT_ALLOWED


class ServiceUrls:
    """The service URLs this process may talk to, and the check on each activity's."""

    def __init__(self, authenticated: bool, allowed: Iterable[str] = DEFAULT_ALLOWED) -> None:
        self.authenticated = authenticated
        self.allowed = tuple(c for c in (canonical(a) for a in allowed) if c)
        self._proven: set[str] = set()
        self._lock = threading.Lock()

    def _allowlisted(self, url: str) -> bool:
        return any(url.startswith(prefix) for prefix in self.allowed)

    def refusal(self, service_url: object, claims: Mapping[str, object] | None) -> str:
        """Why an (authenticated, when on) activity's service URL is refused, or ""."""
        url = canonical(service_url)
        if not url:
            return "no usable service URL"
        if not self.authenticated:
            return "" if is_loopback(url) else "a service URL off this machine without auth"
        claimed = canonical((claims or {}).get("serviceurl"))
        if claimed and claimed == url:
            self._prove(url)
            return ""
        if claimed:
            return "a service URL other than the token's"
        return "" if self._allowlisted(url) else "a service URL no token vouched for"

    def _prove(self, url: str) -> None:
        with self._lock:
            if len(self._proven) < MAX_PROVEN:
                self._proven.add(url)

    def may_send_to(self, service_url: object) -> bool:
        """Whether an outbound call may go to this service URL."""
        url = canonical(service_url)
        if not url:
            return False
        if not self.authenticated:
            return is_loopback(url)
        with self._lock:
            proven = url in self._proven
        return proven or self._allowlisted(url)
