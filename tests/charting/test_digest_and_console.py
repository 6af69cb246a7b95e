"""The weekly chart digest at its scheduled time (Monday, an hour after the first huddle) through
the scheduler, and charts in `huddlebot chat` saved as PNG files."""

from __future__ import annotations

import asyncio
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from charts_kit import TODAY, Ward
from sqlalchemy import select

from adapters.console import ConsolePlatform
from bot.assembly import load_demo
from bot.db import Database
from bot.stores.tables.core import Team
from scheduler.service import step
from tests.kit.cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
WARD_7_CHARTS = ["falls-ward-7", "staffing-fill-rate-ward-7", "pressure-ulcers-ward-7"]


def _at(hour: int, minute: int) -> datetime:
    return datetime(2027, 3, 1, hour, minute, tzinfo=UTC)  # London is on GMT


def _saved(folder: Path) -> list[str]:
    return sorted(re.sub(r"-\d+\.png$", "", p.name) for p in folder.glob("*.png"))


def test_the_weekly_digest_posts_every_measures_chart_once_at_its_time(
    ward: Ward, tmp_path: Path
) -> None:
    out = io.StringIO()
    ward.runtime.platforms["console"] = ConsolePlatform(out=out, out_dir=tmp_path)
    asyncio.run(step(ward.runtime, _at(9, 1)))  # after ED's digest (09:00): it is not ours
    asyncio.run(step(ward.runtime, _at(9, 29)))
    assert out.getvalue() == "" and _saved(tmp_path) == []
    asyncio.run(step(ward.runtime, _at(9, 30)))  # Ward 7 huddles at 08:30: digest at 09:30
    printed = out.getvalue()
    assert printed.startswith(
        "[#ward-7]\nWeekly charts\nThis week's charts for Ward 7: 3 measures. "
        "Nothing recorded yet for Team mood."
    )
    assert printed.count("[#ward-7]") == 5 and printed.count("[chart] ") == 4
    assert "Ward 7 — summary, 1 Mar 2027. Matrix of 4 measures." in printed  # the same matrix
    assert "XmR chart of Falls — Ward 7 over 89 points" in printed
    assert 'T-chart "days between pressure ulcers" of Pressure ulcers — Ward 7' in printed
    assert "since the last fall." in printed
    assert _saved(tmp_path) == sorted([*WARD_7_CHARTS, "ward-7-summary-1-mar-2027"])
    asyncio.run(step(ward.runtime, _at(9, 45)))
    asyncio.run(step(ward.runtime, _at(12, 0)))
    later = out.getvalue()  # the digest once only (the tier huddles' prompts may follow)
    assert later.startswith(printed) and later.count("[chart] ") == printed.count("[chart] ")


def test_a_team_can_move_its_digest_to_another_day_and_time(ward: Ward, tmp_path: Path) -> None:
    with ward.runtime.db.session() as s:
        team = s.scalar(select(Team).where(Team.key == "ward-7"))
        assert team is not None
        team.settings_json = json.dumps({"digest": "tuesday 16:00"})
    out = io.StringIO()
    ward.runtime.platforms["console"] = ConsolePlatform(out=out, out_dir=tmp_path)
    asyncio.run(step(ward.runtime, _at(9, 1)))
    asyncio.run(step(ward.runtime, _at(9, 31)))
    assert "Weekly charts" not in out.getvalue()
    asyncio.run(step(ward.runtime, datetime(2027, 3, 2, 15, 59, tzinfo=UTC)))
    assert "Weekly charts" not in out.getvalue()
    asyncio.run(step(ward.runtime, datetime(2027, 3, 2, 16, 0, tzinfo=UTC)))
    assert out.getvalue().count("[chart] ") == 4  # the summary matrix and three charts


def test_the_console_saves_a_chart_as_png_and_prints_its_path_and_alt_text(
    database_url: str, tmp_path: Path
) -> None:
    db = Database(database_url)
    with db.session() as s:
        load_demo(s, TODAY, _at(7, 0))
    db.dispose()
    charts = tmp_path / "charts"
    result = run_cli(
        database_url, "chat", "--team", "ward-7", "--user", "Demo Nurse",
        "--out", str(charts), "--now", "2027-03-01T10:00",
        stdin="/huddle chart falls\n/huddle chart staffing 10\n", cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    shown = [line for line in lines if line.startswith("[chart] ")]
    assert len(shown) == 2
    path, alt = shown[0][len("[chart] ") :].split("  ", 1)
    assert alt.startswith(
        "XmR chart of Falls — Ward 7 over 89 points (daily, 2 Dec 2026 – 28 Feb 2027), "
        "latest 2 falls on 28 Feb 2027."
    )
    png = Path(path)
    assert png.parent == charts and png.name.startswith("falls-ward-7")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size < 100_000
    assert any(line.endswith("since the last fall.") for line in lines)
    # ten days shown: the same chart and limits as ever, not a run chart of nine values
    narrow = shown[1].split("  ", 1)[1]
    assert narrow.startswith("XmR chart of Staffing fill rate — Ward 7 over 9 points")
    assert "Target hit and miss" in narrow


def test_the_weekly_digest_reads_each_measure_once_for_its_matrix_and_its_chart(
    ward: Ward, tmp_path: Path
) -> None:
    """One analysis per measure feeds both the matrix row and the chart: no measure's readings
    are fetched twice (a trust's Monday digests read every measure it has)."""
    from sqlalchemy import event

    reads: list[tuple[str, str]] = []

    def seen(conn, cursor, statement, parameters, context, many) -> None:  # type: ignore[no-untyped-def]
        if "FROM readings" in statement:
            reads.append((statement, repr(parameters)))

    ward.runtime.platforms["console"] = ConsolePlatform(out=io.StringIO(), out_dir=tmp_path)
    asyncio.run(step(ward.runtime, _at(9, 29)))
    engine = ward.runtime.db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        asyncio.run(step(ward.runtime, _at(9, 30)))  # Ward 7's digest
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert set(WARD_7_CHARTS) <= set(_saved(tmp_path))  # the digest was composed and posted
    assert reads and len(reads) == len(set(reads)), "a measure was analysed twice"
