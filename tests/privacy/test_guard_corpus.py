"""Over-blocking is a defect: a corpus of ordinary ward sentences passes the guard with zero
false refusals (on their own, and as one long message)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.guard import check_text

TODAY = date(2027, 3, 2)
CORPUS = [
    line
    for line in (Path(__file__).parent / "ward_corpus.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def test_the_corpus_is_big_enough_to_mean_something() -> None:
    assert len(CORPUS) >= 100


def test_no_ordinary_ward_sentence_is_refused() -> None:
    refused = {s: r.kind for s in CORPUS if (r := check_text(s, (), today=TODAY))}
    assert refused == {}


def test_nor_are_they_refused_in_html_as_teams_sends_them() -> None:
    refused = [
        s for s in CORPUS if check_text(f"<p>{s.replace(' ', '&nbsp;')}</p>", (), today=TODAY)
    ]
    assert refused == []
