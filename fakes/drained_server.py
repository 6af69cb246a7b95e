"""`ServerProcess` whose output is read as it comes, so a long, chatty run never blocks on a
full pipe; the output is still returned by `stop()`."""

from __future__ import annotations

import signal
import subprocess
import threading

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
