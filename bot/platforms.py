"""The words each chat platform brings to the configuration, registered by its adapter.

The core names no platform. An adapter describes the keys its users write in the trust's file
(a person's id under the platform's name, a channel as `<name>_channel`, the trust's own
workspace, any trust-wide channel of its own) and the demo people's ids; the composition root
registers every adapter's words before the core reads a file (see `huddlebot/platforms.py`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlatformWords:
    name: str  # in addresses and events; a person's id is written under this key
    label: str  # as people read it: "on <label>"
    workspace_key: str = ""  # the trust setting that pins its workspace(s), if it has one
    trust_channels: tuple[tuple[str, str], ...] = ()  # (trust setting, owner kind) of its own
    messages_by_person_id: bool = False  # a person's id is also where the bot can message them
    demo_ids: tuple[tuple[str, str], ...] = ()  # (demo person's name, id) for the demo trust

    @property
    def channel_key(self) -> str:
        """A team's, division's or the trust's channel on this platform."""
        return f"{self.name}_channel"


_REGISTERED: dict[str, PlatformWords] = {}


def register(*words: PlatformWords) -> None:
    """Add (or replace) platforms' words; the composition root calls this once at import."""
    for each in words:
        _REGISTERED[each.name] = each


def registered() -> tuple[PlatformWords, ...]:
    """Every registered platform, in the order of registration."""
    return tuple(_REGISTERED.values())


def words_for(name: str) -> PlatformWords | None:
    return _REGISTERED.get(name)


def label(name: str) -> str:
    """How people read a platform's name (an unregistered one: its name, capitalised)."""
    found = _REGISTERED.get(name)
    return found.label if found else name.title()


def channel_keys() -> tuple[str, ...]:
    """`<name>_channel` for every registered platform."""
    return tuple(w.channel_key for w in _REGISTERED.values())


def trust_channel_keys() -> dict[str, tuple[str, str]]:
    """Trust settings naming a platform's own trust-wide channel: key -> (platform, owner kind)."""
    return {key: (w.name, kind) for w in _REGISTERED.values() for key, kind in w.trust_channels}


def workspace_keys() -> dict[str, str]:
    """Trust settings pinning a platform's workspace(s): key -> platform."""
    return {w.workspace_key: w.name for w in _REGISTERED.values() if w.workspace_key}
