"""Where the soak's memory goes: tracemalloc snapshots diffed from one simulated night to the
next (top allocation sites by traceback), Python objects by type, and the sizes of the bot's
long-lived caches. Slow (tracemalloc), so run it with fewer teams:

    .venv/bin/python bench/soak_profile.py --teams 200 --days 8
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fakes.drills.soak import rss_mb, soak  # noqa: E402

FRAMES = 6


def _types() -> Counter[str]:
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def _sized(owner: str, thing: Any) -> dict[str, int]:
    """Lengths of an object's dict, set and list attributes (its caches, if it has any)."""
    return {
        f"{owner}.{name}": len(value)
        for name, value in vars(thing).items()
        if isinstance(value, dict | set | list)
    }


def _caches(runtime: Any) -> dict[str, int]:
    """Sizes of the long-lived structures a leak would most likely hide in."""
    import logging

    from scheduler import service

    sizes: dict[str, int] = {}
    for _, deliverer in service._stepping.values():
        sizes |= _sized("deliverer", deliverer)
    for name, platform in runtime.platforms.items():
        sizes |= _sized(name, getattr(platform, "inner", platform))
    cache = getattr(runtime.db.engine, "_compiled_cache", None)
    sizes["engine compiled cache"] = len(cache) if cache is not None else -1
    sizes["loggers"] = len(logging.Logger.manager.loggerDict)
    try:
        import matplotlib.pyplot as plt

        sizes["pyplot figures"] = len(plt.get_fignums())
    except ImportError:
        pass
    return sizes


class Profiler:
    def __init__(self, top: int) -> None:
        self.top = top
        self.last: tracemalloc.Snapshot | None = None
        self.types: Counter[str] = Counter()

    def __call__(self, day: int, runtime: Any) -> None:
        gc.collect()
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)]
        )
        types = _types()
        traced, _ = tracemalloc.get_traced_memory()
        print(f"== day {day}: RSS {rss_mb():.1f} MB, traced {traced / 1e6:.1f} MB")
        print(f"   caches {_caches(runtime)}")
        if self.last is not None:
            grew = (types - self.types).most_common(10)
            print("   objects grown by type: " + ", ".join(f"{k} +{v}" for k, v in grew))
            stats = snap.compare_to(self.last, "traceback")
            for stat in stats[: self.top]:
                if stat.size_diff <= 0:
                    continue
                print(f"   {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks")
                for frame in stat.traceback:
                    print(f"       {frame.filename.replace(str(ROOT), '.')}:{frame.lineno}")
        self.last, self.types = snap, types


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--days", type=int, default=8)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--frames", type=int, default=FRAMES, help="traceback depth")
    args = parser.parse_args()
    tracemalloc.start(args.frames)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'soak.db'}"
        asyncio.run(soak(args.teams, args.days, 0.3, url, on_day=Profiler(args.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
