"""`/idea search <words>`: ideas across the trust, adopted ones first, then grouped by measure.

PostgreSQL ranks with its own full-text search (`to_tsvector`/`plainto_tsquery`, English
stemming, so "falls" finds "fall"); SQLite, which has none built in, matches every word (and its
singular) anywhere in the idea, its reason, its plan, what was learned or its measure's name.
"""

from __future__ import annotations

from bot.context import Context
from bot.ideas.lookups import search_terms
from bot.ideas.words import STATUS_WORDS, short
from bot.messages import Outbound

LIMIT = 15
LONGEST = 200
USAGE = "What are you looking for? Use `/idea search red socks` or `/idea search falls`."


def search(ctx: Context, args: str) -> list[Outbound] | str:
    words = " ".join(args.split())
    if len(words) > LONGEST:
        return f"Keep a search under {LONGEST} characters."
    if not search_terms(words):
        return USAGE
    found = ctx.ideas.search(ctx.trust.id, words)
    ctx.audit("idea.search", "", "ok")
    if not found:
        nothing = f"No idea in the trust matches '{words}'. Post one with `/idea <your idea>`."
        return [ctx.tell(nothing)]
    shown = found[:LIMIT]
    counts = ctx.ideas.support_counts([i for i, _ in shown])
    teams = ctx.ideas.team_names()
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
