"""The rota as an iCalendar file: parses with icalendar, keeps local times across clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.visits import PlannedVisit
from bot.visits.ics import CalendarVisit
from bot.visits.ics import rota_to_ics as made_at

MADE = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


def rota_to_ics(visits: list[CalendarVisit], **options: object) -> bytes:
    return made_at(visits, generated_at=MADE, **options)  # type: ignore[arg-type]


LONDON = ZoneInfo("Europe/London")
# Tuesdays either side of the 2027 clock changes (28 March and 31 October).
AROUND_CHANGES = [
    (date(2027, 3, 23), 10),  # GMT: 10:00 local is 10:00 UTC
    (date(2027, 3, 30), 9),  # BST: 10:00 local is 09:00 UTC
    (date(2027, 10, 26), 9),
    (date(2027, 11, 2), 10),
]


def rota() -> list[CalendarVisit]:
    leaders = ("Demo Director", "Demo Chair")
    return [
        CalendarVisit(14 + i, PlannedVisit(day, time(10), "ward-7", leaders), "Ward 7")
        for i, (day, _) in enumerate(AROUND_CHANGES)
    ]


def events(data: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_one_event_per_visit_with_stable_uids_and_readable_text() -> None:
    data = rota_to_ics(rota())
    found = events(data)
    assert [str(e["uid"]) for e in found] == [f"visit-{n}@huddlebot" for n in (14, 15, 16, 17)]
    assert all(str(e["summary"]) == "Leadership visit: Ward 7" for e in found)
    assert all("Demo Director" in str(e["description"]) for e in found)
    assert all("Demo Chair" in str(e["description"]) for e in found)
    assert rota_to_ics(list(reversed(rota()))) == data  # same rota, same file


@pytest.mark.parametrize(("index", "utc_hour"), [(i, h) for i, (_, h) in enumerate(AROUND_CHANGES)])
def test_local_times_round_trip_across_the_clock_changes(index: int, utc_hour: int) -> None:
    event = events(rota_to_ics(rota()))[index]
    starts = event.decoded("dtstart")
    ends = event.decoded("dtend")
    day = AROUND_CHANGES[index][0]
    assert starts.date() == day and starts.time() == time(10)
    assert starts.utcoffset() == datetime.combine(day, time(10), LONDON).utcoffset()
    assert starts.astimezone(UTC).hour == utc_hour
    assert ends - starts == timedelta(minutes=60)
    assert event["dtstart"].params["TZID"] == "Europe/London"


def test_the_zone_definition_alone_gives_the_right_utc_times() -> None:
    """Calendar clients read our VTIMEZONE, not their own zone database."""
    cal = Calendar.from_ical(rota_to_ics(rota()))
    (zone,) = cal.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/London"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    own = zone.to_tz()
    for day, utc_hour in AROUND_CHANGES:
        local = datetime.combine(day, time(10)).replace(tzinfo=own)
        assert local.astimezone(UTC).hour == utc_hour
    # Either side of the changes themselves, early on the Sunday morning.
    assert datetime(2027, 3, 28, 0, 30, tzinfo=own).astimezone(UTC).hour == 0
    assert datetime(2027, 3, 28, 3, 0, tzinfo=own).astimezone(UTC).hour == 2
    assert datetime(2027, 10, 31, 0, 30, tzinfo=own).astimezone(UTC).hour == 23
    assert datetime(2027, 10, 31, 3, 0, tzinfo=own).astimezone(UTC).hour == 3


def test_durations_names_and_other_zones() -> None:
    visits = [CalendarVisit(3, PlannedVisit(date(2027, 7, 6), time(14), "ed", ("Chair",)), "ED")]
    data = rota_to_ics(visits, tz="Europe/Paris", duration_minutes=90, calendar_name="Board rota")
    cal = Calendar.from_ical(data)
    assert str(cal["x-wr-calname"]) == "Board rota"
    (event,) = events(data)
    assert event.decoded("dtstart").astimezone(UTC).hour == 12
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=90)
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Europe/Paris"


def test_an_empty_rota_is_still_a_calendar() -> None:
    cal = Calendar.from_ical(rota_to_ics([]))
    assert events(cal.to_ical()) == []


def test_dtstamp_is_when_the_file_was_made_and_cancelled_visits_stay_as_cancelled() -> None:
    kept, dropped = rota()[:2]
    dropped = CalendarVisit(dropped.number, dropped.visit, dropped.area_name, True, sequence=1)
    found = {str(e["uid"]): e for e in events(rota_to_ics([kept, dropped]))}
    assert {e.decoded("dtstamp") for e in found.values()} == {MADE}
    assert str(found["visit-14@huddlebot"]["status"]) == "CONFIRMED"
    assert found["visit-14@huddlebot"]["sequence"] == 0
    assert str(found["visit-15@huddlebot"]["status"]) == "CANCELLED"
    assert found["visit-15@huddlebot"]["sequence"] == 1
