"""`huddlebot config apply FILE.yaml` (idempotent, all or nothing) and `huddlebot config export`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="huddlebot config", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    apply = sub.add_parser("apply", help="create or update teams, measures and people from a file")
    apply.add_argument("file")
    export = sub.add_parser("export", help="write the current configuration as YAML")
    export.add_argument("--out", help="a file to write (default: standard output)")
    args = parser.parse_args(argv)

    import yaml

    from bot.config import ConfigError, apply_config, export_config, parse_config
    from bot.db import Database
    from huddlebot.migrate import upgrade
    from huddlebot.settings import Settings

    db = Database(Settings.from_env().database_url)
    try:
        upgrade(db)
        if args.action == "apply":
            try:
                with open(args.file, encoding="utf-8") as handle:
                    config = parse_config(yaml.safe_load(handle))
            except OSError as err:
                print(f"{args.file}: cannot read the file ({err.strerror})", file=sys.stderr)
                return 2
            except yaml.YAMLError as err:
                print(f"{args.file}: not valid YAML ({err})".replace("\n", " "), file=sys.stderr)
                return 2
            except ConfigError as err:
                print(f"{args.file}: {err}. Nothing was applied.", file=sys.stderr)
                return 2
            with db.session() as session:
                apply_config(session, config, datetime.now(UTC))
            print(
                f"{args.file}: applied ({sum(len(d.teams) for d in config.divisions)} teams, "
                f"{len(config.people)} people)"
            )
            return 0
        with db.session() as session:
            text = yaml.safe_dump(export_config(session), sort_keys=False, allow_unicode=True)
        if args.out:
            with open(args.out, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
        return 0
    finally:
        db.dispose()
