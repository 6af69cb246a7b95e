"""`/huddle chart falls` in Slack: the PNG is rendered off the request path and uploaded with
files_upload_v2 (alt text, into the channel); where the bot is not a member it asks to be
invited instead of failing silently."""

from __future__ import annotations

import pytest

from fakes.slack_api import FakeSlack
from fakes.slack_requests import signed, slash_command
from tests.slack.conftest import SECRET, WARD_7


@pytest.fixture
def runtime(demo_runtime):  # type: ignore[no-untyped-def]
    """The whole demo trust: a chart is drawn from its history."""
    return demo_runtime


def chart(server, slack: FakeSlack, channel: str) -> str:  # type: ignore[no-untyped-def]
    url = slack.response_url()
    body = slash_command(
        "/huddle",
        "chart falls",
        user="U0NURSE",
        channel=channel,
        response_url=url,
        trigger_id=slack.trigger(),
    )
    assert server.post(body, signed(body, SECRET))[0] == 200
    return url


def test_a_chart_is_uploaded_into_the_channel_with_alt_text(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    chart(server, slack_api, WARD_7)

    [done] = slack_api.wait_for("files.completeUploadExternal", timeout=30)
    [asked] = slack_api.calls_to("files.getUploadURLExternal")
    assert done.params["channel_id"] == WARD_7
    assert "fall" in asked.params["alt_txt"].lower()
    [png] = slack_api.uploads.values()
    assert png.startswith(b"\x89PNG")


def test_where_the_bot_is_not_a_member_it_asks_to_be_invited(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    url = chart(server, slack_api, "C0OTHER")

    [reply] = slack_api.wait_for_response(url, timeout=30)
    assert "/invite @Huddlebot" in reply["text"]
    [refused] = slack_api.calls_to("files.completeUploadExternal")
    assert refused.params["channel_id"] == "C0OTHER"  # Slack said not_in_channel
