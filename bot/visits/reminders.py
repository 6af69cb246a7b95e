"""What the scheduler brings for visits: the leader's reminders with the pre-visit pack (a week
before and that morning), the team's notice two days before, the prompt for notes that afternoon,
and the one nudge for an overdue action."""

from __future__ import annotations

from bot.addresses import addresses_of, places_or_nowhere, team_addresses
from bot.context import Context
from bot.messages import Address, Button, Post, Text
from bot.schedule import Due
from bot.schedule.visit_timers import MORNING
from bot.stores.tables.core import Person, Team
from bot.stores.tables.visits import Visit
from bot.visits.pack import pre_visit_pack
from bot.visits.store import names
from bot.visits.words import day_text, when, who

DECLINE = "visit.decline"
NOTES_FORM = "visit.notes"


def _leader_visit(ctx: Context, due: Due) -> tuple[Visit, Team, Person] | None:
    """The visit and leader a reminder is for, if the visit is still planned with them on it."""
    parts = due.ref.split(":")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    visit = ctx.visits.find(ctx.trust.id, int(parts[1]))
    person = ctx.visits.person(int(parts[2]))
    if visit is None or person is None or visit.status != "planned":
        return None
    if person.name not in names(visit):
        return None
    return visit, ctx.visits.team(visit.team_id), person  # type: ignore[return-value]


def _to_person(person_id: int, message: Text, key: str, ctx: Context) -> list[Post]:
    places: list[Address] = addresses_of(ctx.session, "person", person_id)
    return [Post(a, message, key=f"{key}:{i}") for i, a in enumerate(places)]


def compose_leader_reminder(ctx: Context, due: Due) -> list[Post]:
    """A week before and on the morning: who, where, when, and the pack."""
    found = _leader_visit(ctx, due)
    if found is None:
        return []
    visit, team, person = found
    today = ctx.local_now(team).date()
    pack = pre_visit_pack(ctx.visits, team, today, visit.day)
    others = [n for n in names(visit) if n != person.name]
    company = f" with {', '.join(others)}" if others else ""
    opening = "Today" if due.kind == MORNING else "In a week"
    text = (
        f"{opening}: your leadership visit to {team.name}, {when(visit)}{company} "
        f"(visit {visit.number}).\n\n{pack}\n\n"
        f"Can't make it? Press Decline, or type `/visit decline {visit.number} <reason>` "
        f"or `/visit swap {visit.number} with <name>`."
    )
    buttons = (Button("Decline", DECLINE, str(visit.number), "danger"),)
    message = Text(text, f"Pre-visit pack: {team.name}", buttons)
    return _to_person(person.id, message, f"visit-pack:{visit.number}:{due.kind}", ctx)


def compose_team_notice(ctx: Context, due: Due) -> list[Post]:
    """Two days before: the team hears who is coming and when."""
    number = due.ref.removeprefix("visit:")
    visit = ctx.visits.find(ctx.trust.id, int(number)) if number.isdigit() else None
    if visit is None or visit.status != "planned" or not names(visit):
        return []
    team = ctx.visits.team(visit.team_id)
    if team is None:
        return []
    text = (
        f"{who(visit)} will visit {team.name} on {when(visit)} (a leadership visit). "
        "A chance to show your huddle board, your measures and the ideas you are testing, "
        "and to say what would help."
    )
    message = Text(text, "A leadership visit is coming")
    places = places_or_nowhere(team_addresses(ctx.session, team), team, "visit notice")
    return [Post(a, message, key=f"visit-notice:{visit.number}:{i}") for i, a in enumerate(places)]


def compose_notes_prompt(ctx: Context, due: Due) -> list[Post]:
    """The afternoon of the visit: ask the leader for short notes, unless they gave them."""
    found = _leader_visit(ctx, due)
    if found is None:
        return []
    visit, team, person = found
    if ctx.visits.has_notes_from(visit, person):
        return []
    text = (
        f"How was your visit to {team.name} today? A few lines help the team and the next "
        "visitor: what you saw, what was good, and what you will do (each action with an owner "
        f"and a date).\nPress the button, or type `/visit notes {visit.number} saw=… good=… "
        "action=… owner=… due=2027-02-01`."
    )
    button = Button("Add notes", f"open:{NOTES_FORM}", str(visit.number), "primary")
    message = Text(text, f"Notes from your visit to {team.name}", (button,))
    return _to_person(person.id, message, f"visit-notes:{visit.number}", ctx)


def compose_overdue(ctx: Context, due: Due) -> list[Post]:
    """Once, the morning after an action's date: remind its owner if it is still open."""
    number = due.ref.removeprefix("action:")
    if not number.isdigit():
        return []
    action = ctx.visits.action(ctx.trust.id, int(number))
    if action is None or action.status != "open" or action.owner_id is None:
        return []
    visit = ctx.visits.get(action.visit_id)
    team = ctx.visits.team(visit.team_id) if visit else None
    if visit is None or team is None:
        return []
    text = (
        f"Action {action.number} from the leadership visit to {team.name} on "
        f"{day_text(visit.day)} was due on {day_text(action.due)}: {action.text}\n"
        f"When it is done, type `/visit action done {action.number}` and the team will hear."
    )
    message = Text(text, "A visit action is overdue")
    return _to_person(action.owner_id, message, f"visit-action:{action.number}", ctx)


def compose_cancelled(ctx: Context, due: Due) -> list[Post]:
    """A visit taken off the rota: each leader on it hears privately, and the team's channels."""
    number = due.ref.removeprefix("visit:")
    visit = ctx.visits.find(ctx.trust.id, int(number)) if number.isdigit() else None
    team = ctx.visits.team(visit.team_id) if visit else None
    if visit is None or team is None or visit.status == "planned":
        return []
    text = (
        f"The leadership visit to {team.name} on {when(visit)} with {who(visit)} "
        f"(visit {visit.number}) is cancelled: a new rota was applied. "
        "Calendars that imported the rota update when it is imported again."
    )
    message = Text(text, "A leadership visit is cancelled")
    posts: list[Post] = []
    for name in names(visit):
        person = ctx.visits.person_named(ctx.trust.id, name)
        if person is not None:
            key = f"visit-cancelled:{visit.number}:p{person.id}"
            posts += _to_person(person.id, message, key, ctx)
    places = places_or_nowhere(team_addresses(ctx.session, team), team, "visit cancellation")
    key = f"visit-cancelled:{visit.number}:team"
    return posts + [Post(a, message, key=f"{key}:{i}") for i, a in enumerate(places)]
