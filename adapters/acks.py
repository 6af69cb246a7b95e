"""Acknowledgements first. Slack wants a 200 within 3 seconds and Huddlebot stores each request
before it says so; the core's work for requests already acknowledged runs in threads that share
one GIL with the event loop answering new ones. Python lets a busy thread keep the GIL for 5 ms
when another wants it, and an acknowledgement needs it several times, so under a burst the
answers queued behind the core's work."""

from __future__ import annotations

import sys

SWITCH = 0.001  # seconds a thread may hold the GIL while another wants it (Python's own: 0.005)


def answer_quickly() -> None:
    """Let the event loop take the GIL back from a busy core thread within a millisecond."""
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH))
