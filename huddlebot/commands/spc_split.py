"""`huddlebot spc` on a long list: the second half is worked on by a forked copy of the command.

Both halves are checked, analysed and written as JSON text at the same time (one per core); the
text is put together in input order. A problem in either half is reported for the first series
that has one, exactly as when one process does everything.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Sequence
from typing import Any

SPLIT_FROM = 2_000  # series: below this a second process costs more than it saves


class HalfFailed(Exception):
    """The forked half met a problem; its words, as the command would print them."""

    def __init__(self, code: bytes, words: str) -> None:
        super().__init__(words)
        self.code = code


def _child(
    objects: Sequence[Any], start: int, work: Callable[[Sequence[Any], int], bytes], w: int
) -> None:
    """In the forked copy: do the work and send b"T" + text, or b"E"/b"X" + the problem."""
    try:
        payload = b"T" + work(objects, start)
    except Exception as e:  # every problem goes back to the parent, which reports it
        problem = getattr(e, "input_problem", False)
        payload = (b"E" if problem else b"X") + (
            str(e) if problem else traceback.format_exc()
        ).encode()
    with os.fdopen(w, "wb") as out:
        out.write(payload)


def split_work(objects: Sequence[Any], work: Callable[[Sequence[Any], int], bytes]) -> list[bytes]:
    """`work(objects, 0)` as pieces, the second half done by a forked process when it pays."""
    if len(objects) < SPLIT_FROM or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return [work(objects, 0)]
    half = len(objects) // 2
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked copy; its output is checked through the parent
        os.close(r)
        try:
            _child(objects[half:], half, work, w)
        finally:
            os._exit(0)
    os.close(w)
    try:
        first = work(objects[:half], 0)
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # our own child, whose half no longer matters
        os.close(r)
        os.waitpid(pid, 0)
        raise
    with os.fdopen(r, "rb") as incoming:
        second = incoming.read()
    os.waitpid(pid, 0)
    if not second or second[:1] != b"T":
        raise HalfFailed(second[:1], second[1:].decode(errors="replace") or "the second half died")
    return [first, memoryview(second)[1:]]  # type: ignore[list-item]
