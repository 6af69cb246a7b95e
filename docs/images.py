"""The README's images, from the demo trust as of Monday 1 March 2027: `make docs-images`.

Writes docs/chart-falls.png (Ward 7's falls, as `/huddle chart falls` shows it) and
docs/summary.png (the trust's matrix, as `/huddle summary` shows it to the demo director)."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from bot.assembly import load_demo  # noqa: E402
from bot.charting.chart import measure_chart  # noqa: E402
from bot.events import Command, Origin, Sender  # noqa: E402
from bot.messages import Chart, Post  # noqa: E402
from bot.spc.drawing.render import render_png  # noqa: E402
from bot.stores.tables.core import Measure, Team  # noqa: E402
from huddlebot.bootstrap import build  # noqa: E402
from huddlebot.settings import Settings  # noqa: E402
from scheduler.clock import FixedClock  # noqa: E402

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 10, tzinfo=UTC)
HERE = Path(__file__).resolve().parent


def chart_png(team_key: str, measure_key: str) -> tuple[bytes, str]:
    """A demo measure's chart image and its alt text."""
    runtime = build(Settings(database_url="sqlite://"), clock=FixedClock(NOW))
    try:
        with runtime.db.session() as s:
            load_demo(s, TODAY, NOW)
            team = s.scalars(select(Team).where(Team.key == team_key)).one()
            measure = s.scalars(
                select(Measure).where(Measure.team_id == team.id, Measure.key == measure_key)
            ).one()
            message = measure_chart(s, team, measure, TODAY)
            assert message is not None
            return render_png(message.spec), message.alt
    finally:
        runtime.db.dispose()


def summary_png() -> tuple[bytes, str]:
    """The demo trust's summary matrix (the first image) and its alt text."""
    runtime = build(Settings(database_url="sqlite://"), clock=FixedClock(NOW))
    try:
        with runtime.db.session() as s:
            load_demo(s, TODAY, NOW)
        director = Sender("console", "Demo Director", "Demo Director")
        asked = Command(director, Origin("console", "console", "#ward-7"), "huddle", "summary", NOW)
        for post in runtime.bot.handle(asked):
            if isinstance(post, Post) and isinstance(post.message, Chart):
                return render_png(post.message.spec), post.message.alt
        raise SystemExit("the summary posted no image")
    finally:
        runtime.db.dispose()


def main() -> None:
    png, alt = chart_png("ward-7", "falls")
    (HERE / "chart-falls.png").write_bytes(png)
    print(f"docs/chart-falls.png ({len(png) / 1024:.0f} KB): {alt}")
    png, alt = summary_png()
    (HERE / "summary.png").write_bytes(png)
    print(f"docs/summary.png ({len(png) / 1024:.0f} KB): {alt}")


if __name__ == "__main__":
    main()
