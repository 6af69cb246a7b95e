"""Known secrets never reach a log line, an error reply or an exported file."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy.engine import make_url

from fakes.server_process import ROOT, ServerProcess
from fakes.slack_api import FakeSlack
from fakes.slack_requests import signed, slash_command
from tests.kit.cli import run_cli

TOKEN = "xoxb-SECRETTOKEN-0451"
SIGNING = "SIGNINGSECRET-7d1c2a"
TEAMS_PASSWORD = "TEAMSPASSWORD-~q8R"
DB_PASSWORD = "DBPASSWORD-93kx"
SECRETS = (TOKEN, SIGNING, TEAMS_PASSWORD, DB_PASSWORD)


def _post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _with_password(database_url: str) -> str:
    url = make_url(database_url)
    if url.drivername.startswith("postgresql"):  # trust auth ignores it; the logs must too
        url = url.set(password=DB_PASSWORD)
    return url.render_as_string(hide_password=False)


def test_no_secret_in_logs_replies_or_exports(database_url: str, tmp_path: Path) -> None:
    db_url = _with_password(database_url)
    with FakeSlack(members={"C0WARD7"}) as slack:
        env = {
            "HUDDLEBOT_DATABASE_URL": db_url,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING,
            "SLACK_API_URL": slack.url,
            "TEAMS_APP_ID": "00000000-0000-0000-0000-000000000001",
            "TEAMS_APP_PASSWORD": TEAMS_PASSWORD,
        }
        replies = []
        with ServerProcess(env, ("--log-json",)) as server:
            events = f"{server.url}/slack/events"
            for text in ("help", "board", "link ward-7", "escalate <!channel> " + "x" * 3000):
                body = slash_command(
                    "/huddle",
                    text,
                    user="U0LEAD",
                    channel="C0WARD7",
                    response_url=slack.response_url(),
                )
                replies.append(_post(events, body, signed(body, SIGNING)))
            forged = slash_command(
                "/huddle",
                "help",
                user="U0LEAD",
                channel="C0WARD7",
                response_url=slack.response_url(),
            )
            replies.append(_post(events, forged, signed(forged, "wrong-secret")))
            replies.append(
                _post(
                    f"{server.url}/api/messages",
                    json.dumps({"type": "message"}),
                    {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
                )
            )
            replies.append(_post(events, "{not json", {"Content-Type": "application/json"}))
            slack.wait_for("auth.test", timeout=10)
            log = server.stop()
        sent_to_slack = (
            json.dumps([c.params for c in slack.calls]) if hasattr(slack, "calls") else ""
        )
    assert replies[4][0] == 401 and replies[5][0] == 401
    exports = []
    for args in (
        ["config", "export"],
        ["export", "ideas", "--csv", str(tmp_path / "ideas.csv")],
        ["outbox"],
    ):
        result = run_cli(None, *args, env=env, cwd=ROOT)
        exports.append(result.stdout + result.stderr)
    exports += [p.read_text() for p in tmp_path.glob("*.csv")]
    seen = "\n".join([log, *[body for _, body in replies], *exports, sent_to_slack])
    assert "Traceback" not in log or all(s not in log for s in SECRETS)
    for secret in SECRETS:
        assert secret not in seen, f"a secret leaked: {secret[:6]}…"
    assert '"level"' in log  # the log really was captured (JSON lines)
