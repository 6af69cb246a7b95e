"""The summary matrix in words (its alt text): which team's measure signals, and which way."""

from __future__ import annotations

from bot.spc.drawing.spec import SummaryRow, SummarySpec

SIGNAL_WORDS = {
    "improvement_high": "improvement, higher",
    "improvement_low": "improvement, lower",
    "concern_high": "concern, higher",
    "concern_low": "concern, lower",
    "neutral_high": "higher, neither better nor worse",
    "neutral_low": "lower, neither better nor worse",
}


def _name(row: SummaryRow) -> str:
    return f"{row.team} {row.measure}"


def summary_alt(spec: SummarySpec) -> str:
    """Title, part, how many rows, each special cause by team, measure and direction, each
    target consistently missed, and what has no verdict."""
    count = len(spec.rows)
    parts = [f"{spec.title}." + (f" {spec.note}." if spec.note else "")]
    parts.append(f"Matrix of {count} measure" + ("" if count == 1 else "s") + ".")
    signals = [
        f"{_name(r)} ({SIGNAL_WORDS[r.variation_icon]})"
        for r in spec.rows
        if r.variation_icon in SIGNAL_WORDS
    ]
    parts.append(
        f"Special cause: {'; '.join(signals)}." if signals else "No measure shows a special cause."
    )
    missed = [_name(r) for r in spec.rows if r.assurance_icon == "fail"]
    if missed:
        parts.append(f"Target consistently missed: {'; '.join(missed)}.")
    empty = [
        f"{_name(r)}: {r.state}" for r in spec.rows if r.state in ("too few points", "no data")
    ]
    if empty:
        parts.append("; ".join(empty) + ".")
    return " ".join(parts)
