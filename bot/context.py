"""What a handler needs: the session, who spoke, where, when, the bot's routes, and helpers
to answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.actor import NOBODY, Actor, teams_of_actor
from bot.events import Event
from bot.huddle.escalations import Escalations
from bot.huddle.readings import Readings
from bot.ideas.store import Ideas
from bot.messages import Address, Button, Message, Outbound, Post, Text
from bot.routing import RouteTable
from bot.stores.postings import Postings
from bot.stores.tables.core import Audit, Person, Team, Trust
from bot.visits.store import Visits


@dataclass
class Context:
    session: Session
    event: Event | None  # None for scheduled work
    now: datetime  # aware UTC, from the event or the scheduler: never the wall clock
    trust: Trust
    routes: RouteTable  # the bot's route table and hooks, given at composition
    person: Person | None = None
    team: Team | None = None  # the team this conversation belongs to, or the person's only team
    actor: Actor = NOBODY  # the person's roles, read once for the whole event
    platforms: frozenset[str] | None = None  # the platforms this deployment runs (None: all)
    anonymous_key: bytes = field(default=b"", repr=False)  # kept outside the database
    warehouse: Any = None  # bot.feeds.pull.Warehouse for scheduled pulls (None: none here)

    @cached_property
    def readings(self) -> Readings:
        return Readings(self.session)

    @cached_property
    def postings(self) -> Postings:
        return Postings(self.session)

    @cached_property
    def escalations(self) -> Escalations:
        return Escalations(self.session)

    @cached_property
    def ideas(self) -> Ideas:
        return Ideas(self.session)

    @cached_property
    def visits(self) -> Visits:
        return Visits(self.session)

    def reachable(self, places: list[Address]) -> list[Address]:
        """The addresses on a platform this deployment runs."""
        if self.platforms is None:
            return places
        return [a for a in places if a.platform in self.platforms]

    def my_teams(self) -> list[Team]:
        """The teams the person belongs to (member or lead), in key order."""
        return teams_of_actor(self.session, self.actor)

    @property
    def platform(self) -> str:
        return self.event.origin.platform if self.event else ""

    @property
    def here(self) -> Address:
        """This conversation (in the thread, if the event came from one)."""
        assert self.event is not None, "scheduled work has no conversation of its own"
        o = self.event.origin
        return Address(o.platform, o.workspace, o.conversation, o.thread, reference=o.reference)

    @property
    def user_id(self) -> str:
        sender = getattr(self.event, "sender", None) or getattr(self.event, "by", None)
        return sender.user_id if sender else ""

    def local_now(self, team: Team | None = None) -> datetime:
        chosen = team or self.team
        zone = chosen.timezone if chosen else self.trust.timezone
        return self.now.astimezone(ZoneInfo(zone))

    def say(
        self, text: str, heading: str = "", buttons: tuple[Button, ...] = (), key: str = ""
    ) -> Post:
        """Said in this conversation, for everyone in it."""
        return Post(self.here, Text(text, heading, buttons), key=key)

    def tell(self, text: str, heading: str = "", buttons: tuple[Button, ...] = ()) -> Post:
        """Said to the person who asked only (ephemeral, or their private chat)."""
        return Post(self.private_address(), Text(text, heading, buttons))

    def show(self, message: Message, private: bool = False, key: str = "") -> Post:
        return Post(self.private_address() if private else self.here, message, key=key)

    def private_address(self) -> Address:
        assert self.event is not None, "scheduled work has no conversation of its own"
        o = self.event.origin
        if o.private:
            return Address(o.platform, o.workspace, o.conversation, o.thread, reference=o.reference)
        return Address(
            o.platform,
            o.workspace,
            o.conversation,
            o.thread,
            visible_to=self.user_id or None,
            reference=o.reference,
        )

    def audit(self, action: str, subject: str = "", outcome: str = "ok") -> None:
        self.session.add(
            Audit(
                at=self.now,
                person_id=self.person.id if self.person else None,
                platform=self.platform,
                action=action,
                subject=subject,
                outcome=outcome,
            )
        )

    def refuse(self, action: str, subject: str, why: str) -> list[Outbound]:
        """A clear reply to the person, and an audit entry, for an action they may not take."""
        self.audit(action, subject, "denied")
        return [self.tell(why)]
