"""Bank holidays in the UK's three regions (the trust chooses one), from the `holidays` package."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


@lru_cache(maxsize=256)
def _year(region: str, year: int) -> dict[date, str]:
    import holidays

    if region not in REGIONS:
        raise ValueError(f"unknown bank holiday region {region!r}; use one of {sorted(REGIONS)}")
    return dict(holidays.country_holidays("GB", subdiv=REGIONS[region], years=year).items())


def bank_holiday(day: date, region: str) -> str | None:
    """The bank holiday's name on `day` in `region`, or None on an ordinary day."""
    return _year(region, day.year).get(day)
