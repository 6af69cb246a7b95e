"""Chart rendering in worker processes: matplotlib is not thread-safe and a chart takes tens of
milliseconds, so the bot's request path never draws. Workers start with `spawn` (safe beside
threads and event loops) and keep matplotlib loaded between charts."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType

from bot.charts.spec import ChartSpec, SummarySpec

Spec = ChartSpec | SummarySpec


def _warm() -> None:
    """Load matplotlib and the fonts once per worker, so the first chart is not slow."""
    from bot.charts.render import render_png

    render_png(ChartSpec(title="warm-up", kind="xmr", dates=(), values=()))


def _render(spec: Spec) -> bytes:
    from bot.charts.render import render_png

    return render_png(spec)


class RenderPool:
    """Render chart specs to PNG bytes in `workers` processes (0: in this process, for the
    console and tests). `max_charts_per_worker` recycles a worker after that many charts."""

    def __init__(self, workers: int = 2, max_charts_per_worker: int | None = None) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            self._pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm,
                max_tasks_per_child=max_charts_per_worker,
            )

    def submit(self, spec: Spec) -> Future[bytes]:
        if self._pool is None:
            done: Future[bytes] = Future()
            try:
                done.set_result(_render(spec))
            except Exception as e:  # handed to whoever waits, as a worker's error would be
                done.set_exception(e)
            return done
        return self._pool.submit(_render, spec)

    def render(self, spec: Spec) -> bytes:
        """The PNG of one chart (blocks until drawn)."""
        return self.submit(spec).result()

    async def render_async(self, spec: Spec) -> bytes:
        """The PNG of one chart, without blocking the event loop."""
        if self._pool is None:
            return _render(spec)
        return await asyncio.wrap_future(self._pool.submit(_render, spec))

    def worker_pids(self) -> list[int]:
        """Process ids of the workers (for the benchmark's memory figures)."""
        return list(self._pool._processes) if self._pool and self._pool._processes else []

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
