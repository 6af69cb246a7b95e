"""One verdict for every view: many kinds of series (rare events, a shift, a constant, a short
series, a gap, nothing at all) each give the same chart type, verdict words and icons on the
chart image, its alt text, the board, the line after a record, `/huddle summary`, the CSV
export, the weekly digest and the PDSA chart; and the window shown never moves the limits."""

from __future__ import annotations

import csv
import io
import math
import random
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from charts_kit import NOW, TODAY, Ward, only_chart, only_summary, texts
from sqlalchemy import delete, select

from bot.charting.analysis import analyse
from bot.charting.summary_csv import summary_csv, summary_for_export
from bot.charting.words import VARIATION_WORDS
from bot.ideas.chart import measure_chart as pdsa_chart
from bot.ideas.store import Ideas
from bot.messages import Chart, Post
from bot.schedule import Due
from bot.spc.drawing.render import _chart as _chart_figure
from bot.spc.drawing.render import render_png
from bot.spc.drawing.spec import ChartSpec
from bot.stores.tables.core import Measure, Reading, Team


def _rare(rng: random.Random, n: int = 90, p: float = 0.15) -> list[float | None]:
    return [float(rng.random() < p) for _ in range(n)]


def _shift(rng: random.Random) -> list[float | None]:
    return [float(round(rng.gauss(50, 3))) for _ in range(50)] + [
        float(round(rng.gauss(38, 3))) for _ in range(30)
    ]


def _gappy(rng: random.Random) -> list[float | None]:
    values: list[float | None] = [float(round(rng.gauss(50, 4))) for _ in range(60)]
    values[30:40] = [None] * 10
    return values


def _rising_rare(rng: random.Random) -> list[float | None]:
    return _rare(rng, 60, 0.1) + _rare(rng, 45, 0.6)


SERIES = {  # key: (kind, direction, values ending yesterday; today's value is recorded in chat)
    "rarity": ("count", "down", _rare),
    "rising": ("count", "down", _rising_rare),
    "shifted": ("number", "down", _shift),
    "flat": ("number", "up", lambda rng: [5.0] * 40),
    "brief": ("number", "up", lambda rng: [3.0, 5.0, 4.0, 6.0]),
    "holey": ("number", "neutral", _gappy),
    "fullness": (
        "percent",
        "up",
        lambda rng: [float(min(100, round(rng.gauss(97, 2.5)))) for _ in range(60)],
    ),  # fmt: skip
    "weekly": ("count", "down", lambda rng: _rare(rng, 140, 0.4)),  # charted by week
    "empty": ("count", "down", lambda rng: []),
}
TODAYS = {"weekly": "1", "rarity": "0", "rising": "1", "shifted": "37", "flat": "5", "brief": "5",
          "holey": "51", "fullness": "98%"}  # fmt: skip


def _add_measures(ward: Ward, seed: int) -> None:
    rng = random.Random(seed)
    with ward.runtime.db.session() as s:
        team = s.scalar(select(Team).where(Team.key == "ward-7"))
        assert team is not None
        for i, (key, (kind, direction, make)) in enumerate(SERIES.items()):
            target = 95.0 if key == "fullness" else None
            m = Measure(team_id=team.id, key=key, name=key.capitalize(), kind=kind,
                        direction=direction, target=target, position=100 + i, active=True,
                        anonymous=False, unit="",
                        aggregate="week" if key == "weekly" else "day")  # fmt: skip
            s.add(m)
            s.flush()
            values = make(rng)
            first = TODAY - timedelta(days=len(values))
            s.add_all(
                Reading(
                    measure_id=m.id,
                    day=first + timedelta(days=j),
                    value=v,
                    recorded_at=NOW,
                    source="import",
                )  # fmt: skip
                for j, v in enumerate(values)
                if v is not None
            )


def _chart(ward: Ward, key: str, days: str = "") -> tuple[Chart, ChartSpec]:
    _, chart, spec = only_chart(ward.say("Demo Nurse", f"/huddle chart {key} {days}".strip()))
    return chart, spec


@pytest.mark.parametrize("seed", [3, 11])
def test_every_view_gives_the_same_verdict(ward: Ward, seed: int) -> None:
    _add_measures(ward, seed)
    recorded = {}
    for key, value in TODAYS.items():
        [said] = texts(ward.say("Demo Nurse", f"/huddle {key} {value}"))
        assert said.startswith("Recorded for Ward 7, Mon 1 Mar"), said
        recorded[key] = said.split("\n")[1:]
    [board] = texts(ward.say("Demo Nurse", "/huddle board"))
    summary = {
        r.measure: r for r in only_summary(ward.say("Demo Nurse", "/huddle summary"))[1].rows
    }
    with ward.runtime.db.session() as s:
        exported = {
            r["measure"]: r
            for r in csv.DictReader(io.StringIO(summary_csv(summary_for_export(s, NOW, TODAY))))
        }
        ward7 = s.scalar(select(Team).where(Team.key == "ward-7"))
        assert ward7 is not None
        due = Due("charts.digest", ward7.id, "ward-7", TODAY, "", NOW)
    digest = {
        p.message.title: p.message
        for p in ward.runtime.bot.compose(due)
        if isinstance(p, Post) and isinstance(p.message, Chart)
    }
    for key in SERIES:
        name = key.capitalize()
        row, line = summary[name], exported[name]
        if key == "empty":  # no data: said so everywhere, never "Common cause"
            assert texts(ward.say("Demo Nurse", f"/huddle chart {key}")) == [
                "Nothing has been recorded for Empty yet."
            ]
            assert (row.latest, row.variation_icon, row.assurance_icon) == ("no data", None, None)
            assert (line["chart"], line["variation_icon"], line["mean"]) == ("none", "", "")
            assert line["variation"] == "No data" and f"{name} — Ward 7" not in digest
            continue
        chart, spec = _chart(ward, key)
        drawing = spec.drawing
        assert drawing is not None
        words = drawing.verdict.split(" · ")[0]
        if key == "weekly":  # `aggregate: week`: one point a week, the same on every view
            assert drawing.chart == "xmr" and {(b - a).days for a, b in pairwise(spec.dates)} == {7}
        # the image's words, its alt text, the summary table and the CSV say the same
        assert drawing.verdict in chart.alt and drawing.chart_words in chart.alt
        assert row.variation == line["variation"] == words
        assert line["chart"] == drawing.chart
        assert (line["variation_icon"] or None) == row.variation_icon
        assert (line["assurance_icon"] or None) == row.assurance_icon
        if row.variation_icon is None:  # unjudged: no colour anywhere
            assert set(drawing.statuses) <= {"common_cause"} and row.assurance_icon is None
        else:
            assert VARIATION_WORDS[row.variation_icon] == words
        if row.variation_icon is not None:  # the CSV's limits are the ones drawn, in bounds
            drawn = drawing.stretches[-1]
            assert line["chart"] in ("xmr", "t", "g") and drawn.lower is not None
            assert (float(line["lower_limit"]), float(line["upper_limit"])) == (
                round(drawn.lower, 4), round(drawn.upper or 0, 4)
            )  # fmt: skip
            low, high = drawing.bounds
            assert low is None or drawn.lower >= low
            assert high is None or (drawn.upper or 0) <= high
        if drawing.chart == "run":
            assert (row.variation_icon, line["lower_limit"], line["upper_limit"]) == (None, "", "")
        # the board and the line after the record carry the same signal sentence, or none
        signal = [x for x in recorded[key] if not x.startswith("For the team lead")]
        on_board = [
            x.strip()[5:] for x in board.splitlines() if x.strip().startswith(f"SPC: {name}:")
        ]
        assert signal == on_board
        if signal:
            assert drawing.tone != "plain" and row.variation_icon not in (None, "common_cause")
        # the weekly digest and the PDSA chart are the very same chart
        assert digest[f"{name} — Ward 7"] == chart
        with ward.runtime.db.session() as s:
            m = s.scalar(select(Measure).where(Measure.key == key))
            assert m is not None
            assert pdsa_chart(Ideas(s), m, TODAY) == chart
        png = render_png(spec)
        assert png.startswith(b"\x89PNG") and len(png) < 100_000


@pytest.mark.parametrize("key", ["falls", "shifted", "rarity", "holey"])
def test_the_window_shown_never_moves_the_limits(ward: Ward, key: str) -> None:
    _add_measures(ward, 5)
    whole, narrow = _chart(ward, key)[1], _chart(ward, key, "30")[1]
    assert whole.drawing is not None and narrow.drawing is not None
    assert len(narrow.dates) < len(whole.dates)
    assert (narrow.drawing.chart, narrow.drawing.verdict) == (
        whole.drawing.chart, whole.drawing.verdict
    )  # fmt: skip
    a, b = whole.drawing.stretches[-1], narrow.drawing.stretches[-1]
    assert (a.centre, a.lower, a.upper) == (b.centre, b.lower, b.upper)
    tail = dict(zip(whole.dates, whole.drawing.statuses, strict=True))
    assert all(tail[d] == s for d, s in zip(narrow.dates, narrow.drawing.statuses, strict=True))


def test_a_gap_is_a_gap_named_in_the_caption_and_not_recorded_is_not_zero(ward: Ward) -> None:
    _add_measures(ward, 5)
    chart, spec = _chart(ward, "holey")
    assert spec.drawing is not None
    hole = [d for d, v in zip(spec.dates, spec.values, strict=True) if v is None]
    assert len(hole) == 10 and (hole[-1] - hole[0]).days == 9  # kept as rows: the line breaks
    assert "Nothing recorded for 10 huddle days from" in chart.comment
    assert "(a gap, not zero)" in chart.alt
    [line] = [x for x in _chart_figure(spec).axes[0].lines if len(x.get_xdata()) == len(spec.dates)]
    drawn = dict(zip(spec.dates, line.get_ydata(), strict=True))
    assert all(math.isnan(drawn[d]) for d in hole)  # matplotlib breaks the line at each NaN
    # a count with a huddle held with nothing to record is zero; a day without a huddle is a gap
    with ward.runtime.db.session() as s:
        s.execute(delete(Reading).where(Reading.day == date(2027, 2, 20)))
    ward.clock.set(datetime(2027, 3, 2, 10, 0, tzinfo=UTC))
    ward.say("Demo Nurse", "/huddle none")
    with ward.runtime.db.session() as s:
        team = s.scalar(select(Team).where(Team.key == "ward-7"))
        assert team is not None
        rarity, holey = (
            s.scalar(select(Measure).where(Measure.key == k)) for k in ("rarity", "holey")
        )
        assert rarity is not None and holey is not None
        counted = analyse(s, team, rarity, date(2027, 3, 2)).history
        other = analyse(s, team, holey, date(2027, 3, 2)).history
    on = dict(zip(counted.days, counted.values, strict=True))
    assert (on[date(2027, 3, 2)], counted.none_days) == (0.0, (date(2027, 3, 2),))
    assert on[date(2027, 2, 20)] is None  # no huddle recorded that day: missing, not zero
    assert date(2027, 3, 2) not in other.days  # `/huddle none` is no value for a number
