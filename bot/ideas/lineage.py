"""An idea's lineage: the idea it was taken up from, where it was shared, and every other team
that tried the same idea (from the first team's original down), with how each test went."""

from __future__ import annotations

from bot.ideas.store import Ideas
from bot.stores.tables.ideas import Idea

DEPTH = 20  # an idea taken up from one taken up from … (a guard against a loop)


def origin_of(ideas: Ideas, idea: Idea) -> Idea:
    """The first team's idea this one descends from (itself when it is an original)."""
    seen = {idea.id}
    while idea.origin_id is not None and len(seen) < DEPTH:
        parent = ideas.get(idea.origin_id)
        if parent is None or parent.id in seen:
            break
        seen.add(parent.id)
        idea = parent
    return idea


def family(ideas: Ideas, root: Idea) -> list[Idea]:
    """Every idea taken up from `root`, directly or through another team, in number order."""
    found: list[Idea] = []
    frontier = [root.id]
    for _ in range(DEPTH):
        children = [c for c in ideas.taken_up_from(frontier) if c.id != root.id and c not in found]
        if not children:
            break
        found += children
        frontier = [c.id for c in children]
    return sorted(found, key=lambda i: i.number)


def shared_with(ideas: Ideas, idea: Idea) -> list[str]:
    """Where the idea was shared, in words, in order."""
    words = []
    for share in ideas.shares(idea):
        if share.scope == "all":
            words.append("the whole trust")
            continue
        if share.scope == "team":
            name = ideas.team_name_keyed(idea.trust_id, share.scope_key)
        else:
            division = ideas.division_keyed(idea.trust_id, share.scope_key)
            name = division.name if division else None
        words.append(name or share.scope_key)
    return words


def lineage_lines(ideas: Ideas, idea: Idea, status_words: dict[str, str]) -> list[str]:
    """The card's lines about where the idea came from and where it went; [] for a lone idea."""
    names = ideas.team_names()
    lines = []
    if idea.origin_id is not None:
        parent = ideas.get(idea.origin_id)
        if parent is not None:
            lines.append(
                f"Taken up from: {names.get(parent.team_id, '?')}'s idea #{parent.number} "
                f"({status_words[parent.status]})"
            )
    places = shared_with(ideas, idea)
    if places:
        lines.append("Shared with: " + ", ".join(places))
    root = origin_of(ideas, idea)
    others = [i for i in [root, *family(ideas, root)] if i.id != idea.id]
    others = [i for i in others if i.id != idea.origin_id]
    if others:
        tried = []
        for other in others:
            result = status_words[other.status]
            if other.study:
                result += f"; learned: {other.study}"
            tried.append(f"{names.get(other.team_id, '?')} as #{other.number} ({result})")
        lines.append("Also tried by: " + "; ".join(tried))
    return lines
