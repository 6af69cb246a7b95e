"""`huddlebot slack manifest [--url https://host]`: the Slack app manifest, ready to paste."""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlparse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huddlebot slack", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    manifest = sub.add_parser("manifest", help="print the app manifest (YAML)")
    manifest.add_argument(
        "--url",
        default="",
        help="public https address of this server; without it the app uses Socket Mode",
    )
    manifest.add_argument("--name", default="Huddlebot", help="the app's name in Slack")
    manifest.add_argument("--scopes", action="store_true", help="list the scopes and why")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from adapters.slack.manifest import SCOPES, manifest_yaml

    if args.scopes:
        width = max(map(len, SCOPES))
        print("\n".join(f"{scope:<{width}}  {why}" for scope, why in SCOPES.items()))
        return 0
    if args.url:
        parsed = urlparse(args.url)
        if parsed.scheme != "https" or not parsed.netloc:
            print(
                "huddlebot slack: --url must be an https:// address Slack can reach",
                file=sys.stderr,
            )
            return 2
    print(manifest_yaml(args.url, args.name), end="")
    return 0
