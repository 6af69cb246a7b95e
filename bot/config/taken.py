"""A configuration that gives a team's channel to another owner tells that team's leads in chat,
as a trust admin's `/huddle link … move` does: the team would otherwise just stop getting its
prompts there."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.addresses import addresses_of
from bot.config.apply import Taken
from bot.messages import Post, Text
from bot.people import team_leads
from bot.stores.tables.core import Team


def tell_leads(session: Session, taken: list[Taken], key: str) -> list[Post]:
    """A private word to each lead of each team that lost a channel; `key` names this apply, so
    each message is queued once."""
    posts: list[Post] = []
    for n, lost in enumerate(taken):
        team = session.get(Team, lost.team_id)
        if team is None:
            continue
        text = (
            f"A configuration change gave the conversation {lost.conversation} on "
            f"{lost.platform.title()}, which was {team.name}'s huddle channel, to "
            f"{lost.given_to}. {team.name} has no huddle channel there any more: please link "
            f"another one with `/huddle link {team.key}`, or ask a trust admin to add it to "
            "the configuration."
        )
        for lead in team_leads(session, team):
            for i, place in enumerate(addresses_of(session, "person", lead.id)):
                posts.append(
                    Post(place, Text(text, "Huddle channel moved"), key=f"{key}:{n}:{lead.id}:{i}")
                )
    return posts
