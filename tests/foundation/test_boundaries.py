"""The core imports no platform SDK and nothing from the shells: checked by walking its imports."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = (
    "slack_bolt",
    "slack_sdk",
    "botbuilder",
    "botframework",
    "aiohttp",
    "adapters",
    "scheduler",
    "huddlebot",
    "apscheduler",
    "microsoft_agents",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_no_platform_sdk_and_no_shell() -> None:
    offenders = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


WALL_CLOCKS = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("time", "time")}


def test_core_reads_no_wall_clock() -> None:
    """Every time in the core comes from the event or the caller's clock, so a simulated or
    shifted clock (the console's `:advance`, the soak, `--now`) moves all of it together."""
    offenders = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in WALL_CLOCKS
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_botbuilder_stays_inside_the_teams_adapter() -> None:
    offenders = []
    for folder in ("bot", "scheduler", "huddlebot", "adapters"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "adapters/teams" in path.as_posix():
                continue
            for name in _imports(path):
                if name.split(".")[0] in ("botbuilder", "botframework"):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_help_is_fast_and_loads_no_heavy_library() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from huddlebot.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out): main(['--help'])\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'numpy', 'slack_bolt', 'botbuilder.core')"
        " if m in sys.modules]\n"
        "print(heavy); print(out.getvalue())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=30
    )
    assert result.returncode == 0, result.stderr
    first, _, help_text = result.stdout.partition("\n")
    assert first == "[]"
    for command in ("run", "chat", "config", "spc", "demo"):
        assert f"  {command} " in help_text


# A platform's name, its SDK's vocabulary and its config keys stay in its adapter
# (`adapters/<name>/`), registered through `huddlebot/platforms.py`. "teams" is also the ward's
# word (a division's teams), so for that platform its other words are looked for.
PLATFORM_WORDS = re.compile(
    r"slack|microsoft|botbuilder|bot ?framework|msteams|\bentra\b|adaptive card|"
    r"teams_(?:channel|tenant)|\b29:|\"teams\": \"|"
    r"\b(?:a|the) teams (?:card|chat|channel|conversation|tenant|app|message)",
    re.IGNORECASE,
)


def test_the_core_names_no_platform() -> None:
    """A new platform is its adapter and one registry line: nothing in `bot/` names one."""
    offenders = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = PLATFORM_WORDS.search(line)
            if found:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {found.group(0)!r}")
    assert offenders == []


def test_adapters_reach_the_core_through_their_port() -> None:
    """Adapters import neither the shell nor the core's tables: the host hands them the core,
    the clock, the outbox and the inbox."""
    offenders = []
    for path in sorted((ROOT / "adapters").rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] == "huddlebot" or name.startswith("bot.stores"):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []
