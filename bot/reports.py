"""Reports of messages that did not go: expired ones to the team lead, dead ones to the
trust admin. Composed here from stored addresses; delivered through the outbox like any post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messages import Address, Post, Text
from bot.stores.tables.core import Address as AddressRow
from bot.stores.tables.core import Role, Team

WHAT = {
    "huddle.prompt": "huddle prompt",
    "huddle.nudge": "huddle reminder",
    "charts.digest": "weekly chart digest",
    "ideas.reflection": "weekly ideas reflection",
    "ideas.review": "review prompt for a test of change",
    "ideas.digest": "weekly ideas digest",
    "ideas.learning": "monthly learning digest",
    "huddle.escalation_due": "escalation follow-up",
    "visits.week_before": "pre-visit pack (a week before a leadership visit)",
    "visits.morning": "pre-visit pack (the morning of a leadership visit)",
    "visits.team_notice": "notice of a coming leadership visit",
    "visits.notes_prompt": "request for notes after a leadership visit",
    "visits.action_overdue": "reminder of an overdue visit action",
    "visits.cancelled": "notice that a leadership visit is cancelled",
    "report.expired": "report of messages not sent",
    "report.dead": "report of messages not delivered",
}
SOMETHING = "scheduled message"  # never an internal name, even for a kind added later


def _people_addresses(session: Session, role: str, team_id: int | None) -> list[Address]:
    roles = select(Role.person_id).where(Role.role == role)
    roles = roles.where(Role.team_id == team_id) if team_id else roles.where(Role.team_id.is_(None))
    rows = session.scalars(
        select(AddressRow)
        .where(AddressRow.owner_kind == "person", AddressRow.owner_id.in_(roles))
        .order_by(AddressRow.id)
    )
    return [Address(r.platform, r.workspace, r.conversation, reference=r.reference) for r in rows]


def _team(session: Session, team_id: int) -> Team | None:
    return session.get(Team, team_id) if team_id else None


def _name(team: Team | None) -> str:
    return team.name if team else "the trust"


def _when(at: datetime, team: Team | None) -> str:
    local = at.astimezone(ZoneInfo(team.timezone if team else "Europe/London"))
    return local.strftime("%H:%M on %a %d %b")


@dataclass(frozen=True)
class Failure:
    """One outbox row that ended without being delivered."""

    kind: str
    team_id: int
    due_at: datetime
    where: str  # "C0WARD7 on <platform>"
    reason: str


@dataclass(frozen=True)
class Report:
    to: list[Address]
    text: Text
    status: str  # what it reports: "expired" (too late), "dead" (undeliverable), "no_channel"
    team_id: int = 0  # the team it is about (0: trust-wide)


LISTED = 15  # lines in one report; the rest are counted and left to `huddlebot outbox`
REMOVED_HINTS = ("not_in_channel", "channel_not_found", "forbidden", "ConversationNotFound")


def _what(kind: str) -> str:
    return WHAT.get(kind, SOMETHING)


def _expired_line(session: Session, failure: Failure) -> str:
    team = _team(session, failure.team_id)
    return (
        f"The {_what(failure.kind)} for {_name(team)} due at {_when(failure.due_at, team)} was "
        f"not sent: it could not go out in time to be useful ({failure.reason})."
    )


def _dead_line(session: Session, failure: Failure) -> str:
    name = _name(_team(session, failure.team_id))
    return (
        f"A {_what(failure.kind)} for {name} could not be delivered to {failure.where}: "
        f"{failure.reason}."
    )


def _worded(lines: list[str], status: str, after: str, one: str, many: str) -> Text:
    """One failure as a sentence; several as a list (the first LISTED, then a count). A message
    that failed in several places (a team with two channels) is listed once."""
    lines = list(dict.fromkeys(lines))
    if len(lines) == 1:
        return Text(lines[0] + (" " + after if after else ""), heading=one)
    shown = [f"• {line}" for line in lines[:LISTED]]
    if len(lines) > LISTED:
        shown.append(
            f"…and {len(lines) - LISTED} more: `huddlebot outbox --status {status}` lists them all."
        )
    if after:
        shown.append(after)
    return Text("\n".join(shown), heading=many.format(n=len(lines)))


def expired_reports(session: Session, failures: list[Failure]) -> list[Report]:
    """One message per team to its team lead: timed messages that came too late and were not
    sent (several at once after an outage become one list)."""
    made = []
    by_team: dict[int, list[Failure]] = {}
    for failure in failures:
        by_team.setdefault(failure.team_id, []).append(failure)
    for team_id, theirs in by_team.items():
        lines = [_expired_line(session, f) for f in theirs]
        huddle = any(f.kind.startswith("huddle.") for f in theirs)
        advice = "Please run today's huddle without it." if huddle else ""
        text = _worded(
            lines,
            "expired",
            advice,
            "Huddlebot: a message was not sent",
            "Huddlebot: {n} messages were not sent",
        )
        to = _people_addresses(session, "team_lead", team_id or None)
        made.append(Report(to, text, "expired", team_id))
    return made


def dead_reports(session: Session, failures: list[Failure]) -> list[Report]:
    """One message to the trust admins listing the messages that cannot be delivered until
    something is fixed."""
    if not failures:
        return []
    lines = [_dead_line(session, f) for f in failures]
    removed = any(h in f.reason for f in failures for h in REMOVED_HINTS)
    where = "that conversation" if len(lines) == 1 else "some of them"
    hint = f"Huddlebot may have been removed from {where}: please add it back." if removed else ""
    text = _worded(
        lines,
        "dead",
        hint,
        "Huddlebot: delivery failed",
        "Huddlebot: {n} messages could not be delivered",
    )
    to = _people_addresses(session, "trust_admin", None)
    return [Report(to, text, "dead")]


def no_channel_reports(session: Session, failures: list[Failure]) -> list[Report]:
    """A private word to each team lead whose team had no channel when its prompt fell due."""
    made = []
    for failure in failures:
        team = _team(session, failure.team_id)
        if team is None:
            continue
        text = Text(
            f"{team.name} has no huddle channel, so its {_what(failure.kind)} due at "
            f"{_when(failure.due_at, team)} was not posted. Please type `/huddle link {team.key}` "
            "in the team's channel (a trust admin can move a channel another team has with "
            f"`/huddle link {team.key} move`).",
            heading="Huddlebot: your team has no channel",
        )
        to = _people_addresses(session, "team_lead", team.id)
        made.append(Report(to, text, "no_channel", team.id))
    return made


def as_posts(report: Report, key: str) -> list[Post]:
    """One post per address; `key` names the rows reported, so each report is queued once."""
    key = f"{key}:{report.status}:{report.team_id}"
    return [Post(to=a, message=report.text, key=f"{key}>{i}") for i, a in enumerate(report.to)]
