"""Start `huddlebot run` as a real process on loopback, and stop it; for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    env: dict[str, str]
    args: tuple[str, ...] = ()
    port: int = 0
    process: subprocess.Popen | None = None
    output: str = ""

    def __enter__(self) -> ServerProcess:
        self.port = self.port or free_port()
        env = {
            **os.environ,
            **self.env,
            "HUDDLEBOT_PORT": str(self.port),
            "HUDDLEBOT_HOST": "127.0.0.1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "huddlebot.cli", "run", *self.args],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.process.stdout.read()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.process.kill()  # never leave a half-started server behind
        self.process.wait()
        raise TimeoutError("server did not answer /healthz within 60 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> str:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.output, _ = self.process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.output, _ = self.process.communicate()
        return self.output

    def __exit__(self, *exc: object) -> None:
        self.stop()
