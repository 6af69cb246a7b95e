"""`/huddle board` in a division's or the trust's channel: that tier's board — its own (and
derived) measures as on a team's board, then what the tier reviews."""

from __future__ import annotations

from bot.context import Context
from bot.huddle.board import board, measure_lines
from bot.huddle.days import written
from bot.huddle.huddle_log import held_days
from bot.huddle.measures import team_measures
from bot.messages import Outbound, Text
from bot.stores.tables.core import Team
from bot.tiers.prompt import review_text
from bot.tiers.review import tier_word
from bot.tiers.seats import is_seat


def tier_board(ctx: Context, seat: Team) -> list[Outbound]:
    today = ctx.local_now(seat).date()
    lines: list[str] = []
    for measure in team_measures(ctx.session, seat):
        lines += measure_lines(ctx.session, measure, today)
    if not lines:
        lines.append("No measures of its own yet (`measures:` under the division in the file).")
    lines.append(
        f"{tier_word(seat).capitalize()} huddles held: "
        f"{held_days(ctx.session, seat, today)} of the last 7 days"
    )
    lines += review_text(ctx, seat)
    heading = f"{seat.name} {tier_word(seat)} board, {written(today)}"
    return [ctx.show(Text("\n".join(lines), heading))]


def board_here(ctx: Context, args: str) -> list[Outbound]:
    """`/huddle board`: a division's or the trust's channel shows that tier's board."""
    seat = ctx.team if is_seat(ctx.team) else None
    if seat is not None:
        return tier_board(ctx, seat)
    return board(ctx, args)
