"""With an app id configured, only requests signed by Teams get in; everything else is a 401,
including when the signing keys cannot be fetched, and the server keeps serving."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from adapters.teams import TeamsSettings, check_teams_settings
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector, FakeSigningKeys
from tests.teams.conftest import serving

APP_ID = "11111111-2222-4333-8444-555555555555"


def settings(metadata_url: str = "", tenant: str = "") -> TeamsSettings:
    return TeamsSettings(
        app_id=APP_ID,
        app_password="not-a-real-secret",
        tenant_id=tenant,
        openid_metadata_url=metadata_url,
    )


def _typing(url: str) -> dict[str, Any]:
    """An activity the bot accepts without answering (so no outbound token is needed)."""
    activity = act.message(url, "")
    activity["type"] = "typing"
    return activity


def test_unsigned_request_is_refused_and_the_server_keeps_serving(runtime, connector) -> None:
    async def scenario() -> None:
        async with serving(runtime, settings()) as endpoint:
            for _ in range(3):
                status, _ = await endpoint.post(act.message(connector.url, "help"))
                assert status == 401
            response = await endpoint.client.get("/api/messages")
            assert response.status == 200

    asyncio.run(scenario())
    assert connector.sent() == []


@pytest.mark.parametrize("token", ["not-a-jwt", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", ""])
def test_garbage_tokens_are_refused_not_crashed_on(runtime, connector, token: str) -> None:
    async def scenario() -> int:
        async with serving(runtime, settings()) as endpoint:
            status, _ = await endpoint.post(act.message(connector.url, "help"), token=token or " ")
            return status

    assert asyncio.run(scenario()) == 401
    assert connector.sent() == []


def test_tokens_signed_by_teams_get_in_and_others_do_not(runtime, connector) -> None:
    stranger_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with FakeSigningKeys() as keys:
        good = keys.token(APP_ID, connector.url)
        cases = {
            "valid": good,
            "expired": keys.token(APP_ID, connector.url, expires_in=-3600),
            "forged": keys.token(APP_ID, connector.url, key=stranger_key),
            "for another bot": keys.token("someone-else", connector.url),
            "for another service url": keys.token(APP_ID, "https://evil.example/"),
        }

        async def scenario() -> dict[str, int]:
            async with serving(runtime, settings(keys.metadata_url)) as endpoint:
                return {
                    name: (await endpoint.post(_typing(connector.url), token))[0]
                    for name, token in cases.items()
                }

        statuses = asyncio.run(scenario())
    assert statuses == {
        "valid": 201,
        "expired": 401,
        "forged": 401,
        "for another bot": 401,
        "for another service url": 401,
    }


def test_unreachable_signing_keys_fail_closed(runtime, connector) -> None:
    with FakeSigningKeys() as keys:
        token = keys.token(APP_ID, connector.url)
        metadata_url = keys.metadata_url
    # The key server is gone now: the token cannot be checked, so it is refused.

    async def scenario() -> list[int]:
        async with serving(runtime, settings(metadata_url)) as endpoint:
            first = (await endpoint.post(_typing(connector.url), token))[0]
            second = (await endpoint.post(_typing(connector.url), token))[0]
            alive = (await endpoint.client.get("/api/messages")).status
            return [first, second, alive]

    assert asyncio.run(scenario()) == [401, 401, 200]


def test_single_tenant_app_refuses_other_tenants(runtime, connector) -> None:
    with FakeSigningKeys() as keys:
        ours, theirs = _typing(connector.url), _typing(connector.url)
        theirs["channelData"]["tenant"]["id"] = "another-tenant"
        token = keys.token(APP_ID, connector.url)

        async def scenario() -> tuple[int, int, int]:
            tenant = act.TENANT
            async with serving(runtime, settings(keys.metadata_url, tenant)) as endpoint:
                signed_other_tid = keys.token(APP_ID, connector.url, tid="another-tenant")
                return (
                    (await endpoint.post(ours, token))[0],
                    (await endpoint.post(theirs, token))[0],
                    (await endpoint.post(ours, signed_other_tid))[0],
                )

        assert asyncio.run(scenario()) == (201, 401, 401)


def test_insecure_mode_needs_no_token(runtime, connector: FakeConnector) -> None:
    async def scenario() -> int:
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            return (await endpoint.post(act.message(connector.url, "help")))[0]

    assert asyncio.run(scenario()) == 201
    assert "huddle" in connector.texts()[0]


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"TEAMS_APP_PASSWORD": "s3cret"}, "TEAMS_APP_PASSWORD"),
        ({"TEAMS_TENANT_ID": "t"}, "TEAMS_TENANT_ID"),
        ({"TEAMS_APP_ID": "x"}, "TEAMS_APP_PASSWORD"),
        ({"TEAMS_APP_ID": "x", "TEAMS_APP_PASSWORD": "s"}, None),
        ({"HUDDLEBOT_INSECURE_DEV": "1"}, None),
        ({}, None),
    ],
)
def test_half_configured_teams_is_named(env: dict[str, str], problem: str | None) -> None:
    message = check_teams_settings(env)
    if problem is None:
        assert message is None
    else:
        assert message is not None and problem in message


def test_insecure_mode_says_so_loudly_at_start(runtime, capsys) -> None:
    from adapters.teams import teams_routes

    teams_routes(runtime.host(), TeamsSettings(insecure_dev=True))
    assert "UNSIGNED" in capsys.readouterr().err
    teams_routes(runtime.host(), settings())
    assert "UNSIGNED" not in capsys.readouterr().err
