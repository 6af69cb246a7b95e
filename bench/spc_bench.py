"""SPC benchmark: prints figures, asserts nothing (targets live in the team's notes).

  series analysed per second   10,000 XmR series of 90 points   target: all in under 1 s
  `huddlebot spc` command      the same as one JSON list         target: at most 3 s, whole command
  verdicts per second          analyse_measure, 90 days each     (figure only)
  charts rendered per second   over two worker processes         target: at least 30 per second
  PNG size                     bytes per chart (800x450)         target: under 100 KB
  worker peak memory (RSS)     after 100 and after 1,000 charts  target: flat

Run: .venv/bin/python bench/spc_bench.py [--series 10000] [--charts 1000] [--skip-charts]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.spc import ChartSettings, MeasureSpec, XmrOptions, analyse_measure, analyse_xmr  # noqa: E402
from bot.spc.drawing.spec import ChartSpec  # noqa: E402
from bot.spc.xmr_batch import analyse_xmr_many  # noqa: E402
from huddlebot.render_pool import RenderPool  # noqa: E402

DAYS = tuple(date(2027, 1, 1) + timedelta(days=i) for i in range(90))


def ward_series(rng: random.Random) -> list[float | None]:
    """Ward-like data: noise around a level, sometimes a step change, now and then a gap."""
    level, spread = rng.uniform(5, 50), rng.uniform(0.5, 5)
    step_at = rng.randrange(30, 90) if rng.random() < 0.3 else 999
    out: list[float | None] = []
    for i in range(90):
        v = round(rng.gauss(level + (spread * 2 if i >= step_at else 0), spread), 1)
        out.append(None if rng.random() < 0.01 else v)
    return out


def make_series(n: int, seed: int = 5) -> list[list[float | None]]:
    rng = random.Random(seed)
    return [ward_series(rng) for _ in range(n)]


def _best_of_three(work: Callable[[], object]) -> tuple[float, float]:
    runs = []
    for _ in range(3):  # best of three: the machine is shared
        started, cpu_started = time.perf_counter(), time.process_time()
        work()
        runs.append((time.perf_counter() - started, time.process_time() - cpu_started))
    return min(runs)


def bench_analysis(count: int) -> None:
    series = make_series(count)
    options = XmrOptions(improvement_direction="decrease", target=20.0)
    took, cpu = _best_of_three(lambda: analyse_xmr_many([(DAYS, v, options) for v in series]))
    print(
        f"analysis: {count:,} series x 90 points in {took:.2f} s ({cpu:.2f} s CPU, best of 3) "
        f"= {count / took:,.0f} series/s (all at once, as `huddlebot spc` does)"
    )
    took, cpu = _best_of_three(lambda: [analyse_xmr(DAYS, v, options) for v in series])
    print(f"analysis: one series at a time {took:.2f} s ({cpu:.2f} s CPU)")
    rng = random.Random(3)
    falls = [[float(rng.random() < 0.15) for _ in range(90)] for _ in range(count // 10)]
    spec = MeasureSpec("count", "decrease", minimum=0, unit="falls")
    took, cpu = _best_of_three(
        lambda: [analyse_measure(DAYS, v, spec, ChartSettings()) for v in falls]
    )
    print(f"verdicts: {len(falls):,} falls measures (T-charts) in {took:.2f} s ({cpu:.2f} s CPU)")


def bench_command(count: int) -> None:
    """`huddlebot spc` as an analyst runs it, on one JSON list of `count` series."""
    days = [d.isoformat() for d in DAYS]
    objects = [
        {"kind": "xmr", "dates": days, "values": v,
         "options": {"improvement_direction": "decrease", "target": 20.0}}
        for v in make_series(count)
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "series.json"
        source.write_text(json.dumps(objects))
        for target in ("/dev/null", str(Path(folder) / "out.json")):
            runs = []
            for _ in range(3):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                with open(target, "wb") as out:
                    subprocess.run(
                        [sys.executable, "-m", "huddlebot.cli", "spc", str(source)],
                        stdout=out, check=True,
                    )  # fmt: skip
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                runs.append((time.perf_counter() - started, cpu))
            took, cpu = min(runs)
            size = Path(target).stat().st_size if target != "/dev/null" else None
            where = "a file" if size else "/dev/null"
            shown = f", {size / 1e6:,.0f} MB" if size else ""
            print(
                f"command: huddlebot spc on {count:,} series x 90 points to {where} in "
                f"{took:.2f} s ({cpu:.2f} s CPU over both processes, best of 3{shown})"
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
    parser.add_argument("--skip-charts", action="store_true", help="analysis and command only")
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    bench_analysis(args.series)
    bench_command(args.series)
    if not args.skip_charts:
        bench_charts(args.charts, args.workers)


if __name__ == "__main__":
    main()
