"""`huddlebot report --as-of DATE [--division KEY] --out DIR`: the board pack, as one
self-contained HTML file and a CSV of its matrix (the rows of `huddlebot export summary`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.spc.drawing.spec import ChartSpec
    from huddlebot.render_pool import RenderPool


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="huddlebot report", description=__doc__)
    parser.add_argument("--as-of", metavar="DATE", required=True, help="the pack's day")
    parser.add_argument("--division", metavar="KEY", help="only this division's teams")
    parser.add_argument("--out", metavar="DIR", required=True, help="where to write the files")
    parser.add_argument(
        "--workers", type=int, default=2, help="chart render processes (0: this process)"
    )
    return parser.parse_args(argv)


def _drawn(pool: RenderPool, specs: Iterable[ChartSpec]) -> list[bytes]:
    """Every chart, handed to the pool's workers as soon as it is made; in order."""
    futures = [pool.submit(spec) for spec in specs]
    return [future.result() for future in futures]


def main(argv: list[str]) -> int:
    args = _args(argv)
    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        print(f"huddlebot report: --as-of {args.as_of!r} is not a date", file=sys.stderr)
        return 2
    from sqlalchemy import select

    from bot.charting.queries import division_named
    from bot.charting.report import pack_file, pack_of
    from bot.charting.summary_csv import summary_csv
    from bot.db import Database
    from bot.stores.tables.core import Trust
    from huddlebot.migrate import upgrade
    from huddlebot.render_pool import RenderPool
    from huddlebot.settings import Settings

    db = Database(Settings.from_env().database_url)
    pool = RenderPool(workers=max(0, args.workers))
    try:
        upgrade(db)
        with db.session() as session:
            trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
            if trust is None:
                print("huddlebot report: there is no trust yet", file=sys.stderr)
                return 2
            division = division_named(session, trust.id, args.division) if args.division else None
            if args.division and division is None:
                print(f"huddlebot report: no division {args.division!r}", file=sys.stderr)
                return 2
            pack = pack_of(session, trust, as_of, division, lambda specs: _drawn(pool, specs))
    finally:
        pool.close()
        db.dispose()
    key = division.key if division is not None else "trust"
    page = pack_file(pack, key)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / page.filename).write_bytes(page.content)
        table = out / page.filename.replace(".html", ".csv")
        table.write_text(summary_csv(pack.lines), encoding="utf-8-sig", newline="")
    except OSError as error:
        print(f"huddlebot report: cannot write to {out}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"Wrote {out / page.filename} and {table.name}: {len(pack.lines)} measures.")
    return 0
