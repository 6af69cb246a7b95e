"""How a fed value is shown: "Bed occupancy 96% (from the bed-state feed, 07:30)"."""

from __future__ import annotations

from datetime import tzinfo

from bot.stores.tables.core import Reading


def named(feed: str) -> str:
    """`the bed-state feed`."""
    return feed if feed.lower().startswith("the ") else f"the {feed}"


def from_where(reading: Reading, zone: tzinfo) -> str:
    """`from the bed-state feed, 07:30`: the source and the local time it arrived."""
    return f"from {named(reading.feed or '')}, {reading.recorded_at.astimezone(zone):%H:%M}"
