"""The shell: the `huddlebot` command line, the composition root (`bootstrap.build`), the HTTP
server, settings, logs, health and metrics. It wires the core, the adapters and the scheduler.
Importing it registers every platform in `huddlebot/platforms.py` with the core, so any command
reads the trust's file in full.
"""

from huddlebot import platforms as _platforms  # noqa: F401
