"""The database goes away for a while as staff answer their huddle in Teams: every answer told
"Recorded" is in the database afterwards, every answer not saved was told "NOT saved" in its
channel, and no answer is stored twice (not even when Teams posts the activity again).

The same outage as the Slack test (`test_faults_database_outage.py`): PostgreSQL cut through a
loopback TCP proxy, or the SQLite file locked by another connection."""

from __future__ import annotations

import copy
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from fakes import teams_activities as act
from fakes.drained_server import DrainedServer
from fakes.drills.fanout_kill import START, apply_config
from fakes.drills.teams_install import bot_added, channel, post_activity, write_config
from fakes.teams_connector import FakeConnector
from tests.ops.test_faults_database_outage import reachable, told_the_truth

TEAMS = 12  # four answer before the outage, four during it, four after


def nurse(n: int) -> dict[str, str]:
    return {"id": f"29:nurse-{n}", "name": f"Nurse {n}"}


def with_nurses(path: Path) -> Path:
    """The Teams trust, with nurse n a member of team n."""
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["people"] += [
        {"name": nurse(n)["name"], "teams": nurse(n)["id"], "roles": [f"member:team-{n}"]}
        for n in range(TEAMS)
    ]
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def falls(service_url: str, n: int) -> dict[str, Any]:
    """Nurse n, in their team's channel: "@Huddlebot huddle falls 3"."""
    activity = act.message(service_url, "huddle falls 3", nurse(n), in_channel=True)
    activity["conversation"]["id"] = f"{channel(n)};messageid={activity['id']}"
    activity["channelData"] = {
        "tenant": {"id": act.TENANT},
        "team": {"id": channel(n), "name": f"Team {n}"},
        "channel": {"id": channel(n)},
    }
    return activity


def _answer(server: str, teams: FakeConnector, n: int, again: bool = False) -> str:
    """Nurse n records 3 falls (Teams posting it twice when `again`); what they were told."""
    activity = falls(teams.url, n)
    assert post_activity(server, activity) < 300  # answered within Teams' 15 s
    if again:
        assert post_activity(server, copy.deepcopy(activity)) < 300
    return " ".join(
        c.body.get("text") or str(c.body.get("attachments", ""))
        for c in teams.sent()
        if c.conversation.startswith(channel(n))
    )


def test_teams_answers_during_an_outage_are_saved_or_told_not_saved(
    database_url: str, tmp_path: Path
) -> None:
    told: dict[int, str] = {}
    with FakeConnector() as teams, reachable(database_url) as (bot_url, outage):
        env = {"HUDDLEBOT_DATABASE_URL": bot_url, "HUDDLEBOT_INSECURE_DEV": "1"}
        apply_config(env, with_nurses(write_config(tmp_path / "teams.yaml", TEAMS)))
        with DrainedServer(env, ("--role", "web", "--now", START.isoformat())) as server:
            for n in range(TEAMS):
                assert post_activity(server.url, bot_added(teams.url, n)) < 300
            for n in range(4):
                told[n] = _answer(server.url, teams, n)
            with ThreadPoolExecutor(4) as pool:
                with outage:
                    during = [pool.submit(_answer, server.url, teams, n) for n in range(4, 8)]
                    time.sleep(4)
                for n, future in zip(range(4, 8), during, strict=True):
                    told[n] = future.result()
            for n in range(8, TEAMS):
                told[n] = _answer(server.url, teams, n, again=True)
            log = server.stop()
    told_the_truth(told, database_url, log)
