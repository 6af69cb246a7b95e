"""The `huddlebot` command line. Each sub-command lives in huddlebot/commands/<name>.py and
exposes `main(argv) -> int`; modules are imported only when their command runs, so `--help`
stays fast (pandas and matplotlib are never imported here)."""

from __future__ import annotations

import importlib
import sys

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": (
        "huddlebot.commands.run",
        "start the bot (console, Slack and/or Teams) with its scheduler",
    ),
    "chat": ("huddlebot.commands.chat", "talk to Huddlebot in this terminal as one team member"),
    "demo": ("huddlebot.commands.demo", "(re)load the demo trust into the database"),
    "db": ("huddlebot.commands.db", "database migrations: `huddlebot db upgrade`"),
    "config": ("huddlebot.commands.config", "apply or export the trust configuration (YAML)"),
    "schedule": ("huddlebot.commands.schedule", "preview a team's coming huddles and reminders"),
    "outbox": ("huddlebot.commands.outbox", "show messages waiting, retrying, expired or dead"),
    "spc": ("huddlebot.commands.spc", "SPC and run-chart analysis of your own data (JSON/CSV)"),
    "export": ("huddlebot.commands.export", "export ideas or the SPC summary as CSV"),
    "report": (
        "huddlebot.commands.report",
        "the board pack: one HTML file and a CSV of the matrix (`--as-of DATE --out DIR`)",
    ),
    "visits": ("huddlebot.commands.visits", "plan the leadership visit rota, coverage, calendar"),
    "slack": ("huddlebot.commands.slack", "Slack app setup: `huddlebot slack manifest`"),
    "teams": ("huddlebot.commands.teams", "Teams app package: `huddlebot teams package`"),
    "token": ("huddlebot.commands.token", "readings API tokens: create, list, revoke"),
    "import": ("huddlebot.commands.imports", "import readings from a CSV file (`--dry-run`)"),
    "purge": ("huddlebot.commands.purge", "apply the retention periods (`--dry-run` to preview)"),
}

USAGE = "usage: huddlebot [-h] COMMAND [ARGS ...]"


def _help() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [USAGE, "", "Huddlebot: daily huddles, run charts, ideas and visits in chat.", ""]
    lines += [f"  {name:<{width}}  {text}" for name, (_, text) in COMMANDS.items()]
    lines += ["", "`huddlebot COMMAND --help` explains one command."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(_help())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"huddlebot: unknown command {name!r}\n\n{_help()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    code = module.main(rest)
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
