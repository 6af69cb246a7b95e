"""`ServerProcess` whose output is read as it comes, so a long, chatty run never blocks on a
full pipe; the output is still returned by `stop()`."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from fakes.server_process import ServerProcess


class DrainedServer(ServerProcess):
    def __enter__(self) -> DrainedServer:
        super().__enter__()
        self._lines: list[str] = []
        assert self.process is not None and self.process.stdout is not None
        stdout = self.process.stdout
        self._reader = threading.Thread(
            target=lambda: self._lines.extend(iter(stdout.readline, "")), daemon=True
        )
        self._reader.start()
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, as when a host dies."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> str:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        self.output = "".join(self._lines)
        return self.output


@contextlib.contextmanager
def started_together(
    env: dict[str, str], *runs: tuple[str, ...]
) -> Iterator[list[DrainedServer]]:
    """One `huddlebot run` process per argument tuple, started at once (each is ready when it
    answers /healthz) rather than one after another, and stopped together afterwards."""
    servers = [DrainedServer(env, args) for args in runs]
    with ThreadPoolExecutor(len(servers)) as pool:
        entered = [pool.submit(server.__enter__) for server in servers]
        up = [server for server, f in zip(servers, entered, strict=True) if f.exception() is None]
    try:
        for f in entered:
            f.result()  # the first that failed to start
        yield servers
    finally:
        with ThreadPoolExecutor(len(up) or 1) as pool:
            list(pool.map(lambda server: server.stop(), up))
