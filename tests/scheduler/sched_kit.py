"""What the scheduler tests share: a small trust in the database, a real composer, and a fake
chat platform that records what a person would see (and can fail like Slack does)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from bot.db import Database
from bot.messages import Address, Edit, Post, Posted, Text
from bot.ports import DeliveryFailed
from bot.schedule import Due
from bot.stores.tables.core import Address as AddressRow
from bot.stores.tables.core import Division, HuddleSlot, Person, Role, Team, Trust
from scheduler.clock import FixedClock


def seed(
    db: Database,
    teams: Iterable[str] = ("ward-7",),
    slots: Iterable[tuple[str, str, str]] = (("08:30", "mon-sun", "run"),),
    region: str = "england-and-wales",
    settings: str = "{}",
) -> dict[str, int]:
    """A trust with teams, each with huddle slots, a Slack channel, a lead and an admin."""
    ids = {}
    with db.session() as s:
        trust = Trust(
            name="Demo Trust",
            timezone="Europe/London",
            bank_holiday_region=region,
            settings_json="{}",
        )
        s.add(trust)
        s.flush()
        division = Division(trust_id=trust.id, key="medicine", name="Medicine")
        s.add(division)
        admin = Person(trust_id=trust.id, name="Demo Admin")
        s.add(admin)
        s.flush()
        s.add(Role(person_id=admin.id, role="trust_admin", team_id=None))
        s.add(
            AddressRow(
                owner_kind="person",
                owner_id=admin.id,
                platform="slack",
                workspace="T1",
                conversation="D0ADMIN",
                reference="",
                private=True,
            )
        )
        for key in teams:
            team = Team(
                trust_id=trust.id,
                division_id=division.id,
                key=key,
                name=key.title(),
                timezone="Europe/London",
                settings_json=settings,
            )
            s.add(team)
            s.flush()
            ids[key] = team.id
            for at, days, bank in slots:
                s.add(
                    HuddleSlot(
                        team_id=team.id, slot=at, local_time=at, days=days, bank_holidays=bank
                    )
                )
            s.add(
                AddressRow(
                    owner_kind="team",
                    owner_id=team.id,
                    platform="slack",
                    workspace="T1",
                    conversation=f"C-{key}",
                    reference="",
                    private=False,
                )
            )
            lead = Person(trust_id=trust.id, name=f"Lead of {key}")
            s.add(lead)
            s.flush()
            s.add(Role(person_id=lead.id, role="team_lead", team_id=team.id))
            s.add(
                AddressRow(
                    owner_kind="person",
                    owner_id=lead.id,
                    platform="slack",
                    workspace="T1",
                    conversation=f"D-{key}",
                    reference="",
                    private=True,
                )
            )
    return ids


def composer(db: Database):  # type: ignore[no-untyped-def]
    """A real (small) composer: one post per team channel, worded by kind."""

    def compose(due: Due) -> list[Post]:
        with db.session() as s:
            rows = s.scalars(
                select(AddressRow).where(
                    AddressRow.owner_kind == "team", AddressRow.owner_id == due.team_id
                )
            ).all()
        local = f"{due.local_date:%a %d %b} {due.slot}"
        return [
            Post(
                Address(r.platform, r.workspace, r.conversation),
                Text(f"{due.kind} for {due.team_key} at {local}"),
                key=due.kind,
            )
            for r in rows
        ]

    return compose


@dataclass
class Sent:
    post: Post
    at: datetime
    message_id: str


@dataclass
class FakeChat:
    """A chat platform on a fake clock. `faults` is a queue of what the next sends do."""

    clock: FixedClock
    name: str = "slack"
    sent: list[Sent] = field(default_factory=list)
    faults: list[str] = field(
        default_factory=list
    )  # "429", "5xx", "timeout", "timeout-posted", "gone"
    min_gap: float = 1.0

    async def send(self, post: Post) -> Posted:
        fault = self.faults.pop(0) if self.faults else ""
        if fault == "429":
            raise DeliveryFailed("rate_limited", "ratelimited", retry_after=5.0)
        if fault == "5xx":
            raise DeliveryFailed("transient", "http_502")
        if fault == "gone":
            raise DeliveryFailed("permanent", "not_in_channel")
        if fault == "timeout":
            raise TimeoutError
        posted = self.post(post)
        if fault == "timeout-posted":
            raise TimeoutError  # it landed, but the answer never came back
        return posted

    def post(self, post: Post) -> Posted:
        """The message appears in the channel (what people see)."""
        message_id = f"{len(self.sent) + 1}.000"
        self.sent.append(Sent(post, self.clock.now(), message_id))
        return Posted(self.name, post.to.conversation, message_id)

    async def find(self, post: Post) -> Posted | None:
        for s in self.sent:
            if s.post == post:
                return Posted(self.name, post.to.conversation, s.message_id)
        return None

    async def edit(self, edit: Edit) -> Posted:
        return edit.posted

    def texts(self) -> list[str]:
        return [s.post.message.text for s in self.sent]  # type: ignore[union-attr]


@dataclass
class Core:
    """The core's scheduler hooks, backed by the test composer."""

    db: Database
    landed: list[tuple[Post, Posted]] = field(default_factory=list)
    platforms: frozenset[str] | None = None  # every platform

    def compose(self, due: Due) -> list[Post]:
        return composer(self.db)(due)

    def delivered(self, post: Post, posted: Posted, at: datetime) -> None:
        self.landed.append((post, posted))


@dataclass(eq=False)
class Runtime:
    db: Database
    bot: Core
    platforms: dict[str, FakeChat]
    clock: FixedClock


def runtime(db: Database, start: datetime) -> Runtime:
    clock = FixedClock(start)
    return Runtime(db, Core(db), {"slack": FakeChat(clock)}, clock)
