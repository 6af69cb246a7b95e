"""A team's plan (slot rows plus settings) and the occurrences it produces in a UTC window.

Wall-clock rules: a local time that does not exist (the spring gap) fires an hour later on the
wall clock, which is what `zoneinfo` gives for `fold=0`; a repeated local time (the autumn fold)
fires once, at its first instance. Occurrences are keyed by local date and slot, never by UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.schedule.bank import bank_holiday
from bot.schedule.days import parse_days, weekday
from bot.schedule.due import Due, Occurrence

PROMPT, NUDGE, DIGEST, REFLECTION, PULL = (
    "huddle.prompt",
    "huddle.nudge",
    "charts.digest",
    "ideas.reflection",
    "readings.pull",
)
WEEKLY_SLOT = "weekly"


@dataclass(frozen=True)
class SlotRule:
    """One huddle slot: `08:30` local, on `days`, with `run` or `skip` on bank holidays."""

    slot: str
    local_time: str  # "HH:MM"
    days: str = "mon-sun"
    bank_holidays: str = "run"  # "run" | "skip"

    @property
    def at(self) -> time:
        hours, minutes = self.local_time.split(":")
        return time(int(hours), int(minutes))


@dataclass(frozen=True)
class TeamPlan:
    """Everything needed to compute a team's occurrences, without touching the database."""

    team_id: int
    team_key: str
    timezone: str = "Europe/London"
    region: str = "england-and-wales"
    slots: tuple[SlotRule, ...] = ()
    nudge_after_minutes: int = 30  # 0 or less: no nudge
    expire_after_minutes: int = 45
    digest: str = "monday"  # a weekday, optionally "monday 10:00", or "off"
    reflection: str = "friday"
    weekly_after_minutes: int = 60  # weekly items come this long after the first huddle
    weekly_expire_minutes: int = 8 * 60
    pulls: tuple[str, ...] = ()  # "07:30": local times of the team's warehouse pulls


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The real local datetime for `at` on `day` (gap: an hour later; fold: the first)."""
    utc = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
    return utc.astimezone(zone)


def _dates(plan: TeamPlan, after: datetime, until: datetime) -> Iterator[date]:
    zone = ZoneInfo(plan.timezone)
    first = after.astimezone(zone).date() - timedelta(days=1)
    last = until.astimezone(zone).date()  # nothing dated later can be due by `until`
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _slot_occurrences(plan: TeamPlan, rule: SlotRule, day: date) -> list[Occurrence]:
    if day.weekday() not in parse_days(rule.days):
        return []
    zone = ZoneInfo(plan.timezone)
    local = wall_clock(day, rule.at, zone)
    utc = local.astimezone(UTC)
    holiday = bank_holiday(day, plan.region)
    skipped = holiday is not None and rule.bank_holidays == "skip"
    status, reason = ("skipped", "bank holiday") if skipped else ("due", "")
    expire = timedelta(minutes=plan.expire_after_minutes)
    found = [
        Occurrence(
            Due(PROMPT, plan.team_id, plan.team_key, day, rule.slot, utc, rule.slot),
            utc + expire,
            local,
            status,
            reason,
        )
    ]
    if plan.nudge_after_minutes > 0:
        at = utc + timedelta(minutes=plan.nudge_after_minutes)
        found.append(
            Occurrence(
                Due(NUDGE, plan.team_id, plan.team_key, day, rule.slot, at, rule.slot),
                at + expire,
                at.astimezone(zone),
                status,
                reason,
            )
        )
    return found


def _weekly(plan: TeamPlan, kind: str, setting: str, day: date) -> Occurrence | None:
    words = setting.strip().lower().split()
    if not words or words[0] in ("off", "none", "no") or day.weekday() != weekday(words[0]):
        return None
    zone = ZoneInfo(plan.timezone)
    prompts = sorted(
        (o for r in plan.slots for o in _slot_occurrences(plan, r, day) if o.due.kind == PROMPT),
        key=lambda o: o.due.due_at,
    )
    running = [o for o in prompts if o.status == "due"]
    status, reason = ("due", "")
    if len(words) > 1:
        hours, minutes = words[1].split(":")
        at = wall_clock(day, time(int(hours), int(minutes)), zone).astimezone(UTC)
    elif running or prompts:
        first = (running or prompts)[0]
        at = first.due.due_at + timedelta(minutes=plan.weekly_after_minutes)
        if not running:
            status, reason = prompts[0].status, prompts[0].reason
    else:
        at = wall_clock(day, time(9, 0), zone).astimezone(UTC)
    due = Due(kind, plan.team_id, plan.team_key, day, WEEKLY_SLOT, at)
    expire = timedelta(minutes=plan.weekly_expire_minutes)
    return Occurrence(due, at + expire, at.astimezone(zone), status, reason)


def weekly_items(plan: TeamPlan, day: date) -> list[Occurrence]:
    """The weekly digest and reflection falling on `day`, if any."""
    found = [
        _weekly(plan, DIGEST, plan.digest, day),
        _weekly(plan, REFLECTION, plan.reflection, day),
    ]
    return [o for o in found if o is not None]


def _pulls(plan: TeamPlan, day: date) -> list[Occurrence]:
    """The team's warehouse pulls on `day`, every day, each at its own local time."""
    zone = ZoneInfo(plan.timezone)
    found = []
    for at in plan.pulls:
        hours, minutes = at.split(":")
        local = wall_clock(day, time(int(hours), int(minutes)), zone)
        utc = local.astimezone(UTC)
        due = Due(PULL, plan.team_id, plan.team_key, day, at, utc, at)
        found.append(Occurrence(due, utc + timedelta(minutes=plan.expire_after_minutes), local))
    return found


def occurrences(plan: TeamPlan, after: datetime, until: datetime) -> list[Occurrence]:
    """Every occurrence with `after < due_at <= until` (UTC), in due order."""
    found: list[Occurrence] = []
    for day in _dates(plan, after, until):
        for rule in plan.slots:
            found += _slot_occurrences(plan, rule, day)
        found += weekly_items(plan, day)
        found += _pulls(plan, day)
    return sorted(
        (o for o in found if after < o.due.due_at <= until),
        key=lambda o: (o.due.due_at, o.due.kind, o.due.slot),
    )
