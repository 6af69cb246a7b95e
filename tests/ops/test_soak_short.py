"""A short soak (the CI form of `bench/soak_bench.py`): a few teams for four simulated days of
prompts, reminders, answers in the prompts' threads (some delivered twice, as Slack retries) and
the nightly purge with one-day retention. Every prompt is posted exactly once, no answer is
handled twice, and the purge keeps the outbox and inbox tables flat. Memory is the benchmark's
business, not this test's."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from fakes.drills.soak import soak

TEAMS, DAYS = 4, 4
STEP = timedelta(minutes=30)  # the clock's pace: every due post still goes inside its window


def test_four_days_of_huddles_post_every_prompt_once_and_purge_keeps_tables_flat(
    database_url: str,
) -> None:
    result = asyncio.run(
        soak(
            teams=TEAMS,
            days=DAYS,
            answering=0.5,
            database_url=database_url,
            retention={"inbound_days": 1, "outbox_days": 1},
            step_by=STEP,
        )
    )
    assert result["expected"] == TEAMS * 2 * DAYS
    assert result["prompts"] == result["expected"]
    assert result["duplicates"] == 0
    assert result["losses"] == 0
    assert result["unsent"] == 0  # no prompt row expired, dead or left waiting
    assert result["answered"] > 0
    assert result["inbox_handled_twice"] == 0
    purged, sizes = result["purged"], result["sizes"]
    for table in ("outbox", "occurrences", "postings", "inbox"):
        assert purged[table] > 0, table
    # after each night's purge a table holds about one day's rows (at most six posts a team a
    # day: two prompts, two reminders, a digest or reflection), however many days have run
    ceiling = TEAMS * 6 * 2
    for table in ("outbox", "occurrences", "postings", "inbox"):
        kept = [sizes[day][table] for day in range(1, DAYS + 1)]
        assert max(kept) <= ceiling, (table, kept)
        assert sizes[DAYS][table] < purged[table], table  # more went than is kept
