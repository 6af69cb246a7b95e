"""Where an anonymous answer may come from, and what is said about it.

Only a private route takes one: the huddle form (a modal or card, submitted to the bot alone)
or a one-to-one chat with the bot. Typed where others can read it (a channel, a thread) it is
refused privately, with the way to answer. It is taken for the open day only, and nobody but
the person who answered hears about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.context import Context
from bot.events import Event, Submission
from bot.huddle import anonymous
from bot.huddle.days import written
from bot.huddle.kinds import Typed
from bot.huddle.measures import label
from bot.huddle.record import Saved
from bot.stores.tables.core import Measure, Team

Value = tuple[Measure, Typed]


def private_route(event: Event | None) -> bool:
    """A form submission or a one-to-one chat: nobody else sees what was answered."""
    return isinstance(event, Submission) or (event is not None and event.origin.private)


def how_to_answer(ctx: Context) -> str:
    """The private ways to give an anonymous answer on this platform."""
    form = "in the huddle form (`/huddle`, or Record under the prompt)"
    if ctx.platform == "console":
        return f"Answer it {form}."
    return f"Answer it {form}, or in a direct message to me."


def sort_out(ctx: Context, team: Team, day: date, values: Sequence[Value]) -> tuple[list, list]:
    """The values that may be saved, and a private sentence for each anonymous one that may not
    (typed where others see it, or for a day whose answers have closed)."""
    kept: list[Value] = []
    notes: list[str] = []
    for measure, value in values:
        if not measure.anonymous:
            kept.append((measure, value))
        elif not private_route(ctx.event):
            ctx.audit("huddle.anonymous", f"team:{team.id}", "refused")
            notes.append(
                f"{label(measure).capitalize()} is anonymous, so I did not record it here, where "
                f"others can see it. {how_to_answer(ctx)}"
            )
        elif day != anonymous.open_day(team, ctx.now):
            notes.append(
                f"{label(measure).capitalize()} answers for {written(day)} have closed: only "
                "today's can be given."
            )
        else:
            kept.append((measure, value))
    return kept, notes


def split(saved: Sequence[Saved]) -> tuple[list[Saved], list[Saved]]:
    """(what may be confirmed to everyone, the anonymous answers only their giver hears of)."""
    return [s for s in saved if not s.measure.anonymous], [s for s in saved if s.measure.anonymous]


def noted(secret: Sequence[Saved]) -> str:
    """The private word to the person who answered: never their value, never to anyone else."""
    names = " and ".join(label(s.measure) for s in secret)
    return (
        f"Your {names} answer is in, anonymously. The day's figure is shown after midnight, and "
        f"only if {anonymous.MIN_ANSWERS} or more people answered."
    )
