"""SPC benchmark: prints figures, asserts nothing (targets live in the team's notes).

  series analysed per second   10,000 XmR series of 90 points   target: all in under 2 s
  charts rendered per second   over two worker processes         target: at least 30 per second
  PNG size                     bytes per chart (800x450)         target: under 100 KB
  worker peak memory (RSS)     after 100 and after 1,000 charts  target: flat

Run: .venv/bin/python bench/spc_bench.py [--series 10000] [--charts 1000]
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

from bot.charts.spec import ChartSpec  # noqa: E402
from bot.spc import XmrOptions, analyse_xmr  # noqa: E402
from huddlebot.render_pool import RenderPool  # noqa: E402

DAYS = tuple(date(2027, 1, 1) + timedelta(days=i) for i in range(90))


def make_series(n: int, seed: int = 5) -> list[list[float | None]]:
    """Ward-like data: noise around a level, sometimes a step change, now and then a gap."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        level, spread = rng.uniform(5, 50), rng.uniform(0.5, 5)
        step_at = rng.randrange(30, 90) if rng.random() < 0.3 else 999
        values: list[float | None] = []
        for i in range(90):
            v = round(rng.gauss(level + (spread * 2 if i >= step_at else 0), spread), 1)
            values.append(None if rng.random() < 0.01 else v)
        out.append(values)
    return out


def bench_analysis(count: int) -> None:
    series = make_series(count)
    options = XmrOptions(improvement_direction="decrease", target=20.0)
    runs = []
    for _ in range(3):  # best of three: the machine is shared
        started, cpu_started = time.perf_counter(), time.process_time()
        for values in series:
            analyse_xmr(DAYS, values, options)
        runs.append((time.perf_counter() - started, time.process_time() - cpu_started))
    took, cpu = min(runs)
    print(
        f"analysis: {count:,} series x 90 points in {took:.2f} s ({cpu:.2f} s CPU, best of 3) "
        f"= {count / took:,.0f} series/s"
    )


def peak_rss_kib(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) of a process in KiB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        fields[key] = rest.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_charts(count: int, workers: int = 2) -> None:
    from PIL import Image

    specs = [
        ChartSpec(
            title="Falls per 1,000 bed days",
            kind="xmr",
            dates=DAYS,
            values=tuple(values),
            options=XmrOptions(),
            target=20.0,
            improvement_direction="decrease",
            unit="falls",
            markers=((DAYS[45], "Idea: intentional rounding"),),
        )  # fmt: skip
        for values in make_series(count, seed=9)
    ]
    with RenderPool(workers) as pool:
        for f in [pool.submit(s) for s in specs[: 4 * workers]]:
            f.result()  # every worker started and warm
        pids = pool.worker_pids()
        cpu_before = sum(cpu_seconds(p) for p in pids)
        started = time.perf_counter()
        sizes: list[int] = []
        memory_after_100: list[tuple[int, int]] = []
        futures = [pool.submit(s) for s in specs]
        for i, future in enumerate(futures, start=1):
            sizes.append(len(png := future.result()))
            if i == 100:
                memory_after_100 = [peak_rss_kib(p) for p in pids]
        took = time.perf_counter() - started
        cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
        memory_after_all = [peak_rss_kib(p) for p in pids]
    width, height = Image.open(io.BytesIO(png)).size
    print(f"charts: {count:,} in {took:.2f} s over {workers} workers = {count / took:.1f} charts/s")
    print(
        f"charts: {cpu / count * 1000:.1f} ms of worker CPU per chart, so an idle "
        f"{workers}-core machine renders {workers * count / cpu:.1f} charts/s"
    )
    print(
        f"png: {width}x{height} px, mean {sum(sizes) / len(sizes) / 1024:.1f} KB, "
        f"max {max(sizes) / 1024:.1f} KB"
    )
    for pid, (rss_100, peak_100), (rss_all, peak_all) in zip(
        pids, memory_after_100, memory_after_all, strict=True
    ):
        print(
            f"worker {pid}: RSS {rss_100 / 1024:.1f} MB after 100 charts, "
            f"{rss_all / 1024:.1f} MB after {count:,}; peak {peak_100 / 1024:.1f} -> "
            f"{peak_all / 1024:.1f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--charts", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    bench_analysis(args.series)
    bench_charts(args.charts, args.workers)


if __name__ == "__main__":
    main()
