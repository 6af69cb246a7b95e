"""The core's single entry: `handle(event) -> posts`. Synchronous; the shells deliver."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError

from bot import dispatch, inbox, workspaces
from bot.actor import load_actor, teams_of_actor
from bot.addresses import NOWHERE, link, remember, team_for
from bot.context import Context
from bot.db import Database
from bot.events import Command, Event, Joined, Pressed, Said, Submission
from bot.messages import Address, Edit, Outbound, Post, Posted, Text
from bot.people import find_person
from bot.routing import Answer, RouteTable
from bot.stores.postings import Postings
from bot.stores.tables.core import Audit, Team, Trust
from bot.tiers.seats import seat_here

if TYPE_CHECKING:
    from bot.schedule import Due

log = logging.getLogger("huddlebot.core")

APOLOGY = (
    "Sorry, something went wrong on my side and I couldn't finish that. "
    "It has been logged for the team that runs Huddlebot; please try again in a minute."
)
NOT_SAVED = (
    "Sorry, I couldn't reach the database, so that was NOT saved. "
    "Please try again in a few minutes."
)
NOT_SET_UP = "Huddlebot isn't set up yet: an administrator needs to run `huddlebot config apply`."


class Huddlebot:
    """The core, given its database and its route table (`bot.routes.TABLE`, or a test's own)."""

    def __init__(
        self,
        db: Database,
        routes: RouteTable,
        platforms: frozenset[str] | None = None,
        anonymous_key: bytes = b"",
    ) -> None:
        self.db = db
        self.routes = routes
        self.anonymous_key = anonymous_key  # server-side secret in anonymous answers' keys
        # The platforms this deployment runs: posts for others are not sent (the console demo
        # has other platforms' ids in its config). None: every platform.
        self.platforms = platforms
        self.warehouse: Any = None  # runs measures' warehouse pulls (bot.feeds.pull.Warehouse)

    def _ours(self, items: list[Outbound], origin: str = "") -> list[Outbound]:
        """Drop posts for platforms this deployment does not run (the origin always runs)."""
        if self.platforms is None:
            return items
        live = self.platforms | {origin, NOWHERE}  # nowhere: recorded as undeliverable
        return [
            i
            for i in items
            if (i.to.platform if isinstance(i, Post) else i.posted.platform) in live
        ]

    def handle(self, event: Event, inbox_id: int | None = None) -> list[Outbound]:
        """`inbox_id`: the stored inbound request this answers, marked handled (with the
        answer) in the same transaction; raises AlreadyHandled if another turn did it."""
        try:
            with self.db.session() as session:
                if inbox_id is not None:
                    inbox.claim(session, inbox_id)
                outs = self._answer(session, event)
                if inbox_id is not None:
                    inbox.keep_answer(session, inbox_id, outs)
                return outs
        except inbox.AlreadyHandled:
            raise
        except (OperationalError, DBAPIError):
            log.exception("database unavailable while handling %s", type(event).__name__)
            return [_private(event, NOT_SAVED)]
        except Exception:
            log.exception("failed to handle %s", type(event).__name__)
            return [_private(event, APOLOGY)]

    def _answer(self, session: Any, event: Event) -> list[Outbound]:
        trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
        if trust is None:
            return [_private(event, NOT_SET_UP)]
        if not workspaces.accepts(trust, event.origin):
            return [_foreign(session, event, trust)]
        ctx = _context(session, event, trust, self.routes)
        ctx.anonymous_key = self.anonymous_key
        return self._ours(as_posts(ctx, dispatch.route(ctx)), event.origin.platform)

    def compose(self, due: Due) -> list[Post]:
        """The posts for a scheduled occurrence (a prompt, a reminder, a digest); may be none."""
        composer = self.routes.timed.get(due.kind)
        if composer is None:
            log.warning("no composer for scheduled kind %s", due.kind)
            return []
        with self.db.session() as session:
            trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
            if trust is None:
                return []
            team = session.get(Team, due.team_id) if due.team_id else None
            ctx = Context(
                session=session,
                event=None,
                now=due.due_at,
                trust=trust,
                routes=self.routes,
                team=team,
                platforms=self.platforms,
                warehouse=self.warehouse,
            )
            return [p for p in self._ours(as_posts(ctx, composer(ctx, due))) if isinstance(p, Post)]

    def delivered(self, post: Post, posted: Posted, at: datetime) -> None:
        """Remember where a post that says what it is about landed (at the caller's `at`), so
        replies in its thread, and edits of it, can find it."""
        about = post.about
        if about is None:
            return
        with self.db.session() as session:
            Postings(session).record(post.key, posted, about, at)


def _context(session: Any, event: Event, trust: Trust, routes: RouteTable) -> Context:
    sender = event.by if isinstance(event, Joined) else event.sender
    person = find_person(session, sender) if sender else None
    remember(session, event.origin, event.at)
    actor = load_actor(session, person)
    team = team_for(session, event.origin) or seat_here(session, event.origin)
    if team is None and person is not None:
        mine = teams_of_actor(session, actor)
        team = mine[0] if len(mine) == 1 else None
    if event.origin.private and person is not None:
        link(session, event.origin, "person", person.id, event.at)
    return Context(
        session=session,
        event=event,
        now=event.at,
        trust=trust,
        routes=routes,
        person=person,
        team=team,
        actor=actor,
    )


def as_posts(ctx: Context, answer: Answer) -> list[Outbound]:
    """Every handler's answer as a list of posts: the one place it is normalised."""
    if answer is None:
        return []
    if isinstance(answer, str):
        return [ctx.tell(answer)]
    if isinstance(answer, Post | Edit):
        return [answer]
    return list(answer)


def _foreign(session: Any, event: Event, trust: Trust) -> Post:
    """A request from a workspace or tenant that is not the trust's: refused and audited."""
    session.add(
        Audit(
            at=event.at,
            person_id=None,
            platform=event.origin.platform,
            action="workspace",
            subject=event.origin.platform,
            outcome="denied",
        )
    )
    return _private(
        event,
        f"This workspace isn't connected to {trust.name}'s Huddlebot, so I "
        "can't act on requests from here. Please ask your trust's administrator.",
    )


def _private(event: Event, text: str) -> Post:
    o = event.origin
    sender = event.by if isinstance(event, Joined) else event.sender
    visible_to = None if o.private or sender is None else sender.user_id
    return Post(
        Address(o.platform, o.workspace, o.conversation, o.thread, visible_to, o.reference),
        Text(text),
    )


__all__ = ["Huddlebot", "Command", "Said", "Submission", "Pressed", "Joined"]
