"""A trust on Teams as an installation leaves it: ~N teams each with a `teams_channel`, the app
added to each channel (Teams posts a conversationUpdate to `/api/messages`, which stores the
channel's conversation reference), and the trust admin having said hello in a personal chat.

Shared by `tests/ops/test_faults_teams_outage.py` and `bench/teams_fanout_bench.py`."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from fakes import teams_activities as act
from fakes.drills import fanout_kill

ADMIN = {"id": "29:ops-admin", "name": "Ops Admin"}
ADMIN_CHAT = f"a:personal-{ADMIN['id']}"


def channel(n: int) -> str:
    """Team n's huddle channel (a team's General channel has the team's id)."""
    return f"19:team-{n:04d}@thread.tacv2"


def write_config(path: Path, teams: int) -> Path:
    """One trust in one tenant, one division, `teams` teams huddling at 08:30 in their own
    Teams channel, and a trust admin known by their Teams id."""
    return fanout_kill.write_config(
        path, teams, on="teams", channel_of=channel, admin=(ADMIN["name"], ADMIN["id"])
    )


def _activity(service_url: str, conversation: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "id": f"install-{conversation['id']}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "timestamp": "2027-02-28T12:00:00.000Z",
        "recipient": {"id": act.BOT_ID, "name": "Huddlebot"},
        "conversation": {**conversation, "tenantId": act.TENANT},
        "channelData": {"tenant": {"id": act.TENANT}},
        **fields,
    }


def bot_added(service_url: str, n: int) -> dict[str, Any]:
    """What Teams posts when the app is added to team n: the bot joins its General channel."""
    activity = _activity(
        service_url,
        {"id": channel(n), "conversationType": "channel", "isGroup": True},
        type="conversationUpdate",
        membersAdded=[{"id": act.BOT_ID}],
        **{"from": act.LEAD},
    )
    activity["channelData"] = {
        "tenant": {"id": act.TENANT},
        "team": {"id": channel(n), "name": f"Team {n}"},
        "channel": {"id": channel(n)},
        "eventType": "teamMemberAdded",
    }
    return activity


def admin_hello(service_url: str) -> dict[str, Any]:
    """The trust admin's first message to the bot, in their personal chat."""
    chat = {"id": ADMIN_CHAT, "conversationType": "personal"}
    return _activity(
        service_url, chat, type="message", text="help", textFormat="plain", **{"from": ADMIN}
    )


def post_activity(server_url: str, activity: dict[str, Any]) -> int:
    """POST one activity to the running server's `/api/messages`, as Teams would."""
    request = urllib.request.Request(
        f"{server_url}/api/messages",
        data=json.dumps(activity).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.status)


def install(server_url: str, service_url: str, teams: int) -> None:
    """The app added to every team's channel, and the admin's hello."""
    for n in range(teams):
        assert post_activity(server_url, bot_added(service_url, n)) in (200, 201)
    assert post_activity(server_url, admin_hello(service_url)) in (200, 201)
