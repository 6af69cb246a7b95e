"""`huddlebot ARGS` run inside the test's own process: the same `main(argv)` the entry point
calls, with its environment, standard streams and exit code, but without starting a new Python
(a second of imports and a new engine each time).

A command must leave the process as it found it, as it would inside another program: the
environment is put back, and the logging set-up, the thread switch interval, signal handlers,
threads and open files (an engine not disposed of, an event loop not closed) are compared
before and after; a difference fails the test that ran it.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from multiprocessing import resource_tracker
from pathlib import Path

from huddlebot.cli import main

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Ran:
    """What a run of the command line left, in the words of `subprocess.CompletedProcess`."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def run_cli(
    database_url: str | None,
    *args: str,
    stdin: str | bytes = "",
    env: Mapping[str, str | None] | None = None,
    cwd: Path | None = None,
) -> Ran:
    """`huddlebot *args` on `database_url`, with `stdin` typed in (bytes: as they are, read as
    UTF-8); `env` adds (or, with None, removes) variables for this run only."""
    changes: dict[str, str | None] = dict(env or {})
    if database_url is not None:
        changes["HUDDLEBOT_DATABASE_URL"] = database_url
    out, err = _stream(), _stream()
    alone = threading.active_count() == 1
    before = _state(alone)
    with _environment(changes), contextlib.chdir(cwd or Path.cwd()), _logging_kept():
        with _streams(_stream(stdin), out, err):
            code = _exit_code(list(args))
        leaked = _differences(before, _state(alone), alone)
    if leaked:
        raise AssertionError(f"huddlebot {' '.join(args)} left global state: {leaked}")
    return Ran(["huddlebot", *args], code, _text(out), _text(err))


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as done:  # argparse and sys.exit, as the process would end
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        print(done.code, file=sys.stderr)
        return 1


def _stream(text: str | bytes = "") -> io.TextIOWrapper:
    """A strict UTF-8 text stream with a byte buffer under it, as the real standard streams
    have."""
    data = text if isinstance(text, bytes) else text.encode()
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8", errors="replace")


@contextlib.contextmanager
def _streams(stdin: io.TextIOWrapper, stdout: io.TextIOWrapper, stderr: io.TextIOWrapper):  # type: ignore[no-untyped-def]
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    saved = dict(os.environ)
    for key, value in changes.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _logging_kept() -> Iterator[None]:
    """Whatever the command did to logging is undone, so a leak fails one test, not the next."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = _logger_levels()
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, each in levels.items():
            logging.getLogger(name).setLevel(each)


def _logger_levels() -> dict[str, int]:
    loggers = logging.Logger.manager.loggerDict.items()
    return {name: each.level for name, each in loggers if isinstance(each, logging.Logger)}


def _state(alone: bool) -> dict[str, object]:
    """The process-wide state a command could change; its threads and open files only when the
    test runs no thread of its own (a test's server threads would open files meanwhile)."""
    root = logging.getLogger()
    state: dict[str, object] = {
        "logging handlers": [id(h) for h in root.handlers],
        "logging level": root.level,
        "logger levels": {k: v for k, v in _logger_levels().items() if v != logging.NOTSET},
        "switch interval": sys.getswitchinterval(),
        "signal handlers": {s.name: signal.getsignal(s) for s in _signals()},
    }
    if alone:
        state["threads"] = sorted(t.name for t in threading.enumerate())
        state["open files"] = _open_files()
    return state


def _signals() -> list[signal.Signals]:
    return [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGPIPE]


def _open_files() -> set[str]:
    """What this process has open, by target (a database file, a socket). Not a leak: a
    library's own files (matplotlib keeps the fonts it drew with open), and the pipe to the one
    process multiprocessing starts to clean up after all worker pools of this process."""
    found = set()
    libraries = (sys.prefix, sys.base_prefix)
    tracker = getattr(resource_tracker._resource_tracker, "_fd", None)
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if not target.startswith(libraries) and int(fd) != tracker:
                found.add(target)
    return found


def _differences(
    before: dict[str, object], after: dict[str, object], alone: bool
) -> dict[str, object]:
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if "open files" in changed or "threads" in changed:
        gc.collect()  # an engine or a socket nothing refers to any more is closed by now
        after = _state(alone)
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if "open files" in changed:
        files = before["open files"], after["open files"]
        changed["open files"] = sorted(files[1] - files[0])  # type: ignore[operator]
        if not changed["open files"]:
            del changed["open files"]  # closed ones are not a leak
    return changed
