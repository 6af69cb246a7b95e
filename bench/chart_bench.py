"""Chart image benchmark (the issue 16 design): prints figures, asserts nothing.

  charts rendered per second   measures' charts as drawn (icons, labels, legend),
                               over two render worker processes   target: at least 40 per second
  PNG size                     bytes per chart (800x450)           target: under 100 KB

Each chart is a 90-day measure analysed once (bot.charting.judge), as `/huddle chart` draws it:
about a third with a step change (special-cause points and an icon), targets, a tested idea's
marker and the odd missing day.

Run: .venv/bin/python bench/chart_bench.py [--charts 600] [--workers 2]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.spc_bench import ward_series  # noqa: E402
from bot.charting.analysis import MeasureAnalysis  # noqa: E402
from bot.charting.judge import judge  # noqa: E402
from bot.charting.series import History  # noqa: E402
from bot.spc.drawing.spec import ChartSpec  # noqa: E402
from bot.spc.settings import ChartSettings, MeasureSpec  # noqa: E402
from huddlebot.render_pool import RenderPool  # noqa: E402

DAYS = tuple(date(2027, 1, 1) + timedelta(days=i) for i in range(90))


def chart_specs(count: int, seed: int = 9) -> list[ChartSpec]:
    """`count` measures' charts, each from its one analysis."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        values = ward_series(rng)
        direction = ("increase", "decrease", "neutral")[i % 3]
        level = sum(v for v in values if v is not None) / sum(v is not None for v in values)
        target = round(level * 0.9, 1) if i % 2 else None
        spec = MeasureSpec(kind="number", direction=direction, target=target, unit="min")
        judged = judge(DAYS, values, spec, ChartSettings(), (), DAYS[-1])
        history = History(DAYS, tuple(values), (), ())
        a = MeasureAnalysis("Ward 7", "Handover", "handover", "number", "min", direction,
                            target, DAYS[-1], history, judged)  # fmt: skip
        drawing = a.drawing(spec)
        out.append(
            ChartSpec(
                title="Ambulance handover — Emergency Department", kind=drawing.chart,
                dates=drawing.days, values=drawing.values, unit="min", target=target,
                improvement_direction=direction,
                markers=((DAYS[45], "Idea #1 test: handover nurse at the door"),),
                drawing=drawing,
            )  # fmt: skip
        )
    return out


def _cpu_ms(specs: list[ChartSpec]) -> float:
    """CPU per chart in this process, warm (as a worker is): the first charts load the fonts."""
    from bot.spc.drawing.render import render_png

    for spec in specs[:5]:
        render_png(spec)
    started = time.process_time()
    for spec in specs[5:]:
        render_png(spec)
    return (time.process_time() - started) * 1000 / len(specs[5:])


def _workers_cpu(pids: list[int]) -> float:
    """CPU seconds the render workers have used so far (Linux /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def bench(count: int, workers: int) -> None:
    from PIL import Image

    specs = chart_specs(count)
    with RenderPool(workers) as pool:
        for f in [pool.submit(s) for s in specs[: 4 * workers]]:
            f.result()  # every worker started and warm
        pids = pool.worker_pids()
        before = _workers_cpu(pids)
        started = time.perf_counter()
        sizes = [len(png := f.result()) for f in [pool.submit(s) for s in specs]]
        took = time.perf_counter() - started
        worker_ms = (_workers_cpu(pids) - before) * 1000 / count
    cpu = _cpu_ms(specs[:45])
    width, height = Image.open(io.BytesIO(png)).size
    print(f"charts (new design): {count:,} in {took:.2f} s over {workers} workers = "
          f"{count / took:.1f} charts/s   (target: at least 40)")  # fmt: skip
    print(f"CPU per chart in the workers: {worker_ms:.0f} ms; in one warm process: {cpu:.0f} ms, "
          f"so {workers} idle cores render about {workers * 1000 / cpu:.1f} charts/s")  # fmt: skip
    print(f"PNG: {width}x{height}, {sum(sizes) / len(sizes) / 1024:.1f} KB on average, "
          f"largest {max(sizes) / 1024:.1f} KB   (target: under 100 KB)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    bench(args.charts, args.workers)
    print(f"load average after: {os.getloadavg()[0]:.2f} (above {os.cpu_count()}, the charts/s "
          "figure is the machine's other work as much as ours: read the CPU per chart)")


if __name__ == "__main__":
    main()
