"""Fixtures for the chart transcripts."""

from charts_kit import ward  # noqa: F401
