"""Event ids seen before, on the real database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.slack.dedupe import SeenEvents

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def test_an_event_is_new_once_and_old_ids_are_cleared_after_a_day(db) -> None:  # type: ignore[no-untyped-def]
    seen = SeenEvents(db.engine)
    assert seen.first_time("Ev0AAA", NOW) is True
    assert seen.first_time("Ev0AAA", NOW + timedelta(minutes=5)) is False  # Slack's last retry
    assert seen.first_time("Ev0BBB", NOW + timedelta(days=2)) is True

    assert seen.forget_before(NOW + timedelta(days=1)) == 1
    assert seen.first_time("Ev0BBB", NOW + timedelta(days=2)) is False
