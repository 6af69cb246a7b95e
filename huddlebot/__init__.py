"""The shell: the command line and the composition root. Importing it registers every platform
in `huddlebot/platforms.py` with the core, so any command reads the trust's file in full."""

from huddlebot import platforms as _platforms  # noqa: F401
