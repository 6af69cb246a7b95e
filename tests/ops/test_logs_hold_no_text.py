"""A hostile run through the core (as the console drives it) and Teams, with the database failing
in the middle of requests, leaves none of the texts sent in any log line: every logger, every
level, tracebacks included, through the real logging set-up."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from adapters.teams import TeamsSettings
from bot.db import Database
from bot.events import Command, Origin, Sender
from bot.messages import Post, fallback_text
from fakes import teams_activities as act
from fakes.server_process import ROOT
from fakes.teams_connector import FakeConnector
from huddlebot.logs import setup_logging
from huddlebot.settings import Settings
from tests.kit.cli import run_cli
from tests.ops.authz_kit import NOW, demo_runtime
from tests.teams.conftest import serving

pytestmark = pytest.mark.own_database("a trigger is added that makes saving an idea fail")

HOSTILE = (
    "<!channel> the ward is closed",
    '=HYPERLINK("https://evil.example","open")',
    "one\ntwo\r\n\x1b[31mred \x00 bell",
    "\u202etxt.exe fix\u200b",
    "NHS no 943 476 5919",
    "x" * 2_100,
)
IDEA_FORM = {"huddlebot_form": "idea.new", "huddlebot_context": ""}
# A database that refuses new ideas, saying why with the idea's own words, as PostgreSQL's
# constraint errors do ("Failing row contains (…)"). SQLite's RAISE takes a fixed message; there
# the words would reach a log through the SQL parameters.
FAIL_SQLITE = (
    "CREATE TRIGGER ideas_refused BEFORE INSERT ON ideas "
    "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
)
FAIL_POSTGRES = (
    "CREATE FUNCTION ideas_refused() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION 'cannot store %', NEW.text; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER ideas_refused BEFORE INSERT ON ideas "
    "FOR EACH ROW EXECUTE FUNCTION ideas_refused()",
)


class Texts:
    """Texts to send, each carrying a word found nowhere else."""

    def __init__(self) -> None:
        self.words: list[str] = []

    def __call__(self, hostile: str) -> str:
        word = f"Quokka{len(self.words):03d}zebra"
        self.words.append(word)
        return f"{hostile[:40]} {word} {hostile[40:]}"


@pytest.fixture(params=["plain", "json"])
def logged(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Huddlebot's own logging set-up at DEBUG (plain or JSON lines), writing to a stderr we
    read back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    setup_logging(Settings(log_json=request.param == "json"), level=logging.DEBUG)
    try:
        yield stderr.getvalue
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def _say(runtime: Any, who: str, where: str, line: str) -> str:
    name, _, rest = line.partition(" ")
    sender, origin = Sender("console", who, who), Origin("console", "console", where)
    posts = runtime.bot.handle(Command(sender, origin, name, rest, NOW))
    return " | ".join(fallback_text(p.message) for p in posts if isinstance(p, Post))


def _core_run(runtime: Any, say: Texts) -> list[str]:
    replies = []
    for hostile in HOSTILE:
        for who, line in (
            ("Demo Nurse", "idea {}"),
            ("Demo Lead", "huddle escalate {}"),
            ("Demo Nurse", "huddle falls {}"),
            ("Demo Admin", "huddle resolve 1 {}"),
            ("Demo Nurse", "nonsense {}"),
        ):
            replies.append(_say(runtime, who, "#ward-7", line.format(say(hostile))))
    return replies


def _teams_activities(url: str, say: Texts) -> list[Any]:
    sent: list[Any] = []
    for hostile in HOSTILE:
        sent.append(act.message(url, f"idea {say(hostile)}", in_channel=True))
        sent.append(act.card_submit(url, {**IDEA_FORM, "what": say(hostile)}, "1"))
        sent.append(act.card_submit(url, {**IDEA_FORM, "what": {"a": say(hostile)}}, "2"))
        extension = {"commandId": "postIdea", "data": {"idea": say(hostile)}}
        sent.append(act.compose_extension(url, "composeExtension/submitAction", extension))
        wrong = act.message(url, "idea")
        wrong["text"] = {"t": say(hostile)}
        sent.append(wrong)
        nobody = act.message(url, f"idea {say(hostile)}")
        nobody.pop("from")
        sent.append(nobody)
        sent.append(b'{"type": "message", "text": "' + say(hostile).encode()[:60] + b"\xff")
    return sent


def _teams_run(runtime: Any, connector: FakeConnector, say: Texts) -> list[int]:
    activities = _teams_activities(connector.url, say)

    async def scenario() -> list[int]:
        statuses = []
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            for activity in activities:
                if isinstance(activity, bytes):
                    headers = {"Content-Type": "application/json"}
                    answer = await endpoint.client.post(
                        "/api/messages", data=activity, headers=headers
                    )
                    statuses.append(answer.status)
                else:
                    statuses.append((await endpoint.post(activity))[0])
        return statuses

    return asyncio.run(scenario())


def _break_idea_storage(runtime: Any) -> None:
    with runtime.db.engine.begin() as conn:
        statements = (FAIL_SQLITE,) if runtime.db.is_sqlite else FAIL_POSTGRES
        for statement in statements:
            conn.execute(text(statement))


def test_a_hostile_run_leaves_none_of_its_texts_in_the_logs(database_url: str, logged) -> None:
    runtime = demo_runtime(database_url)
    say = Texts()
    try:
        with FakeConnector() as connector:
            _core_run(runtime, say)
            healthy = _teams_run(runtime, connector, say)
            _break_idea_storage(runtime)
            failing = _core_run(runtime, say)
            broken = _teams_run(runtime, connector, say)
            answered = json.dumps([c.body for c in connector.sent()])
    finally:
        runtime.db.dispose()
    log = logged()
    assert all(s < 500 for s in healthy + broken), (healthy, broken)
    assert any("NOT saved" in reply for reply in failing)  # the database did fail mid-request
    assert "NOT saved" in answered
    leaked = [word for word in say.words if word in log]
    assert leaked == [], f"{len(leaked)} of {len(say.words)} texts reached the logs"
    for fragment in ("HYPERLINK", "943 476 5919", "9434765919", "txt.exe", "xxxxxxxxxx"):
        assert fragment not in log, fragment
    assert "Traceback" in log  # the failures were logged, with their tracebacks


def test_the_console_logs_none_of_its_texts_when_the_database_fails(database_url: str) -> None:
    demo = run_cli(database_url, "demo", cwd=ROOT)
    assert demo.returncode == 0, demo.stderr
    db = Database(database_url)
    try:
        with db.engine.begin() as conn:
            for statement in (FAIL_SQLITE,) if db.is_sqlite else FAIL_POSTGRES:
                conn.execute(text(statement))
    finally:
        db.dispose()
    say = Texts()
    lines = [f"/idea {say(h)}" for h in HOSTILE] + [f"/huddle escalate {say(h)}" for h in HOSTILE]
    done = run_cli(
        database_url,
        *("chat", "--team", "ward-7", "--user", "Demo Lead"),
        stdin="\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n",
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert "NOT saved" in done.stdout  # the database failed mid-request
    assert "Traceback" in done.stderr  # and the failure was logged
    assert [word for word in say.words if word in done.stderr] == []
