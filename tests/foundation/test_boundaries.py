"""The core imports no platform SDK and nothing from the shells: checked by walking its imports."""

from __future__ import annotations

import ast
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


# Who may import whom among the folders that are not the product: the fakes serve both tests and
# benchmarks, so neither reaches into the other; the product reaches into none of them.
NOT_IMPORTED_BY = {
    "tests": ("bench",),
    "bench": ("tests",),
    "fakes": ("tests", "bench"),
    "bot": ("tests", "bench", "fakes"),
    "adapters": ("tests", "bench", "fakes"),
    "scheduler": ("tests", "bench", "fakes"),
    "huddlebot": ("tests", "bench", "fakes"),
}


def test_tests_benchmarks_and_fakes_import_each_other_only_one_way() -> None:
    offenders = []
    for folder, forbidden in NOT_IMPORTED_BY.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "node_modules" in path.parts:
                continue
            for name in _imports(path):
                if name.split(".")[0] in forbidden:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_the_fakes_are_not_shipped() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["setuptools"]["packages"]["find"]["include"]
    assert not [p for p in shipped if p.split("*")[0].split(".")[0] in ("fakes", "tests", "bench")]
