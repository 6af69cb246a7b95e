"""`/huddle report [division]`: the board pack as an HTML file, for senior leaders and
improvement leads (and trust admins)."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy.orm import Session

from bot.charting.matrix import needs_attention
from bot.charting.pack import Pack, Render, build_pack, render_here
from bot.charting.pack_html import pack_html
from bot.charting.queries import division_named, ward_teams
from bot.context import Context
from bot.messages import Attachment, ChartsFile, Outbound
from bot.stores.tables.core import Division, Trust

READERS = ("senior_leader", "improvement_lead", "trust_admin")


def pack_of(
    session: Session,
    trust: Trust,
    as_of_day: date,
    division: Division | None,
    render: Render | None = render_here,
) -> Pack:
    """The trust's pack (one division's when given) as of a day; `render` None leaves its
    charts to the shell (`pack_charts_file`)."""
    teams = ward_teams(session, trust.id, division)
    where = division.name if division is not None else trust.name
    return build_pack(session, teams, as_of_day, f"{where} — board pack", render)


def _name_and_alt(pack: Pack, key: str) -> tuple[str, str]:
    """The pack's file name, and alt text that says what is in it and how to open it."""
    attention = sum(needs_attention(line) for line in pack.lines)
    name = f"board-pack-{key}-{pack.as_of.isoformat()}.html"
    alt = (
        f"{pack.title}, {pack.as_of.day} {pack.as_of:%b %Y}: {len(pack.lines)} measures, "
        f"{attention} needing attention. Open {name} in a web browser to read or print it. "
        "If no file shows here, ask your Huddlebot administrator for the same pack from "
        "`huddlebot report`."
    )
    return name, alt


def pack_file(pack: Pack, key: str) -> Attachment:
    """The pack, its charts drawn, as a file to post or write."""
    name, alt = _name_and_alt(pack, key)
    return Attachment(name, pack_html(pack).encode("utf-8"), alt)


def pack_charts_file(pack: Pack, key: str) -> ChartsFile:
    """The pack as a file whose charts the shell draws with its render pool when it sends it;
    the slot is new for every pack, so no text in the pack can stand for a chart."""
    name, alt = _name_and_alt(pack, key)
    slot = f"chart-{secrets.token_hex(8)}-"
    return ChartsFile(name, pack_html(pack, slot), pack.charts, alt, slot)


def report(ctx: Context, args: str) -> list[Outbound]:
    """Post the board pack to the person who asked."""
    word = args.strip()
    if not ctx.actor.has_any(*READERS):
        return ctx.refuse(
            "huddle.report",
            "",
            "The board pack is for senior leaders and improvement leads. "
            "`/huddle summary` shows your own teams' measures.",
        )
    division = division_named(ctx.session, ctx.trust.id, word) if word else None
    if word and division is None:
        return [ctx.tell(f"There is no division called “{word}”.")]
    pack = pack_of(ctx.session, ctx.trust, ctx.local_now().date(), division, render=None)
    if not pack.lines:
        return [ctx.tell("There are no measures to put in a board pack yet.")]
    ctx.audit("huddle.report", f"division:{division.id}" if division else "")
    key = division.key if division is not None else "trust"
    return [ctx.show(pack_charts_file(pack, key), private=True)]
