"""`/idea search <words>`: ideas across the trust, adopted ones first, then grouped by measure.

PostgreSQL ranks with its own full-text search (`to_tsvector`/`plainto_tsquery`, English
stemming, so "falls" finds "fall"); SQLite, which has none built in, matches every word (and its
singular) anywhere in the idea, its reason, its plan, what was learned or its measure's name.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.ideas.store import support_counts
from bot.ideas.words import STATUS_WORDS, short
from bot.messages import Outbound
from bot.stores.tables.core import Measure, Team
from bot.stores.tables.ideas import Idea

LIMIT = 15
LONGEST = 200
USAGE = "What are you looking for? Use `/idea search red socks` or `/idea search falls`."


def search(ctx: Context, args: str) -> list[Outbound] | str:
    words = " ".join(args.split())
    if len(words) > LONGEST:
        return f"Keep a search under {LONGEST} characters."
    if not _terms(words):
        return USAGE
    found = matching(ctx.session, ctx.trust.id, words)
    ctx.audit("idea.search", "", "ok")
    if not found:
        nothing = f"No idea in the trust matches '{words}'. Post one with `/idea <your idea>`."
        return [ctx.tell(nothing)]
    shown = found[:LIMIT]
    counts = support_counts(ctx.session, [i for i, _ in shown])
    teams = dict(ctx.session.execute(select(Team.id, Team.name)).tuples().all())
    lines = []
    for idea, measure in shown:
        on = f" · {measure}" if measure else ""
        lineage = " (taken up from another team)" if idea.origin_id else ""
        backers = counts.get(idea.id, 0)
        lines.append(
            f"#{idea.number} [{STATUS_WORDS[idea.status]}] {teams.get(idea.team_id, '?')}{on}: "
            f"{short(idea.text)}{lineage} ({backers} supporter{'' if backers == 1 else 's'})"
        )
    if len(found) > LIMIT:
        lines.append(f"… and {len(found) - LIMIT} more: add a word to narrow it down.")
    lines.append("See one with `/idea show 12`; take an adopted one up with `/idea adopt 12`.")
    heading = f"Ideas matching '{short(words, 40)}' ({len(found)})"
    return [ctx.tell("\n".join(lines), heading=heading)]


def matching(session: Session, trust_id: int, words: str) -> list[tuple[Idea, str]]:
    """(idea, measure name) for every match: adopted first, then by measure, best match first."""
    parts = (Idea.text, Idea.why, Idea.plan_try, Idea.study, Measure.name)
    document: ColumnElement[str] = func.coalesce(parts[0], "")
    for part in parts[1:]:
        document = document + " " + func.coalesce(part, "")
    query = (
        select(Idea, func.coalesce(Measure.name, ""))
        .outerjoin(Measure, Measure.id == Idea.measure_id)
        .where(Idea.trust_id == trust_id)
    )
    rank: Any
    if session.get_bind().dialect.name == "postgresql":
        vector = func.to_tsvector("english", document)
        terms = func.plainto_tsquery("english", words)
        query = query.where(vector.op("@@")(terms))
        rank = func.ts_rank(vector, terms)
    else:
        query = query.where(*[_anywhere(document, term) for term in _terms(words)])
        rank = literal(0)
    adopted_first = (Idea.status != "adopted").label("later")
    no_measure_last = (Idea.measure_id.is_(None)).label("unmeasured")
    query = query.order_by(
        adopted_first,
        no_measure_last,
        func.coalesce(Measure.name, ""),
        rank.desc(),
        Idea.number.desc(),
    )
    return [(idea, measure) for idea, measure in session.execute(query).tuples()]


def _terms(words: str) -> list[str]:
    return [t for t in re.findall(r"[\w']+", words.lower()) if len(t) > 1]


def _anywhere(document: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """The word, or its singular, anywhere in the document (case-insensitive)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stem = escaped[:-1] if len(escaped) > 3 and escaped.endswith("s") else escaped
    lowered = func.lower(document)
    return or_(lowered.like(f"%{stem}%", escape="\\"), lowered.like(f"%{escaped}%", escape="\\"))
