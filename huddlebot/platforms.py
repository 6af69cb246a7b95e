"""The platform registry: every chat platform this build runs, one line each.

Each name is a package `adapters/<name>/` whose `registration.REGISTRATION` gives its words in
the trust's configuration, whether a deployment runs it, its sender and what it serves. The
core learns the words here, at import, before it reads any configuration."""

from __future__ import annotations

from importlib import import_module

from adapters.registration import Registration
from bot.platforms import register

NAMES = (
    "slack",
    "teams",
)


def _load(name: str) -> Registration:
    registration = import_module(f"adapters.{name}.registration").REGISTRATION
    assert isinstance(registration, Registration), name
    return registration


PLATFORMS: tuple[Registration, ...] = tuple(_load(name) for name in NAMES)
register(*(p.words for p in PLATFORMS))


def enabled(settings: object) -> tuple[Registration, ...]:
    """The platforms this deployment's settings turn on."""
    return tuple(p for p in PLATFORMS if p.enabled(settings))
