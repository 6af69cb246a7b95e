"""Write a checked configuration: create or update, never duplicate; one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot import platforms
from bot.config.model import MeasureConfig, SlotConfig, TeamConfig, TrustConfig
from bot.privacy.hospital import stored
from bot.stores.tables.core import (
    Address,
    Division,
    HuddleSlot,
    Identity,
    Measure,
    Person,
    Role,
    Team,
    Trust,
)
from bot.tiers.seats import SEAT_SETTINGS, division_seat, seat_key, trust_seat

MOVED = "config.moved_channels"  # session.info: channels the file took from another owner
TAKEN = "config.taken_channels"  # session.info: the same, as `Taken`, where a team lost one


@dataclass(frozen=True)
class Taken:
    """A channel the file gave to another owner, taken from a team."""

    team_id: int
    platform: str
    conversation: str
    given_to: str  # "team 'ed'", "division 'medicine'", …


def _dump(data: dict) -> str:
    return json.dumps(data, sort_keys=True, default=str)


def apply_config(session: Session, config: TrustConfig, now: datetime) -> Trust:
    trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
    if trust is None:
        trust = Trust(name=config.name)
        session.add(trust)
    trust.name, trust.timezone = config.name, config.timezone
    trust.bank_holiday_region = config.settings.get("bank_holiday_region", "england-and-wales")
    trust.hospital_number_pattern = stored(config.settings.get("hospital_number_pattern"))
    learned = json.loads(trust.settings_json or "{}").get("workspaces")
    kept = {
        k: v
        for k, v in config.settings.items()
        if k not in ("bank_holiday_region", "hospital_number_pattern")
    }
    if learned:  # the workspaces seen so far are not in the file: keep them
        kept["workspaces"] = learned
    trust.settings_json = _dump(kept)
    session.flush()
    _channels(session, "trust", trust.id, config.settings, now)
    for field, (platform, kind) in platforms.trust_channel_keys().items():
        if config.settings.get(field):  # a trust-wide channel of the platform's own (wins)
            _channel(session, kind, trust.id, platform, str(config.settings[field]), now)
    teams: dict[str, Team] = {}
    divisions: dict[str, Division] = {}
    for division_config in config.divisions:
        division = session.scalar(
            select(Division).where(
                Division.trust_id == trust.id, Division.key == division_config.key
            )
        )
        if division is None:
            division = Division(trust_id=trust.id, key=division_config.key, name="")
            session.add(division)
        division.name, division.retired_at = division_config.name, None
        session.flush()
        division.settings_json = _dump(division_config.settings)
        _channels(session, "division", division.id, division_config.settings, now)
        for team_config in division_config.teams:
            teams[team_config.key] = _team(session, trust, division, team_config, now)
        divisions[division.key] = division
        seat(session, trust, division, division_config.huddles, division_config.measures)
    seat(session, trust, None, config.huddles, config.measures)
    for person_config in config.people:
        person = session.scalar(
            select(Person).where(Person.trust_id == trust.id, Person.name == person_config.name)
        )
        if person is None:
            person = Person(trust_id=trust.id, name=person_config.name)
            session.add(person)
            session.flush()
        person.retired_at = None  # listed again: back
        session.execute(delete(Identity).where(Identity.person_id == person.id))
        for platform, external in person_config.ids:
            session.execute(
                delete(Identity).where(
                    Identity.platform == platform, Identity.external_id == external
                )
            )
            session.add(Identity(person_id=person.id, platform=platform, external_id=external))
        session.execute(delete(Role).where(Role.person_id == person.id))
        for role in dict.fromkeys(person_config.roles):
            base, _, place = role.partition(":")
            if base.startswith("division_"):
                division_id = divisions[place].id
                session.add(Role(person_id=person.id, role=base, division_id=division_id))
                continue
            team_id = teams[place].id if place else None
            session.add(Role(person_id=person.id, role=base, team_id=team_id))
        for platform, external in person_config.ids:
            words = platforms.words_for(platform)
            if words is not None and words.messages_by_person_id:
                _channel(session, "person", person.id, platform, external, now)
        _channel(session, "person", person.id, "console", f"@{person.name}", now)
    session.flush()
    return trust


def _team(
    session: Session, trust: Trust, division: Division, config: TeamConfig, now: datetime
) -> Team:
    team = session.scalar(select(Team).where(Team.trust_id == trust.id, Team.key == config.key))
    if team is None:
        team = Team(trust_id=trust.id, division_id=division.id, key=config.key, name="")
        session.add(team)
    team.division_id, team.name, team.retired_at = division.id, config.name, None
    team.timezone = config.timezone or trust.timezone
    team.settings_json = _dump(config.settings)
    session.flush()
    _channels(session, "team", team.id, config.settings, now)
    _channel(session, "team", team.id, "console", f"#{team.key}", now)
    write_plan(session, team, config.huddles, config.measures)
    return team


def write_plan(
    session: Session,
    team: Team,
    huddles: tuple[SlotConfig, ...],
    measures: tuple[MeasureConfig, ...],
) -> None:
    """A team's (or a tier seat's) huddle slots and measures as the file gives them."""
    wanted = {slot.time: slot for slot in huddles}
    for old in session.scalars(select(HuddleSlot).where(HuddleSlot.team_id == team.id)):
        if old.slot not in wanted:
            session.delete(old)
    for slot in huddles:
        row = session.scalar(
            select(HuddleSlot).where(HuddleSlot.team_id == team.id, HuddleSlot.slot == slot.time)
        )
        if row is None:
            row = HuddleSlot(team_id=team.id, slot=slot.time)
            session.add(row)
        row.local_time, row.days, row.bank_holidays = (
            slot.time,
            ",".join(slot.days),
            slot.bank_holidays,
        )
    existing = {
        m.key: m for m in session.scalars(select(Measure).where(Measure.team_id == team.id))
    }
    for position, m in enumerate(measures):
        kept = existing.pop(m.key, None) or Measure(team_id=team.id, key=m.key)
        if kept.id is None:
            session.add(kept)
        kept.name, kept.kind, kept.direction, kept.target = m.name, m.kind, m.direction, m.target
        kept.minimum, kept.maximum, kept.anonymous, kept.unit = m.min, m.max, m.anonymous, m.unit
        kept.per, kept.aggregate, kept.charts_json = m.per, m.aggregate, _dump(m.charts)
        kept.source_json = _dump(m.source)
        kept.denominator_key = m.denominator
        kept.derived_json = _dump(m.derived)
        kept.position, kept.active = position, True
    for gone in existing.values():  # keep history: a measure dropped from the file is retired
        gone.active = False


def _channels(session: Session, kind: str, owner_id: int, settings: dict, now: datetime) -> None:
    for words in platforms.registered():
        if settings.get(words.channel_key):
            _channel(session, kind, owner_id, words.name, str(settings[words.channel_key]), now)


def _channel(
    session: Session, kind: str, owner_id: int, platform: str, conversation: str, now: datetime
) -> None:
    """Declare where the bot speaks; the workspace is learnt when the platform first calls."""
    row = session.scalar(
        select(Address).where(Address.platform == platform, Address.conversation == conversation)
    )
    if row is None:
        workspace = "console" if platform == "console" else ""
        row = Address(
            platform=platform,
            workspace=workspace,
            conversation=conversation,
            reference="",
            private=kind == "person",
            updated_at=now,
        )
        session.add(row)
    if row.owner_kind is not None and (row.owner_kind, row.owner_id) != (kind, owner_id):
        session.info.setdefault(MOVED, []).append(
            f"channel {conversation} on {platforms.label(platform)} moved from "
            f"{_whose(session, row.owner_kind, row.owner_id)} to {_whose(session, kind, owner_id)}"
        )
        if row.owner_kind == "team" and row.owner_id:
            taken = Taken(row.owner_id, platform, conversation, _whose(session, kind, owner_id))
            session.info.setdefault(TAKEN, []).append(taken)
    row.owner_kind, row.owner_id = kind, owner_id


def _whose(session: Session, kind: str, owner_id: int | None) -> str:
    """`team 'ed'`, `division 'medicine'`, `person 'Demo Lead'`, `the trust`."""
    model = {"team": Team, "division": Division, "person": Person}.get(kind)
    row = session.get(model, owner_id) if model and owner_id else None
    if isinstance(row, Person):
        return f"person '{row.name}'"
    if isinstance(row, Team | Division):
        return f"{kind} '{row.key}'"
    if kind in ("wins", "learning"):
        return f"the trust's {kind} channel"
    return "the trust"


def seat(
    session: Session,
    trust: Trust,
    division: Division | None,
    huddles: tuple[SlotConfig, ...],
    measures: tuple[MeasureConfig, ...],
) -> Team | None:
    """Create or update the division's (or, with no division, the trust's) seat: every tier has
    one, so its channel has a board even before it has a huddle time or measures."""
    kind = "division" if division is not None else "trust"
    found = division_seat(session, division) if division else trust_seat(session, trust)
    home = division or session.scalar(
        select(Division).where(Division.trust_id == trust.id).order_by(Division.id).limit(1)
    )
    if home is None:  # a trust with no division yet has no huddle of its own either
        return None
    if found is None:
        found = Team(
            trust_id=trust.id,
            division_id=home.id,
            key=seat_key(kind, division),
            name="",
            tier=kind,
        )
        session.add(found)
    found.name = division.name if division else trust.name
    found.timezone, found.retired_at = trust.timezone, None
    found.settings_json = json.dumps(SEAT_SETTINGS, sort_keys=True)
    session.flush()
    write_plan(session, found, huddles, measures)
    return found
