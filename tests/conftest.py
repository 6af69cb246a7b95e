"""Shared fixtures (`tests/kit/fixtures.py`): an empty, fully migrated database per test, on
SQLite and (when TEST_DATABASE_URL is set, as in CI) on PostgreSQL too."""

from huddlebot import platforms  # noqa: F401 - the core learns every platform's words

pytest_plugins = ["tests.kit.fixtures"]
