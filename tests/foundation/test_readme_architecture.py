"""The README's architecture matches the code: every file or folder it names exists, and its text
version of the flow picture says what `docs/architecture.py` draws."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP = ("bot", "adapters", "scheduler", "huddlebot", "migrations", "tests", "bench", "docs")
NAMED = re.compile(r"[`(]((?:" + "|".join(TOP) + r")/[\w./<>-]*)")


def _readme() -> str:
    return (ROOT / "README.md").read_text()


def test_every_path_the_readme_names_exists() -> None:
    named = set(NAMED.findall(_readme()))
    named = {path.rstrip("/.") for path in named if "<" not in path}
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert named
    assert missing == []


def test_the_flow_picture_and_its_text_say_the_same() -> None:
    spec = importlib.util.spec_from_file_location("architecture", ROOT / "docs/architecture.py")
    assert spec is not None and spec.loader is not None
    picture = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(picture)
    section = _readme().split("## Architecture", 1)[1]
    assert picture.text_version() in section
    assert "(docs/architecture.png)" in section
    assert (ROOT / "docs/architecture.png").is_file()
