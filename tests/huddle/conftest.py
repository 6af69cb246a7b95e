"""Fixtures for the huddle transcripts."""

from huddle_kit import ward  # noqa: F401
