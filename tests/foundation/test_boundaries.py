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


def _bot_modules() -> dict[str, Path]:
    """Every module in bot/ by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_imports(
    body: list[ast.stmt], in_function: bool = False
) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Each import with whether it runs inside a function; `if TYPE_CHECKING:` never runs."""
    found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []
    for node in body:
        if isinstance(node, ast.If) and _is_type_checking(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append((node, in_function))
        inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for name in ("body", "orelse", "finalbody", "handlers"):
            sub = getattr(node, name, None)
            if isinstance(sub, list):
                found += _module_imports(sub, inside)
    return found


def _bot_targets(node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> set[str]:
    """The bot modules an import statement loads (`from bot.x import y`: bot.x.y if a module)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
    return {name for name in names if name in modules and name != "bot"}


HEAVY = ("matplotlib", "PIL", "numpy", "pandas")  # loaded only where a chart is drawn


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    """Module-level imports among bot modules, and every import of a bot module in a function
    (except of a module that loads a drawing library as it is imported: kept out of the light
    core, so `huddlebot --help` and the web role never load matplotlib)."""
    modules = _bot_modules()
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in modules.items()}
    imports = {name: _module_imports(tree.body) for name, tree in trees.items()}
    heavy = {
        name
        for name, found in imports.items()
        for node, in_function in found
        if not in_function and _outside_names(node) & set(HEAVY)
    }
    graph: dict[str, set[str]] = {}
    in_functions = []
    for name, found in imports.items():
        graph[name] = set()
        for node, in_function in found:
            targets = _bot_targets(node, modules) - {name}
            if in_function and targets - heavy:
                in_functions.append(f"{modules[name].relative_to(ROOT)}:{node.lineno}")
            elif not in_function:
                graph[name] |= targets
    return graph, in_functions


def _outside_names(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The top-level package names an import loads."""
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[0] for alias in node.names}
    return {(node.module or "").split(".")[0]} if node.level == 0 else set()


def test_only_the_composition_module_imports_the_route_table() -> None:
    """Handlers reach the routes as `ctx.routes`; the table is given to Huddlebot."""
    graph, _ = _graph()
    importers = sorted(name for name, targets in graph.items() if "bot.routes" in targets)
    assert importers == ["bot.assembly"]


def test_no_bot_module_imports_another_inside_a_function() -> None:
    _, in_functions = _graph()
    assert in_functions == []


def test_bot_modules_import_each_other_without_a_cycle() -> None:
    graph, _ = _graph()
    cycles = []
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycles.append(" -> ".join([*path[path.index(name) :], name]))
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []


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


# One place per question: the handlers of these capabilities ask their store (`ctx.ideas` …)
# and write no SQL; only the store and query modules listed here import SQLAlchemy.
QUERY_MODULES = {
    "bot/ideas": {
        "store.py",  # Ideas: numbering, support, history, shares, reflections
        "lookups.py",  # the teams, people and measures ideas name, and the search
        "demo_ideas.py",  # a demo hook, given a session by the composition
    },
    "bot/visits": {
        "store.py",  # Visits: numbering, the rota, history, notes, actions and look-ups
        "demo_visits.py",  # a demo hook, given a session by the composition
    },
    "bot/huddle": {
        "anonymous.py",  # anonymous answers, their salts and their daily figure
        "demo_huddles.py",  # the demo trust's history
        "escalations.py",  # Escalations (ctx.escalations): open, by tier, steps, timers
        "huddle_log.py",  # that a team's huddle happened, and how often
        "measures.py",  # a team's measures, by key
        "once.py",  # an insert that another process may have made first
        "readings.py",  # Readings (ctx.readings): current, daily values, latest, history
        "teams.py",  # a team by key, the teams of divisions, huddle times
    },
    "bot/tiers": {
        "config.py",  # a tier read back for the configuration file
        "derived.py",  # a tier measure made from its teams' readings
        "seats.py",  # the division's and the trust's seats, the wards, the divisions
    },
    "bot/charting": {
        "series.py",  # a measure's days, values and change points
        "queries.py",  # the teams, divisions and escalations the chart features name
    },
}
# The chart features are given a session by the huddle board, the tier review and the command
# line, and the huddle board and the tier review pass one on, so their modules may name its
# type; they still write no query.
SESSION_TYPE_ONLY = {"bot/charting", "bot/huddle", "bot/tiers"}


def _sqlalchemy_names(path: Path) -> set[str]:
    """What a module takes from SQLAlchemy: `module` or `module.name` for each import."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_handlers_ask_their_store_and_write_no_sql() -> None:
    offenders = []
    for folder, allowed in QUERY_MODULES.items():
        for path in sorted((ROOT / folder).glob("*.py")):
            if path.name in allowed:
                continue
            names = _sqlalchemy_names(path)
            if folder in SESSION_TYPE_ONLY:
                names -= {"sqlalchemy.orm.Session"}
            offenders += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(names)]
    assert offenders == []


def test_the_listed_query_modules_exist() -> None:
    """An allow-list entry for a module that no longer needs it (or no longer exists) goes."""
    stale = []
    for folder, allowed in QUERY_MODULES.items():
        for name in sorted(allowed):
            path = ROOT / folder / name
            if not path.exists() or "sqlalchemy" not in {n.split(".")[0] for n in _imports(path)}:
                stale.append(f"{folder}/{name}")
    assert stale == []


def test_only_the_postings_store_asks_where_posts_landed() -> None:
    """Replies find their prompt, and edits their cards, through `bot/stores/postings.py`."""
    offenders = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name == "bot/stores/postings.py" or name.startswith("bot/stores/tables/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and "Posting" in {a.name for a in node.names}:
                offenders.append(name)
    assert offenders == []
