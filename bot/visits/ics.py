"""The visit rota as an iCalendar file that Outlook and Google Calendar import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from bot.visits.model import PlannedVisit


@dataclass(frozen=True)
class CalendarVisit:
    """One visit as a calendar sees it. `sequence` rises with every change, so a calendar that
    imported an earlier file replaces its copy; a cancelled visit stays in the file as such."""

    number: int
    visit: PlannedVisit
    area_name: str
    cancelled: bool = False
    sequence: int = 0


def _london() -> Timezone:
    """Europe/London with its yearly rules: BST from 01:00 GMT on the last Sunday of March,
    GMT from 02:00 BST on the last Sunday of October (as published for calendar clients)."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    zone.add("x-lic-location", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _zone(tz: str, first: date, last: date) -> Timezone:
    if tz == "Europe/London":
        return _london()
    return Timezone.from_tzinfo(
        ZoneInfo(tz),
        tzid=tz,
        first_date=first - timedelta(days=366),
        last_date=last + timedelta(days=366),
    )


def _event(
    entry: CalendarVisit, zone: ZoneInfo, minutes: int, domain: str, stamp: datetime
) -> Event:
    visit, area_name = entry.visit, entry.area_name
    starts = datetime.combine(visit.date, visit.time, tzinfo=zone)
    event = Event()
    event.add("uid", f"visit-{entry.number}@{domain}")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=minutes))
    event.add("summary", f"Leadership visit: {area_name}")
    event.add("location", area_name)
    event.add("description", "Leaders: " + ", ".join(visit.leaders))
    event.add("categories", ["Leadership visit"])
    return event


def rota_to_ics(
    visits: Iterable[CalendarVisit],
    *,
    generated_at: datetime,
    tz: str = "Europe/London",
    duration_minutes: int = 60,
    calendar_name: str = "Leadership visits",
    domain: str = "huddlebot",
) -> bytes:
    """One VEVENT per visit with a stable UID (`visit-<id>@<domain>`), in local time with the
    zone's definition; DTSTAMP is when the file was made (`generated_at`)."""
    entries = sorted(visits, key=lambda e: (e.visit.date, e.visit.time, e.number))
    zone = ZoneInfo(tz)
    cal = Calendar()
    cal.add("prodid", "-//Huddlebot//Leadership visits//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", tz)
    first = entries[0].visit.date if entries else date(2000, 1, 1)
    last = entries[-1].visit.date if entries else first
    cal.add_component(_zone(tz, first, last))
    for entry in entries:
        cal.add_component(_event(entry, zone, duration_minutes, domain, generated_at))
    return bytes(cal.to_ical())
