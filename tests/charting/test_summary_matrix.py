"""The summary as a Making Data Count matrix image: rows needing attention first, names wrapped
and never cut, the MDC icons drawn in their cells, a long trust split into phone-sized images
(the first holding only what needs attention), and alt text naming each signalling measure."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from charts_kit import Ward, charts
from sqlalchemy import select

from bot.charting.matrix import rank_of
from bot.charting.summary import SummaryLine
from bot.charting.summary_pages import (
    MOST_IMAGES,
    PAGE_ROWS,
    matrix_order,
    summary_file,
    summary_pages,
)
from bot.messages import Attachment, Chart, Post
from bot.spc.drawing import chart_message
from bot.spc.drawing.palette import CONCERN, IMPROVEMENT
from bot.spc.drawing.render import _figure, render_png
from bot.spc.drawing.spec import SummarySpec
from bot.spc.drawing.table import MIN_ROW_PX, body_top, columns, draw_summary
from bot.stores.tables.core import Measure, Team

TODAY = date(2027, 3, 1)
LONG_TEAM = "Emergency Department and Acute Medical Assessment Unit"
LONG_MEASURE = "Patients seen, treated and discharged within four hours of arriving"
LONG_DIVISION = "Integrated Medicine and Urgent Care"


def line(
    team: str, measure: str, icon: str | None = "common_cause", assurance: str | None = None,
    division: str = "Medicine", state: str = "",
) -> SummaryLine:  # fmt: skip
    recorded = state != "no data"
    return SummaryLine(
        division=division, team=team, measure=measure,
        latest_day=TODAY - timedelta(days=1) if recorded else None,
        latest=76.0 if recorded else None, unit="%", target=95.0, points=40 if recorded else 0,
        chart="xmr" if recorded else "none", variation="", variation_icon=icon,
        assurance_icon=assurance, recent=tuple(float(70 + i % 7) for i in range(30)),
    )  # fmt: skip


def figure_texts(figure: Any) -> list[Any]:
    return list(figure.texts)


def _names_inside_their_columns(page: SummarySpec) -> None:
    """Every division, team and measure name is written whole, within its own column."""
    figure = draw_summary(page, _figure)
    renderer = figure.canvas.get_renderer()
    written = [(t.get_text().replace("\n", " "), t) for t in figure_texts(figure)]
    edges, x = {}, 8
    for key, _, width in columns(page.divisions):
        edges[key] = (x, x + width)
        x += width
    keys = [k for k in ("division", "team", "measure") if k in edges]
    for row in page.rows:
        for key in keys:
            name = getattr(row, key)
            found = [t for text, t in written if text == name]
            assert found, f"{name!r} is not written whole"
            for text in found:
                box = text.get_window_extent(renderer)
                assert edges[key][0] - 1 <= box.x0 and box.x1 <= edges[key][1], (key, name)
    assert not any("…" in t.get_text() for t in figure_texts(figure))


def test_the_longest_names_are_wrapped_whole_and_stay_inside_their_columns() -> None:
    rows = [line(LONG_TEAM, LONG_MEASURE, division=LONG_DIVISION), line("Ward 7", "Falls")]
    for divisions in (True, False):
        [page] = summary_pages(rows, "Trust — summary", TODAY, divisions)
        _names_inside_their_columns(page)
        measure = next(
            t for t in draw_summary(page, _figure).texts
            if t.get_text().replace("\n", " ") == LONG_MEASURE
        )  # fmt: skip
        assert "\n" in measure.get_text()  # wrapped, not cut


def test_the_demo_trusts_names_stay_inside_their_columns(ward: Ward) -> None:
    for where in ("", " medicine"):
        [post] = charts(ward.say("Demo Director", f"/huddle summary{where}"))
        assert isinstance(post.message.spec, SummarySpec)
        _names_inside_their_columns(post.message.spec)


def test_rows_follow_the_matrix_order_needing_attention_first(ward: Ward) -> None:
    [post] = charts(ward.say("Demo Director", "/huddle summary"))
    assert isinstance(post.message.spec, SummarySpec)
    spec = post.message.spec
    assert spec.divisions  # the trust view has a division column
    ranks = [_rank_of(r) for r in spec.rows]
    assert ranks == sorted(ranks)
    assert all(r.division for r in spec.rows)
    mood = next(r for r in spec.rows if r.measure == "Team mood")
    assert (mood.state, spec.rows[-1]) == ("no data", mood)  # no data last
    division = charts(ward.say("Demo Director", "/huddle summary medicine"))[0].message.spec
    assert isinstance(division, SummarySpec) and not division.divisions


def _rank_of(row: Any) -> int:
    return rank_of(
        line(row.team, row.measure, row.variation_icon, row.assurance_icon, state=row.state)
    )


def test_a_40_team_by_5_measure_trust_is_split_the_first_image_needing_attention_only() -> None:
    icons = ["common_cause", "concern_high", "improvement_low", None, "common_cause"]
    lines = [
        line(f"Ward {t}", f"Measure {m}", icons[(t + m) % 5], "fail" if t % 9 == 0 else None,
             division=f"Division {t // 10}", state="" if icons[(t + m) % 5] else "too few points")
        for t in range(40)
        for m in range(5)
    ]  # fmt: skip
    pages = summary_pages(lines, "Demo NHS Trust — summary", TODAY, True)
    assert 2 < len(pages) <= MOST_IMAGES
    urgent = {(x.team, x.measure) for x in lines if x.variation_icon == "concern_high"} | {
        (x.team, x.measure) for x in lines if x.assurance_icon == "fail"
    }
    assert {(r.team, r.measure) for r in pages[0].rows} <= urgent and pages[0].rows
    assert all(r.attention for r in pages[0].rows)
    assert "Needs attention" in pages[0].note
    shown = [(r.team, r.measure) for p in pages for r in p.rows]
    ordered = [(x.team, x.measure) for x in matrix_order(lines)]
    assert shown == ordered[: len(shown)] and len(set(shown)) == len(shown)
    assert all(len(p.rows) <= PAGE_ROWS for p in pages)
    assert f"{len(lines) - len(shown)} more in the attached CSV file" in pages[-1].note
    file = summary_file(lines, pages, "Demo NHS Trust — summary")
    assert file is not None and file.filename == "summary.csv"
    table = list(csv.DictReader(io.StringIO(file.content.decode("utf-8-sig"))))
    assert [(r["team"], r["measure"]) for r in table] == ordered  # every row, in matrix order
    png = render_png(pages[-1])
    assert png.startswith(b"\x89PNG") and len(png) < 100_000
    assert summary_file(lines[:10], summary_pages(lines[:10], "T", TODAY, True), "T") is None


def test_nothing_needing_attention_still_says_so_first() -> None:
    lines = [line(f"Ward {t}", "Falls") for t in range(PAGE_ROWS + 1)]
    pages = summary_pages(lines, "T", TODAY, True)
    assert pages[0].rows == () and "0 needing attention" in pages[0].note
    texts = [t.get_text() for t in draw_summary(pages[0], _figure).texts]
    assert any("Nothing needs attention" in t for t in texts)


def test_alt_text_names_each_signalling_measure_and_which_way() -> None:
    lines = [
        line("Ward 7", "Falls", "concern_high", "fail"),
        line("Ward 9", "Staffing fill rate", "improvement_low"),
        line("Theatres", "Late starts", "common_cause", "inconsistent"),
        line("Ward 8", "Team mood", None, state="no data"),
    ]
    [page] = summary_pages(lines, "Medicine — summary", TODAY, False)
    alt = chart_message(page).alt
    assert "Ward 7 Falls (concern, higher)" in alt
    assert "Ward 9 Staffing fill rate (improvement, lower)" in alt
    assert "Theatres Late starts" not in alt.split("Target consistently missed")[0]
    assert "Target consistently missed: Ward 7 Falls." in alt
    assert "Ward 8 Team mood: no data." in alt
    assert "show a special cause" not in alt


def _colour_pixels(png: bytes, box: tuple[int, int, int, int], colour: str) -> int:
    from PIL import Image

    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(io.BytesIO(png)).convert("RGB").crop(box)
    return sum(
        1 for p in image.getdata() if all(abs(a - b) <= 40 for a, b in zip(p, rgb, strict=True))
    )


def test_icon_cells_hold_the_icons_drawn_on_the_chart() -> None:
    lines = [line("Ward 7", "Falls", "concern_high", "fail"), line("Ward 8", "Falls", None,
             state="too few points")]  # fmt: skip
    [page] = summary_pages(lines, "T", TODAY, False)
    png = render_png(page)
    x, cells = 8, {}
    for key, _, width in columns(False):
        cells[key] = (x, x + width)
        x += width
    first = body_top(page)
    row = (first, first + MIN_ROW_PX)
    below = (first + MIN_ROW_PX, first + 2 * MIN_ROW_PX)

    def cell(key: str, ys: tuple[int, int]) -> tuple[int, int, int, int]:
        return (cells[key][0], ys[0], cells[key][1], ys[1])

    assert _colour_pixels(png, cell("variation", row), CONCERN) > 60
    assert _colour_pixels(png, cell("assurance", row), CONCERN) > 60
    assert _colour_pixels(png, cell("variation", below), CONCERN) == 0  # too few: no icon
    assert _colour_pixels(png, cell("variation", row), IMPROVEMENT) == 0
    texts = [t.get_text() for t in draw_summary(page, _figure).texts]
    assert "too few\npoints" in texts or "too few points" in texts


def test_a_long_summary_in_chat_leads_with_the_concern_and_attaches_the_whole_matrix(
    ward: Ward,
) -> None:
    ward.say("Demo Nurse", "/huddle falls 9")  # far above Ward 7's falls limits: a concern
    with ward.runtime.db.session() as s:
        ward7 = s.scalar(select(Team).where(Team.key == "ward-7"))
        assert ward7 is not None
        s.add_all(
            Measure(team_id=ward7.id, key=f"audit-{i}", name=f"Audit {i}", kind="count",
                    position=100 + i)
            for i in range(70)
        )  # fmt: skip
    posts = [p for p in ward.say("Demo Director", "/huddle summary") if isinstance(p, Post)]
    images = [p.message.spec for p in posts if isinstance(p.message, Chart)]
    assert len(images) == MOST_IMAGES and all(isinstance(i, SummarySpec) for i in images)
    first = images[0]
    assert isinstance(first, SummarySpec)
    assert [(r.team, r.measure) for r in first.rows] == [("Ward 7", "Falls")]
    assert "Ward 7 Falls (concern, higher)" in posts[0].message.alt  # type: ignore[union-attr]
    [file] = [p.message for p in posts if isinstance(p.message, Attachment)]
    table = list(csv.DictReader(io.StringIO(file.content.decode("utf-8-sig"))))
    assert len(table) == 79 and table[0]["measure"] == "Falls"
    assert all(p.to.visible_to == "Demo Director" for p in posts)
