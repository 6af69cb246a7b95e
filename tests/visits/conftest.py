"""Fixtures for the visits transcripts."""

from visit_kit import rota  # noqa: F401
