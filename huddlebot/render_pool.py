"""Chart rendering in worker processes: matplotlib is not thread-safe and a chart takes tens of
milliseconds, so the bot's request path never draws. Workers start with `spawn` (safe beside
threads and event loops) and keep matplotlib loaded between charts."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from bot.spc.drawing.spec import ChartSpec, SummarySpec

Spec = ChartSpec | SummarySpec


def _warm() -> None:
    """Load matplotlib and the fonts, and build the worker's kept chart figure, once per
    worker, so the first chart is not slow."""
    from datetime import date, timedelta

    from bot.spc.drawing.render import render_png

    days = tuple(date(2027, 1, 1) + timedelta(days=i) for i in range(30))
    values = tuple(float(10 + i % 3) for i in range(30))
    render_png(ChartSpec(title="warm-up", kind="xmr", dates=days, values=values, unit="min"))


def _render(spec: Spec) -> bytes:
    from bot.spc.drawing.render import render_png

    return render_png(spec)


class RenderPool:
    """Render chart specs to PNG bytes in `workers` processes (0: in this process, for the
    console and tests). `max_charts_per_worker` recycles a worker after that many charts.
    A pool whose worker died is replaced once and the chart tried again."""

    def __init__(self, workers: int = 2, max_charts_per_worker: int | None = None) -> None:
        self.workers = workers
        self._max_charts = max_charts_per_worker
        self._lock = threading.Lock()
        self._closed = False
        self._pool = self._start() if workers > 0 else None

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            max_tasks_per_child=self._max_charts,
        )

    def _executor(self) -> ProcessPoolExecutor:
        if self._closed:
            raise RuntimeError("the render pool is closed")
        assert self._pool is not None
        return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken and not self._closed:
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start()

    def submit(self, spec: Spec) -> Future[bytes]:
        if self.workers <= 0:
            done: Future[bytes] = Future()
            try:
                done.set_result(_render(spec))
            except Exception as e:  # handed to whoever waits, as a worker's error would be
                done.set_exception(e)
            return done
        return self._executor().submit(_render, spec)

    def render(self, spec: Spec) -> bytes:
        """The PNG of one chart (blocks until drawn)."""
        if self.workers <= 0:
            return _render(spec)
        pool = self._executor()
        try:
            return pool.submit(_render, spec).result()
        except BrokenProcessPool:
            self._replace(pool)
            return self._executor().submit(_render, spec).result()

    async def render_async(self, spec: Spec) -> bytes:
        """The PNG of one chart, without blocking the event loop."""
        if self.workers <= 0:
            return _render(spec)
        pool = self._executor()
        try:
            return await asyncio.wrap_future(pool.submit(_render, spec))
        except BrokenProcessPool:
            self._replace(pool)
            return await asyncio.wrap_future(self._executor().submit(_render, spec))

    def worker_pids(self) -> list[int]:
        """Process ids of the workers (for the benchmark's memory figures)."""
        processes = self._pool._processes if self._pool else None
        return list(processes) if processes else []

    def close(self) -> None:
        with self._lock:
            self._closed = True
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
