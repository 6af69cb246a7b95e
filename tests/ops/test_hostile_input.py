"""Hostile text through every free-text entry point, on the core (console), the Slack HTTP
endpoint of a running server and the Teams adapter: nothing crashes, nothing answers 5xx, each
gets a clear reply, patient numbers are refused, and what the bot posts cannot ping, link,
template or inject."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import time
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from adapters.teams import TeamsSettings
from bot.app import APOLOGY
from bot.events import Command, Origin, Sender
from bot.messages import Post, fallback_text
from fakes import teams_activities as act
from fakes.drained_server import DrainedServer
from fakes.server_process import ROOT
from fakes.slack_api import FakeSlack
from fakes.slack_requests import signed, slash_command
from fakes.teams_connector import FakeConnector
from tests.kit.cli import run_cli
from tests.ops.authz_kit import NOW, demo_runtime
from tests.teams.conftest import serving

HOSTILE = {
    "channel ping": "<!channel> the ward is closed",
    "here ping": "<!here> read this",
    "mention": "<@U0ADMIN> look at this",
    "disguised link": "<https://evil.example|nhs.uk> log in here",
    "markdown link": "[x](javascript:alert(1)) click",
    "card template": "{{DATE(2027-03-01T08:00:00Z, SHORT)}} meeting",
    "teams mention": "<at>Demo Admin</at> please",
    "control characters": "one\ntwo\r\n\x1b[31mred\x1b[0m \x00\x07 bell",
    "formula": '=HYPERLINK("https://evil.example","open") for staff',
    "bidi": "\u202etxt.exe fix\u200b",
}
RAW_DANGERS = ("<!channel>", "<!here>", "<@U0ADMIN>", "<https://evil", "](javascript:", "{{DATE")
NHS_REFUSED = ("943 476 5919", "9434765919", "943-476-5919", "NHS no 943 476 5919", "999 000 0018")
NHS_ACCEPTED = ("987 654 4321", "07700 900123", "0113 496 0000", "on 01/03/2027", "bed 12 bay 3")
LONG = "x" * 2_100
# Formula starters that only NFKC turns into = + - @ (fullwidth, small, superscript forms).
WIDE = (
    "\uff1dHYPERLINK(1) wide equals",
    "\uff0bSUM(A1) wide plus",
    "\uff0d2 wide minus",
    "\uff20cmd wide at",
    "\ufe66cmd small equals",
    "\u200b=1 hidden start",
)

# entry point -> (who, where, command line with {text})
ENTRIES = {
    "idea": ("Demo Nurse", "#ward-7", "/idea {text}"),
    "escalation": ("Demo Lead", "#ward-7", "/huddle escalate {text}"),
    "huddle answer": ("Demo Nurse", "#ward-7", "/huddle falls {text}"),
    "rebase reason": ("Demo Lead", "#ward-7", "/huddle rebase staffing 2027-01-15 {text}"),
    "decline reason": ("Demo Director", "#ward-7", "/visit decline 2 {text}"),
    "visit notes": ("Demo Admin", "#ward-7", "/visit notes 1 saw={text}"),
    "resolve note": ("Demo Admin", "#ward-7", "/huddle resolve 1 {text}"),
}


def _say(runtime, who: str, where: str, line: str) -> str:  # type: ignore[no-untyped-def]
    name, _, rest = line.lstrip("/").partition(" ")
    posts = runtime.bot.handle(
        Command(Sender("console", who, who), Origin("console", "console", where), name, rest, NOW)
    )
    return " | ".join(fallback_text(p.message) for p in posts if isinstance(p, Post))


def test_every_entry_point_answers_every_hostile_text_clearly(database_url: str) -> None:
    runtime = demo_runtime(database_url)
    try:
        for entry, (who, where, line) in ENTRIES.items():
            for name, text in {"oversized": LONG, **HOSTILE}.items():
                reply = _say(runtime, who, where, line.format(text=text))
                assert reply, f"{entry} / {name}: no reply"
                assert APOLOGY not in reply, f"{entry} / {name} crashed: {reply[:200]}"
                if name == "oversized" and entry != "huddle answer":
                    assert "limit" in reply, f"{entry}: {reply[:200]}"
    finally:
        runtime.db.dispose()


@pytest.mark.parametrize("entry", ["idea", "escalation", "decline reason", "visit notes"])
def test_nhs_numbers_are_refused_and_ordinary_numbers_are_not(
    database_url: str, entry: str
) -> None:
    runtime = demo_runtime(database_url)
    who, where, line = ENTRIES[entry]
    try:
        for number in NHS_REFUSED:
            reply = _say(runtime, who, where, line.format(text=f"about {number} today"))
            assert "NHS number" in reply, f"{entry} accepted {number}: {reply[:200]}"
        for harmless in NHS_ACCEPTED:
            reply = _say(runtime, who, where, line.format(text=f"about {harmless} today"))
            assert "NHS number" not in reply and "patient" not in reply.lower(), (
                f"{entry} refused {harmless}: {reply[:200]}"
            )
            if entry == "decline reason":
                break  # the visit is declined now: the rest would be refused for that reason
    finally:
        runtime.db.dispose()


def test_exported_ideas_cannot_run_as_formulas(database_url: str, tmp_path: Path) -> None:
    runtime = demo_runtime(database_url)
    try:
        for text in ("=1+2 more beds", "+SUM(A1) spare", "@cmd huddle", "-2 staff short", *WIDE):
            assert "Idea #" in _say(runtime, "Demo Nurse", "#ward-7", f"/idea {text}")
    finally:
        runtime.db.dispose()
    out = tmp_path / "ideas.csv"
    done = run_cli(database_url, "export", "ideas", "--csv", str(out), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    cells = [c.strip('"') for line in out.read_text().splitlines() for c in line.split(",")]
    for start in ("=1+2", "+SUM", "@cmd", "-2 staff"):
        assert not any(c.startswith(start) for c in cells), f"a cell starts with {start}"
        assert any(c.startswith("'" + start) for c in cells), f"{start} not exported"
    for cell in cells:  # fullwidth and other look-alike formula starters too
        shown = unicodedata.normalize("NFKC", cell).lstrip(" \u200b\ufeff")
        assert not shown.startswith(("=", "+", "-", "@", "\u2212")), f"unsafe cell {cell!r}"
    for text in WIDE:
        assert any(text.split()[0] in c for c in cells), f"{text!r} not exported"


SIGNING = "hostile-signing-secret"
RAW_BODIES = {
    "invalid utf-8": (
        b"command=%2Fidea&text=\xff\xfe\x80bad&user_id=U0NURSE",
        "application/x-www-form-urlencoded",
    ),
    "malformed json": (b'{"type": "event_callback", "event": {', "application/json"),
    "oversized json": (b'{"pad": "' + b"x" * 2_000_000 + b'"}', "application/json"),
    "json array": (b"[1, 2, 3]", "application/json"),
    "json null": (b"null", "application/json"),
    "nested too deep": (b'{"event": ' + b"[" * 5000 + b"]" * 5000 + b"}", "application/json"),
    "payload not json": (b"payload=%7B%22type%22%3A", "application/x-www-form-urlencoded"),
    "payload nested too deep": (b"payload=" + b"%5B" * 5000, "application/x-www-form-urlencoded"),
    "wrong content type": (b"\x00\x01binary", "application/octet-stream"),
    "xml": (b"<?xml version='1.0'?><a/>", "text/xml"),
}
# X-Slack-Request-Timestamp and X-Slack-Signature (None: the body's own good signature)
BAD_HEADERS = {
    "timestamp letters": ("abc", None),
    "timestamp exponent": ("1e12", None),
    "timestamp empty": ("", None),
    "timestamp negative": ("-1", None),
    "timestamp huge": ("9" * 40, None),
    "timestamp float": ("1700000000.5", None),
    "signature not hex": (str(int(time.time())), "v0=zz"),
    "signature empty": (str(int(time.time())), ""),
}
TOLERATED = ("oversized json", "wrong content type", "xml")  # today: no 5xx for these


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code


def _signed_bytes(body: bytes, content_type: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }


def test_slack_endpoint_takes_hostile_text_and_bodies_without_a_5xx(database_url: str) -> None:
    with FakeSlack(members={"C0WARD7"}) as slack:
        env = {
            "HUDDLEBOT_DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-hostile-test",
            "SLACK_SIGNING_SECRET": SIGNING,
            "SLACK_API_URL": slack.url,
        }
        statuses: dict[str, int] = {}
        with DrainedServer(env, ("--log-json",)) as server:
            events = f"{server.url}/slack/events"
            link = slash_command(
                "/huddle",
                "link ward-7",
                user="U0LEAD",
                channel="C0WARD7",
                response_url=slack.response_url(),
            )
            statuses["link"] = _post(events, link.encode(), signed(link, SIGNING))
            for name, text in HOSTILE.items():
                for command in ("idea", "huddle escalate"):
                    verb, _, sub = command.partition(" ")
                    body = slash_command(
                        f"/{verb}",
                        f"{sub} {text}".strip(),
                        user="U0NURSE",
                        channel="C0WARD7",
                        response_url=slack.response_url(),
                    )
                    statuses[f"{command} {name}"] = _post(
                        events, body.encode(), signed(body, SIGNING)
                    )
            for name, (body, kind) in RAW_BODIES.items():
                if name in TOLERATED:
                    statuses[name] = _post(events, body, _signed_bytes(body, kind))
            time.sleep(2)  # let acked work finish and post
            log = server.stop()
        said = json.dumps(
            [c.params for c in slack.calls] + [r for rs in slack.responses.values() for r in rs]
        )
    assert {k: s for k, s in statuses.items() if s >= 500} == {}, statuses
    assert all(statuses[k] < 400 for k in statuses if k.startswith(("idea", "huddle"))), statuses
    for danger in RAW_DANGERS[:4]:
        assert danger not in said, f"posted unescaped to Slack: {danger}"
    assert "Traceback" not in log
    entries = [json.loads(line) for line in filter(None, log.splitlines())]
    assert all(isinstance(e, dict) for e in entries), "not one JSON log line each"
    logged = json.dumps(entries, ensure_ascii=False)
    leaked = [t[:40] for t in HOSTILE.values() if t.split("\n")[0] in logged]
    assert leaked == [], f"staff text in the log: {leaked}"
    assert "/response/" not in logged  # no response_url either


def _strings(value: object) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


TEAMS_DANGERS = {
    "markdown link": re.compile(r"(?<!\\)\]\(javascript:"),
    "card template": re.compile(r"\{\{DATE"),
    "mention": re.compile(r"<at>Demo Admin</at>"),
}


def test_teams_adapter_renders_hostile_text_inert(database_url: str) -> None:
    runtime = demo_runtime(database_url)

    async def scenario(connector: FakeConnector) -> list[int]:
        statuses = []
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            for text in HOSTILE.values():
                for line in (f"idea {text}", f"huddle escalate {text}"):
                    activity = act.message(connector.url, line, in_channel=True)
                    statuses.append((await endpoint.post(activity))[0])
            broken = act.message(connector.url, "idea fine")
            broken["text"] = {"not": "a string"}
            statuses.append((await endpoint.post(broken))[0])
        return statuses

    try:
        with FakeConnector() as connector:
            statuses = asyncio.run(scenario(connector))
            sent = [s for r in connector.sent() for s in _strings(r.body)]
    finally:
        runtime.db.dispose()
    assert all(s < 500 for s in statuses), statuses
    assert sent, "the bot said nothing"
    for name, danger in TEAMS_DANGERS.items():
        found = [s[:120] for s in sent if danger.search(s)]
        assert found == [], f"sent to Teams unescaped ({name}): {found}"


def test_slack_answers_malformed_bodies_with_a_4xx(database_url: str) -> None:
    env = {
        "HUDDLEBOT_DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-hostile-test",
        "SLACK_SIGNING_SECRET": SIGNING,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    with DrainedServer(env) as server:
        statuses = {
            name: _post(f"{server.url}/slack/events", body, _signed_bytes(body, kind))
            for name, (body, kind) in RAW_BODIES.items()
        }
        body = b"command=%2Fidea&text=hello&user_id=U0NURSE&team_id=T0TRUST"
        for name, (stamp, signature) in BAD_HEADERS.items():
            headers = {
                **_signed_bytes(body, "application/x-www-form-urlencoded"),
                "X-Slack-Request-Timestamp": stamp,
            }
            if signature is not None:
                headers["X-Slack-Signature"] = signature
            statuses[name] = _post(f"{server.url}/slack/events", body, headers)
        log = server.stop()
    assert {k: s for k, s in statuses.items() if s >= 500} == {}, statuses
    assert {k: statuses[k] for k in BAD_HEADERS} == {k: 401 for k in BAD_HEADERS}
    assert "Traceback" not in log


CONSOLE_HOSTILE = {
    b"/idea a bed \xff\xfe bay rail\n": "Idea #",
    b":press 99999999999999999999999\n": "No such button",
    b":advance 99999999999d\n": "at most 366d",
    b":advance 400d\n": "at most 366d",
    b":now 9999-12-31T23:59\n": "Choose a time from 2000",
    b":now 0001-01-01T00:00\n": "Choose a time from 2000",
    b":now \xff\n": "Not a date and time",
    b":form =;=;;\n": "There is no form",
    b"/" + b"x" * 100_000 + b"\n": "I don't know the command",
    b"/idea " + b"y" * 1_000_000 + b"\n": "limit",
    b"/huddle falls {'a': [1, {'b': 2}]}\n": "",
    b"\x00\x01\x1b[31m\n": "",
    b":advance 2m\n": "",
    b"/help\n": "Here is what I can do",
}


def test_the_console_answers_hostile_lines_and_keeps_going(database_url: str) -> None:
    demo = run_cli(database_url, "demo")
    assert demo.returncode == 0, demo.stderr
    done = run_cli(
        database_url,
        *("chat", "--team", "ward-7", "--user", "Demo Nurse"),
        stdin=b"".join(CONSOLE_HOSTILE),  # read as strict UTF-8: a stray byte must not end it
        cwd=ROOT,
    )
    out, err = done.stdout, done.stderr
    assert done.returncode == 0 and "Traceback" not in err, err[-800:]
    missing = {line[:40]: want for line, want in CONSOLE_HOSTILE.items() if want not in out}
    assert missing == {}, out[-2000:]
    assert APOLOGY not in out
    assert "a bed \ufffd\ufffd bay rail" in out  # the stray bytes, shown as such
