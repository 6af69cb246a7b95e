"""Fixtures for the ideas transcripts."""

from idea_kit import ward  # noqa: F401
