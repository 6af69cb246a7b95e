"""Whatever arrives at `/api/messages` (broken JSON, the wrong shapes, the wrong content type, a
body too big), Teams' endpoint answers with a 4xx (or, for an authenticated activity it cannot
act on, quietly does nothing), never a 5xx nor a crash, and goes on serving."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from adapters.teams import TeamsSettings
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from tests.teams.conftest import serving

JSON = "application/json"


def bodies(service_url: str) -> dict[str, tuple[bytes, str]]:
    good = act.message(service_url, "idea help")

    def shaped(**change: Any) -> bytes:
        return json.dumps({**good, **change}).encode()

    return {
        "empty": (b"", JSON),
        "not json": (b"{'type': 'message'", JSON),
        "invalid utf-8": (b'{"type": "message", "text": "\xff\xfe"}', JSON),
        "a list": (b"[1, 2, 3]", JSON),
        "a string": (b'"message"', JSON),
        "null": (b"null", JSON),
        "no type": (shaped(type=None), JSON),
        "conversation a string": (shaped(conversation="19:x"), JSON),
        "from a number": (shaped(**{"from": 5}), JSON),
        "text an object": (shaped(text={"a": 1}), JSON),
        "value a list": (shaped(value=[1, 2]), JSON),
        "entities not a list": (shaped(entities="mention"), JSON),
        "no conversation": (shaped(conversation=None), JSON),
        "unknown type": (shaped(type="somethingNew"), JSON),
        "nested too deep": (
            b'{"type": "message", "value": ' + b"[" * 5000 + b"]" * 5000 + b"}",
            JSON,
        ),
        "over a megabyte": (shaped(text="x" * 1_100_000), JSON),
        "form encoded": (b"type=message&text=hi", "application/x-www-form-urlencoded"),
        "plain text": (b"hello", "text/plain"),
        "no content type": (shaped(), ""),
    }


def test_malformed_bodies_get_a_4xx_and_the_endpoint_keeps_serving(
    runtime, connector, caplog
) -> None:
    async def scenario() -> tuple[dict[str, int], int]:
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            statuses = {}
            for name, (body, content_type) in bodies(connector.url).items():
                headers = {"Content-Type": content_type} if content_type else {}
                response = await endpoint.client.post("/api/messages", data=body, headers=headers)
                statuses[name] = response.status
            after, _ = await endpoint.post(act.message(connector.url, "idea help"))
            return statuses, after

    statuses, after = asyncio.run(scenario())
    assert {name: s for name, s in statuses.items() if s >= 500} == {}
    refused = {"empty", "not json", "invalid utf-8", "a list", "a string", "null", "no type"}
    refused |= {"over a megabyte", "form encoded", "plain text", "no content type"}
    assert {name for name, s in statuses.items() if 400 <= s < 500} >= refused, statuses
    assert after < 300 and "idea" in connector.texts()[-1].lower()  # still serving
    crashes = [r.getMessage() for r in caplog.records if r.exc_info]
    assert crashes == []


@pytest.mark.parametrize("size", [2_001, 60_000])
def test_oversized_text_gets_a_polite_reply_not_a_crash(runtime, connector: FakeConnector, size):  # type: ignore[no-untyped-def]
    async def scenario() -> int:
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            status, _ = await endpoint.post(act.message(connector.url, "idea " + "x" * size))
            return status

    assert asyncio.run(scenario()) < 300
    (reply,) = connector.texts()
    assert "not posted" in reply and "the limit is 2,000" in reply
