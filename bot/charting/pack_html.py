"""The board pack as one self-contained HTML page: charts inline as data URIs, no network, no
script, print-friendly, with table markup and alt text for screen readers."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date
from html import escape

from bot.charting.matrix import needs_attention, state_of
from bot.charting.pack import Pack, PackDivision, PackMeasure
from bot.charting.summary import SummaryLine

# Making Data Count colours, with a text colour readable on each
IMPROVEMENT, CONCERN, COMMON, NEUTRAL = "#00b0f0", "#e46c0a", "#a6a6a6", "#490092"
VARIATION_BADGES = {  # icon -> (words, background, text colour)
    "common_cause": ("Common cause", COMMON, "#000000"),
    "improvement_high": ("Improvement ↑", IMPROVEMENT, "#000000"),
    "improvement_low": ("Improvement ↓", IMPROVEMENT, "#000000"),
    "concern_high": ("Concern ↑", CONCERN, "#000000"),
    "concern_low": ("Concern ↓", CONCERN, "#000000"),
    "neutral_high": ("Higher ↑", NEUTRAL, "#ffffff"),
    "neutral_low": ("Lower ↓", NEUTRAL, "#ffffff"),
}
ASSURANCE_BADGES = {
    "pass": ("Meets target", IMPROVEMENT, "#000000"),
    "fail": ("Fails target", CONCERN, "#000000"),
    "inconsistent": ("Hit and miss", COMMON, "#000000"),
}
MATRIX_HEADINGS = (
    "Division", "Team", "Measure", "Variation", "Assurance", "Latest", "Date", "Target", "Chart",
)  # fmt: skip
CHART_WORDS = {"xmr": "XmR", "t": "T-chart", "g": "G-chart", "run": "Run chart", "none": "—"}

CSS = """
body{font-family:"Segoe UI",Arial,Helvetica,sans-serif;color:#1d1d1b;margin:24px auto;
max-width:1100px;padding:0 16px;line-height:1.4}
h1{font-size:28px;margin:0 0 4px;color:#005eb8}h2{font-size:22px;color:#005eb8;
border-bottom:3px solid #005eb8;padding-bottom:4px;margin-top:32px}
h3{font-size:18px;margin:24px 0 4px}
p.lede{margin:0 0 16px;color:#425563}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}
caption{text-align:left;font-weight:bold;padding:6px 0;font-size:15px}
th,td{border:1px solid #d8dde0;padding:5px 7px;text-align:left;vertical-align:top}
thead th{background:#f0f4f5}tr.attention td{background:#fff8f2}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:13px;font-weight:600;
white-space:nowrap}.none{color:#425563;font-style:italic}
figure{margin:8px 0}figure img{max-width:100%;height:auto;border:1px solid #d8dde0}
.sentence{font-size:16px;font-weight:600}section.measure{break-inside:avoid;page-break-inside:avoid}
.key span{margin-right:8px}section.measure table{width:auto;min-width:40%}
@media print{body{margin:0;max-width:none;font-size:11pt}
section.division{break-before:page;page-break-before:always}
a{color:inherit;text-decoration:none}tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}}
"""


def _badge(style: tuple[str, str, str]) -> str:
    words, background, colour = style
    return (
        f'<span class="badge" style="background:{background};color:{colour}">{escape(words)}</span>'
    )


def variation_cell(line: SummaryLine) -> str:
    state = state_of(line)
    if line.variation_icon in VARIATION_BADGES:
        return _badge(VARIATION_BADGES[line.variation_icon])
    return f'<span class="none">{escape(state or line.variation.split(" — ")[0])}</span>'


def assurance_cell(line: SummaryLine) -> str:
    if line.assurance_icon in ASSURANCE_BADGES:
        return _badge(ASSURANCE_BADGES[line.assurance_icon])
    return '<span class="none">No target</span>' if line.target is None else "—"


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = str(int(value)) if float(value).is_integer() else f"{value:.3g}"
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()


def day_text(day: date | None) -> str:
    return "—" if day is None else f"{day.day} {day:%b %Y}"


def matrix_row(line: SummaryLine) -> str:
    cells = (
        escape(line.division), escape(line.team), escape(line.measure), variation_cell(line),
        assurance_cell(line), escape(state_of(line) or number(line.latest, line.unit)),
        day_text(line.latest_day), escape(number(line.target, line.unit)),
        CHART_WORDS.get(line.chart, line.chart),
    )  # fmt: skip
    attention = ' class="attention"' if needs_attention(line) else ""
    head = f'<th scope="row">{cells[0]}</th>'
    return f"<tr{attention}>{head}" + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>"


def matrix_table(lines: Iterable[SummaryLine], caption: str) -> str:
    heads = "".join(f'<th scope="col">{h}</th>' for h in MATRIX_HEADINGS)
    body = "\n".join(matrix_row(line) for line in lines)
    return (
        f'<table class="matrix"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{heads}</tr></thead><tbody>\n{body}\n</tbody></table>"
    )


def _source(m: PackMeasure, slot: str) -> str:
    """The image's source: the PNG inline, or the slot the shell fills with it (ChartsFile)."""
    if m.png is not None:
        return "data:image/png;base64," + base64.b64encode(m.png).decode("ascii")
    return f"{slot}{m.chart}:" if m.chart is not None and slot else ""


def _measure(m: PackMeasure, anchor: str, slot: str) -> str:
    line = m.line
    parts = [f'<section class="measure" id="{anchor}">']
    parts.append(f"<h3>{escape(line.measure)} — {escape(line.team)}</h3>")
    parts.append(f"<p>{variation_cell(line)} {assurance_cell(line)}</p>")
    parts.append(f'<p class="sentence">{escape(m.sentence or line.variation)}</p>')
    source = _source(m, slot)
    if source:
        parts.append(
            f'<figure><img src="{source}" alt="{escape(m.alt)}" width="800" height="450"></figure>'
        )
    if m.last_points:
        rows = "".join(
            f'<tr><th scope="row">{day_text(d)}</th><td>{escape(number(v, line.unit))}</td></tr>'
            for d, v in m.last_points
        )
        parts.append(
            f"<table><caption>Last {len(m.last_points)} recorded points</caption>"
            f'<thead><tr><th scope="col">Date</th><th scope="col">Value</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    if m.ideas:
        items = "".join(f"<li>{escape(label)}, from {day_text(d)}</li>" for d, label in m.ideas)
        parts.append(f"<p>Ideas being tested on this measure:</p><ul>{items}</ul>")
    else:
        parts.append("<p>No idea is being tested on this measure.</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _division(index: int, d: PackDivision, slot: str) -> str:
    parts = [f'<section class="division"><h2>{escape(d.name)}</h2>']
    parts += [_measure(m, f"m{index}-{i}", slot) for i, m in enumerate(d.measures)]
    parts.append(f"<h3>Open escalations — {escape(d.name)}</h3>")
    if d.escalations:
        rows = "".join(
            f'<tr><th scope="row">{escape(e.team)}</th><td>{day_text(e.raised)}</td>'
            f"<td>{escape(e.state)}</td><td>{escape(e.text)}</td></tr>"
            for e in d.escalations
        )
        heads = "".join(f'<th scope="col">{h}</th>' for h in ("Team", "Raised", "State", "What"))
        parts.append(
            f"<table><caption>Open escalations in {escape(d.name)}</caption>"
            f"<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append("<p>No open escalations.</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _attention_words(count: int) -> str:
    if count == 0:
        return "none shows a concern or a failing target."
    if count == 1:
        return "1 needs attention and is listed first."
    return f"{count} need attention and are listed first."


def pack_html(pack: Pack, slot: str = "") -> str:
    """The whole pack as one HTML document; charts not drawn yet stand as `slot`N: (see
    `bot.messages.ChartsFile`)."""
    attention = sum(needs_attention(line) for line in pack.lines)
    key = " ".join(_badge(s) for s in (*VARIATION_BADGES.values(), *ASSURANCE_BADGES.values()))
    body = [
        f"<header><h1>{escape(pack.title)}</h1>",
        f'<p class="lede">Board pack as of {day_text(pack.as_of)}: {len(pack.lines)} measures; '
        f"{_attention_words(attention)}</p></header>",
        "<main><section><h2>Making Data Count summary</h2>",
        matrix_table(pack.lines, "Every team's measures, those needing attention first"),
        f'<p class="key">Key: {key}</p></section>',
        *(_division(i, d, slot) for i, d in enumerate(pack.divisions)),
        "</main>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(pack.title)}</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
