"""Ideas in words: one-line summaries, the full card, and reading numbers and options."""

from __future__ import annotations

import re
from datetime import date

from bot.ideas.lineage import lineage_lines
from bot.ideas.store import Ideas
from bot.stores.tables.ideas import Idea

STATUS_WORDS = {
    "new": "new",
    "reviewing": "being reviewed",
    "testing": "being tested",
    "adopted": "adopted",
    "not_adopted": "not adopted",
    "parked": "parked",
}
OPTION = re.compile(
    r"(?:^|\s)(measure|from|start|review|owner|try|expect|note|next|learned|study)[=:]",
    re.IGNORECASE,
)
BARE_NOTE = re.compile(r"(?:^|\s)note\s+", re.IGNORECASE)  # `… note the rest` = `note=the rest`
SHORT = 80
SINGLE = ("measure", "from", "start", "review", "next")


def number_in(text: str) -> int | None:
    """`12` or `#12` at the start of the text."""
    match = re.match(r"\s*#?(\d{1,9})\b", text)
    return int(match.group(1)) if match else None


def options(text: str) -> tuple[dict[str, str], str]:
    """`key=value` options (a value runs to the next option) and the free text before them."""
    parts = OPTION.split(BARE_NOTE.sub(" note=", text))
    free, found = [_unnoted(parts[0])], {}
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        key, value = key.lower(), value.strip()
        if key in SINGLE:  # one word; anything after it is more note
            value, rest = first_word(value)
            free.append(_unnoted(rest))
        found[key] = value
    if "note" in found:
        free.append(found.pop("note"))
    return found, " ".join(f for f in free if f)


def _unnoted(text: str) -> str:
    text = text.strip()
    return text[5:].strip() if text.lower().startswith("note ") or text.lower() == "note" else text


def first_word(value: str) -> tuple[str, str]:
    """The first word of an option's value and what follows it (more note)."""
    head, _, rest = value.strip().partition(" ")
    return head, rest.strip()


def when(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "—"


def short(text: str, limit: int = SHORT) -> str:
    """One line of at most `limit` characters, cut at a word where one is near."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def posted_line(ideas: Ideas, idea: Idea) -> str:
    return f"Idea #{idea.number} from {ideas.name_of(idea.author_id)}: {idea.text}"


def list_line(ideas: Ideas, idea: Idea, supported: int) -> str:
    team = ideas.team(idea.team_id)
    count = f"{supported} supporter" + ("" if supported == 1 else "s")
    return (
        f"#{idea.number} [{STATUS_WORDS[idea.status]}] {team.name if team else '?'}: "
        f"{short(idea.text)} ({count})"
    )


def plan_text(ideas: Ideas, idea: Idea) -> str:
    measure = ideas.measure_of(idea)
    parts = [f"trying: {idea.plan_try or idea.text}"]
    if idea.plan_expect:
        parts.append(f"expecting: {idea.plan_expect}")
    parts.append(f"measure: {measure.name if measure else 'none linked'}")
    parts.append(f"from {when(idea.test_start)}, review on {when(idea.review_on)}")
    return "; ".join(parts)


def card(ideas: Ideas, idea: Idea) -> str:
    """Everything about one idea, for `/idea show`."""
    team = ideas.team(idea.team_id)
    measure = ideas.measure_of(idea)
    backers = ideas.supporters(idea)
    lines = [idea.text]
    if idea.why:
        lines.append(f"Why: {idea.why}")
    lines += [
        f"Team: {team.name if team else '?'} · Status: {STATUS_WORDS[idea.status]}",
        f"Author: {ideas.name_of(idea.author_id)} · "
        f"Owner: {ideas.name_of(idea.owner_id) if idea.owner_id else 'nobody yet'}",
        f"Measure: {measure.name if measure else 'none linked'}",
        f"Supporters ({len(backers)}): {', '.join(backers) if backers else 'none yet'}",
    ]
    if idea.test_start:
        lines.append("Test of change: " + plan_text(ideas, idea))
    if idea.study or idea.next_step:
        lines.append(f"Learned: {idea.study or '—'} · Next: {idea.next_step or '—'}")
    lines += lineage_lines(ideas, idea, STATUS_WORDS)
    lines.append("History:")
    for change in ideas.history(idea):
        step = (
            "posted"
            if not change.from_status
            else "reviewed"
            if change.from_status == change.to_status
            else f"{STATUS_WORDS[change.from_status]} → {STATUS_WORDS[change.to_status]}"
        )
        note = f": {change.note}" if change.note and change.note != "posted" else ""
        who = ideas.name_of(change.person_id)
        lines.append(f"  {when(change.at.date())} {step} by {who}{note}")
    return "\n".join(lines)
