"""How long the patient-identifier guard takes on one text: a typical ward sentence (the test
corpus), a 2,000-character idea (the longest a field takes) and a 40,000-character message (the
most Slack sends). Every inbound event goes through it before any handler runs.

    .venv/bin/python bench/guard_bench.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from bot.guard import check_text

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2027, 3, 2)


def _corpus() -> list[str]:
    lines = (ROOT / "tests" / "privacy" / "ward_corpus.txt").read_text().splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _timed(texts: list[str], repeat: int) -> float:
    """The median time, in milliseconds, to check every text in `texts` once."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            check_text(text, (), limit=10**6, today=TODAY)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000 / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    corpus = _corpus()
    idea = " ".join(corpus)[:2000]
    longest = (" ".join(corpus) * 10)[:40000]
    print(f"ward sentence (mean of {len(corpus)}): {_timed(corpus, repeat):.3f} ms")
    print(f"2,000-character text: {_timed([idea], repeat):.2f} ms")
    print(f"40,000-character text: {_timed([longest], max(3, repeat // 4)):.1f} ms")


if __name__ == "__main__":
    main()
