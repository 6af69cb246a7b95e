"""The one short reply after recording: what was saved, and what was not and why."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from bot.context import Context
from bot.huddle.days import written
from bot.huddle.kinds import kind_of
from bot.huddle.record import Saved
from bot.huddle.values import Problem, shown
from bot.stores.tables.core import Team

log = logging.getLogger(__name__)


def saved_phrase(item: Saved) -> str:
    text = shown(item.measure, item.typed)
    if item.was is not None and item.was != item.value:
        text += f" (was {kind_of(item.measure).figure(item.measure, item.was)})"
    return text


def confirmation(team: Team, day: date, saved: Sequence[Saved]) -> str:
    """`Recorded for Ward 7, Mon 1 Mar: falls 1 · staffing 92%` (anonymous answers never)."""
    return f"Recorded for {team.name}, {written(day)}: " + " · ".join(map(saved_phrase, saved))


def problems_text(problems: Sequence[Problem]) -> str:
    lines = [f"Not recorded: {p.text}." for p in problems]
    return "\n".join(lines)


def after_record(ctx: Context, team: Team, day: date, saved: Sequence[Saved]) -> list[str]:
    """Lines other capabilities add under a confirmation (e.g. an SPC signal), from the
    hooks in the bot's route table."""
    lines: list[str] = []
    for hook in ctx.routes.after_record:
        try:
            lines += [line for line in hook(ctx, team, day, list(saved)) or [] if line]
        except Exception:  # another capability's bug must not lose the confirmation
            log.exception("after-record hook failed")
    return lines
