"""`huddlebot teams package`: build the Teams app package (manifest and icons) as a zip."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="huddlebot teams", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    build = sub.add_parser("package", help="write the app package zip for sideloading")
    build.add_argument("--out", default="huddlebot-teams.zip", help="where to write the zip")
    build.add_argument(
        "--app-id",
        default=os.environ.get("TEAMS_APP_ID", ""),
        help="the bot's Microsoft app id (default: $TEAMS_APP_ID)",
    )
    build.add_argument("--name", default="Huddlebot", help="the app's name in Teams")
    build.add_argument("--website", default="", help="your trust's page about the bot (https)")
    args = parser.parse_args(argv)

    from adapters.teams.package import package

    if not args.app_id:
        print(
            "huddlebot teams package: give --app-id (or set TEAMS_APP_ID): the bot's "
            "Microsoft app id from its Azure Bot registration.",
            file=sys.stderr,
        )
        return 2
    try:
        data = package(args.app_id, args.name, args.website)
    except ValueError as error:
        print(f"huddlebot teams package: {error}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.write_bytes(data)
    print(
        f"Wrote {out} ({len(data) // 1024 + 1} KB). Upload it in Teams: Apps → Manage your "
        "apps → Upload an app, or in the Teams admin centre."
    )
    return 0
