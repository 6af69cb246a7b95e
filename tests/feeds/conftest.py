"""Fixtures for measures fed by the API, a CSV import and a warehouse pull."""

from feeds_kit import feeds  # noqa: F401
