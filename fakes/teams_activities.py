"""Teams activities as Teams sends them (shapes taken from the Agents Playground), for tests."""

from __future__ import annotations

import itertools
from typing import Any

BOT_ID = "28:huddlebot-test"
TENANT = "72f988bf-0000-4000-8000-000000000001"
WARD_7_CHANNEL = "19:ward7general@thread.tacv2"
LEAD = {"id": "29:lead", "name": "Demo Lead", "aadObjectId": "a1b2c3d4-0000-4000-8000-00000000000a"}
NURSE = {"id": "29:nurse", "name": "Demo Nurse"}
STRANGER = {"id": "29:stranger", "name": "Sam Stranger"}
_ids = itertools.count(1)


def _base(service_url: str, conversation: dict[str, Any], person: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"act-{next(_ids)}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "timestamp": "2027-03-01T08:29:00.000Z",
        "from": person,
        "recipient": {"id": BOT_ID, "name": "Huddlebot"},
        "conversation": conversation,
        "channelData": {"tenant": {"id": TENANT}},
    }


def personal_chat(person: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"a:personal-{person['id']}", "conversationType": "personal", "tenantId": TENANT}


def channel(thread: str | None = None) -> dict[str, Any]:
    cid = f"{WARD_7_CHANNEL};messageid={thread}" if thread else WARD_7_CHANNEL
    return {"id": cid, "conversationType": "channel", "isGroup": True, "tenantId": TENANT}


def _team_data() -> dict[str, Any]:
    return {
        "tenant": {"id": TENANT},
        "team": {"id": WARD_7_CHANNEL, "name": "Ward 7"},
        "channel": {"id": WARD_7_CHANNEL},
    }


def message(
    service_url: str,
    text: str,
    person: dict[str, Any] = LEAD,
    *,
    in_channel: bool = False,
    mention: bool = True,
    thread: str | None = None,
) -> dict[str, Any]:
    """A typed message: in a personal chat, or in the ward's channel with an @mention."""
    if not in_channel:
        activity = _base(service_url, personal_chat(person), person)
        activity.update(type="message", text=text, textFormat="plain")
        return activity
    activity = _base(service_url, channel(thread), person)
    # Teams names a new channel post's thread after the post itself.
    activity["conversation"] = channel(thread or activity["id"])
    activity["channelData"] = _team_data()
    if mention:
        text = f"<at>Huddlebot</at> {text}"
        activity["entities"] = [
            {
                "type": "mention",
                "text": "<at>Huddlebot</at>",
                "mentioned": {"id": BOT_ID, "name": "Huddlebot"},
            }
        ]
    activity.update(type="message", text=text, textFormat="plain")
    return activity


def card_submit(
    service_url: str,
    value: dict[str, Any],
    reply_to: str,
    person: dict[str, Any] = LEAD,
    *,
    in_channel: bool = False,
) -> dict[str, Any]:
    """What Teams sends when Action.Submit is pressed on a card: data plus inputs, as strings."""
    conversation = channel(reply_to) if in_channel else personal_chat(person)
    activity = _base(service_url, conversation, person)
    if in_channel:
        activity["channelData"] = _team_data()
    activity.update(type="message", value=value, replyToId=reply_to)
    return activity


def installed(service_url: str, person: dict[str, Any] = LEAD) -> dict[str, Any]:
    activity = _base(service_url, channel(), person)
    selected = {"selectedChannel": {"id": WARD_7_CHANNEL}}
    activity["channelData"] = {**_team_data(), "settings": selected}
    activity.update(type="installationUpdate", action="add")
    return activity


def bot_added(service_url: str, person: dict[str, Any] = LEAD) -> dict[str, Any]:
    activity = _base(service_url, channel(), person)
    activity["channelData"] = {**_team_data(), "eventType": "teamMemberAdded"}
    activity.update(type="conversationUpdate", membersAdded=[{"id": BOT_ID}])
    return activity


def compose_extension(
    service_url: str, name: str, value: dict[str, Any], person: dict[str, Any] = LEAD
) -> dict[str, Any]:
    activity = _base(service_url, channel(), person)
    activity["channelData"] = {**_team_data(), "source": {"name": "compose"}}
    activity.update(type="invoke", name=name, value=value)
    return activity
