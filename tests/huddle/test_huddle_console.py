"""The same huddle flows through the console: typed lines in, printed posts out, the simulated
clock driving the scheduler minute by minute."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adapters.console import ConsolePlatform, ConsoleSession
from bot.assembly import load_demo
from bot.db import Database
from huddlebot.bootstrap import build
from huddlebot.console_loop import ManualClock, chat
from huddlebot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


TUESDAY = date(2027, 3, 2)  # not Monday: the weekly charts would join in


def _demo(database_url: str) -> None:
    db = Database(database_url)
    with db.session() as s:
        load_demo(s, TUESDAY, datetime(2027, 3, 2, 7, 0, tzinfo=UTC))
    db.dispose()


def run(database_url: str, out_dir: Path, lines: list[str], user: str = "Demo Nurse") -> str:
    """Type `lines` into `huddlebot chat` (in-process) and return what it printed."""
    _demo(database_url)
    session = ConsoleSession(user=user, team="ward-7")
    session.set_local("2027-03-02T08:28")
    runtime = build(Settings(database_url=database_url), clock=ManualClock(session))
    out = io.StringIO()
    console = ConsolePlatform(out=out, out_dir=out_dir)
    runtime.platforms["console"] = console
    try:
        assert chat(runtime, session, io.StringIO("\n".join(lines) + "\n"), out, console) == 0
    finally:
        runtime.db.dispose()
    return out.getvalue()


def blocks(output: str) -> list[str]:
    """Each printed post (but other teams' channels): its `[where]` header and lines under it."""
    found: list[str] = []
    for line in output.splitlines():
        if line.startswith("[") and not line.startswith("[Record]"):
            found.append(line)
        elif found:
            found[-1] += "\n" + line
    return [b for b in found if not b.startswith(("[#ed]", "[#theatres]"))]


def test_prompt_answers_corrections_and_a_late_answer_in_the_console(
    database_url: str, tmp_path: Path
) -> None:
    out = blocks(
        run(
            database_url,
            tmp_path,
            [
                ":advance 1m",  # 08:29: nothing yet
                ":advance 1m",  # 08:30: the prompt
                "falls 1, staffing 92%, mood 4",
                "falls 1.5, mood 7, sepsis 2",
                "falls 2",
                "what time is it",
                "/huddle yesterday falls 3",
                "/huddle board",
                "/huddle history falls",
                ":advance 40m",
            ],
        )
    )
    assert out[0].startswith("[#ward-7]\nWard 7 huddle, Tue 2 Mar 08:30")
    assert "[Record] (:press 1)" in out[0]
    assert out[1].splitlines()[:2] == [
        "[#ward-7]",
        "Recorded for Ward 7, Tue 2 Mar: falls 1 · staffing 92%",
    ]
    assert out[2].startswith("[@Demo Nurse]\nMood is anonymous, so I did not record it here")
    assert out[3].startswith("[@Demo Nurse]\nNot recorded: falls 1.5 is not a whole number")
    assert "mood 7 is outside 1–5" in out[3]
    assert "I don't know 'sepsis'. Ward 7's measures are: falls, staffing" in out[3]
    assert out[4].startswith("[#ward-7]\nRecorded for Ward 7, Tue 2 Mar: falls 2 (was 1)")
    assert out[5].startswith("[@Demo Nurse]\nTo record the huddle, reply like")
    assert out[6].startswith("[#ward-7]\nRecorded for Ward 7, Mon 1 Mar: falls 3 (was ")
    assert "Team mood: yesterday too few answers to show" in out[7]
    assert "today not shown yet (answers close at midnight)" in out[7]
    assert out[8].splitlines()[1:] == [
        "Falls, Tue 2 Mar:",
        "  falls 1 — Demo Nurse, Tue 2 Mar 08:30 (replaced)",
        "  falls 2 — Demo Nurse, Tue 2 Mar 08:30 (current)",
    ]
    assert len(out) == 9  # no reminder: something was recorded


def test_the_reminder_in_the_console(database_url: str, tmp_path: Path) -> None:
    out = blocks(run(database_url, tmp_path, [":advance 40m"]))
    assert [b.splitlines()[1] for b in out] == [
        "Ward 7 huddle, Tue 2 Mar 08:30",
        "Reminder: nothing has been recorded yet for Ward 7's 08:30 huddle. Reply here with "
        "today's measures, press Record, or `/huddle none` if there is nothing to record.",
    ]


def test_escalation_round_trip_and_overdue_in_the_console(
    database_url: str, tmp_path: Path
) -> None:
    out = blocks(
        run(
            database_url,
            tmp_path,
            [
                "/huddle escalate Broken hoist in bay 3",
                ":user Demo Director",
                ":press 1",  # Acknowledge, on the division's card
                "/huddle resolve 1 New hoist ordered, arrives Thursday",
                ":user Demo Nurse",
                "/huddle escalate Sluice door jammed",
                "/huddle escalate NHS 943 476 5919 fell",
                ":now 2027-03-03T17:00",
                ":advance 2m",
            ],
        )
    )
    assert out[0].startswith("[#ward-7]\nEscalated to Medicine (#1): “Broken hoist in bay 3”.")
    assert out[1].startswith("[#medicine]\nEscalation #1 from Ward 7")
    assert out[2].startswith("[#ward-7]\nEscalation #1 acknowledged by Demo Director.")
    assert any(
        "You said: “Broken hoist in bay 3” — we did: “New hoist ordered, arrives Thursday”" in b
        and b.startswith("[#ward-7]")
        for b in out
    )
    assert any(b.startswith("[@Demo Nurse]\nIt looks like it contains an NHS number") for b in out)
    assert not any("943" in b for b in out)
    overdue = [b for b in out if "not answered by Medicine" in b]
    assert len(overdue) == 1 and overdue[0].startswith("[#trust]\nEscalation #2 from Ward 7")


def test_someone_outside_the_team_is_refused_in_the_console(
    database_url: str, tmp_path: Path
) -> None:
    out = blocks(run(database_url, tmp_path, ["falls 1"], user="Demo Director"))
    assert out == [
        "[@Demo Director]\nOnly members of Ward 7 can record its huddle. Nothing was saved. "
        "If you work on Ward 7, ask its team lead to add you."
    ]


@pytest.mark.slow
def test_huddlebot_chat_as_a_subprocess(database_url: str, tmp_path: Path) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("one backend is enough for the process test")
    _demo(database_url)
    env = dict(os.environ, HUDDLEBOT_DATABASE_URL=database_url)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "huddlebot.cli",
            "chat",
            "--team",
            "ward-7",
            "--user",
            "Demo Nurse",
            "--now",
            "2027-03-02T08:28",
            "--out",
            str(tmp_path),
        ],
        input=":advance 3m\nfalls 1, staffing 92%, mood 4\n:quit\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Ward 7 huddle, Tue 2 Mar 08:30" in result.stdout
    assert "Recorded for Ward 7, Tue 2 Mar: falls 1 · staffing 92%\n" in result.stdout
    assert "Mood is anonymous, so I did not record it here" in result.stdout
