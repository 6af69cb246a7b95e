"""The outbound port against the fake Slack, through the real AsyncWebClient."""

from __future__ import annotations

import asyncio
import base64
import time

import pytest

from adapters.slack.send import SlackPlatform, web_client
from bot.messages import Address, Attachment, Button, Chart, Edit, Post, Posted, Text
from bot.ports import DeliveryFailed
from fakes.slack_api import FakeSlack
from tests.slack.conftest import WARD_7

CHANNEL = Address("slack", "T0TRUST", WARD_7)
PNG = b"\x89PNG\r\n\x1a\n" + b"chart" * 20


def platform(fake: FakeSlack, timeout: int = 10) -> SlackPlatform:
    async def render(spec: object) -> bytes:
        return PNG

    return SlackPlatform(web_client("xoxb-test", fake.url, timeout), render_png=render)


def send(fake: FakeSlack, post: Post, timeout: int = 10) -> Posted:
    return asyncio.run(platform(fake, timeout).send(post))


def failure_of(fake: FakeSlack, post: Post, timeout: int = 10) -> DeliveryFailed:
    with pytest.raises(DeliveryFailed) as caught:
        send(fake, post, timeout)
    return caught.value


def test_a_post_lands_in_the_channel_escaped_with_its_buttons(slack_api: FakeSlack) -> None:
    message = Text(
        "Falls <!channel> & <https://evil.example|nhs.uk>",
        heading="Ward 7",
        buttons=(
            Button("Support", "idea:support", "42"),
            Button("Support too", "idea:support", "43"),
        ),
    )
    posted = send(slack_api, Post(CHANNEL, message))

    [shown] = slack_api.posted(WARD_7)
    assert posted == Posted("slack", WARD_7, shown["ts"])
    section = shown["blocks"][1]["text"]["text"]
    assert "<!channel>" not in section and "&lt;!channel&gt;" in section
    assert "&lt;https://evil.example|nhs.uk&gt;" in section
    assert "<!channel>" not in shown["text"]
    buttons = shown["blocks"][2]["elements"]
    assert [b["value"] for b in buttons] == ["42", "43"]
    assert len({b["action_id"] for b in buttons}) == 2  # Slack refuses repeated ids in a block
    assert shown["unfurl_links"] is False


def test_only_the_person_sees_an_ephemeral_reply_in_the_thread(slack_api: FakeSlack) -> None:
    to = Address("slack", "T0TRUST", WARD_7, thread="1700000000.000100", visible_to="U0NURSE")
    send(slack_api, Post(to, Text("Only you can see this")))

    [call] = slack_api.calls_to("chat.postEphemeral")
    assert call.params["user"] == "U0NURSE"
    assert call.params["thread_ts"] == "1700000000.000100"
    assert slack_api.posted() == []


def test_an_edit_replaces_the_prompt(slack_api: FakeSlack) -> None:
    posted = send(slack_api, Post(CHANNEL, Text("Falls today?")))
    edited = asyncio.run(platform(slack_api).edit(Edit(posted, Text("Recorded: 2 falls"))))

    assert edited == posted
    assert slack_api.posted(WARD_7)[0]["text"] == "Recorded: 2 falls"


def test_a_chart_is_uploaded_with_alt_text_into_the_thread(slack_api: FakeSlack) -> None:
    to = Address("slack", "T0TRUST", WARD_7, thread="1700000000.000100")
    chart = Chart(spec=None, alt="Falls per day, 30 days: no special cause.", title="Falls")  # type: ignore[arg-type]
    posted = send(slack_api, Post(to, chart))

    [asked] = slack_api.calls_to("files.getUploadURLExternal")
    assert asked.params["alt_txt"] == "Falls per day, 30 days: no special cause."
    [done] = slack_api.calls_to("files.completeUploadExternal")
    assert done.params["channel_id"] == WARD_7
    assert done.params["thread_ts"] == "1700000000.000100"
    assert slack_api.uploads[posted.message_id] == PNG
    assert slack_api.calls_to("files.upload") == []  # the retired method


def test_a_file_for_one_person_goes_to_their_direct_messages(slack_api: FakeSlack) -> None:
    to = Address("slack", "T0TRUST", WARD_7, visible_to="U0LEAD")
    posted = send(slack_api, Post(to, Attachment("ideas.csv", b"title\nBins\n", "Ideas export")))

    assert posted.conversation.startswith("D")
    assert slack_api.uploads[posted.message_id] == b"title\nBins\n"


def test_a_chart_in_a_channel_without_the_bot_is_a_permanent_not_in_channel(
    slack_api: FakeSlack,
) -> None:
    chart = Chart(spec=None, alt="Falls", title="Falls")  # type: ignore[arg-type]
    failed = failure_of(slack_api, Post(Address("slack", "T0TRUST", "C0OTHER"), chart))
    assert (failed.kind, failed.reason) == ("permanent", "not_in_channel")


@pytest.mark.parametrize(
    "error",
    ["channel_not_found", "invalid_auth", "account_inactive", "is_archived", "not_in_channel"],
)
def test_slack_errors_that_will_not_go_away_are_permanent(slack_api: FakeSlack, error: str) -> None:
    slack_api.fail("chat.postMessage", error=error)
    failed = failure_of(slack_api, Post(CHANNEL, Text("Huddle at 08:00")))
    assert (failed.kind, failed.reason) == ("permanent", error)


def test_a_429_is_retried_after_its_retry_after(slack_api: FakeSlack) -> None:
    slack_api.fail("chat.postMessage", status=429, retry_after=1, times=1)
    started = time.monotonic()
    send(slack_api, Post(CHANNEL, Text("Huddle at 08:00")))

    assert time.monotonic() - started >= 1.0
    assert len(slack_api.calls_to("chat.postMessage")) == 2
    assert len(slack_api.posted(WARD_7)) == 1


def test_a_429_that_persists_is_rate_limited_with_its_retry_after(slack_api: FakeSlack) -> None:
    slack_api.fail("chat.postMessage", status=429, retry_after=1, times=None)
    failed = failure_of(slack_api, Post(CHANNEL, Text("Huddle at 08:00")))
    assert (failed.kind, failed.retry_after) == ("rate_limited", 1.0)


def test_a_second_post_in_the_same_second_meets_the_channel_limit(slack_api: FakeSlack) -> None:
    async def two() -> None:
        sender = platform(slack_api)
        await sender.send(Post(CHANNEL, Text("one")))
        await sender.send(Post(CHANNEL, Text("two")))

    asyncio.run(two())
    assert [m["text"] for m in slack_api.posted(WARD_7)] == ["one", "two"]
    assert len(slack_api.calls_to("chat.postMessage")) == 3  # one 429, then its retry


def test_a_server_error_is_transient(slack_api: FakeSlack) -> None:
    slack_api.fail("chat.postMessage", status=503, times=None)
    failed = failure_of(slack_api, Post(CHANNEL, Text("Huddle at 08:00")))
    assert (failed.kind, failed.reason) == ("transient", "http_503")


def test_a_timeout_is_transient(slack_api: FakeSlack) -> None:
    slack_api.fail("chat.postMessage", delay=1.5, times=None)
    failed = failure_of(slack_api, Post(CHANNEL, Text("Huddle at 08:00")), timeout=1)
    assert failed.kind == "transient"


def test_a_file_of_charts_is_uploaded_with_every_chart_drawn_in_place(slack_api: FakeSlack) -> None:
    """The board pack: its charts are drawn by the sender's renderer (the render pool) as the
    file goes out, each where its slot stands, never in the request that asked for it."""
    from bot.messages import ChartsFile

    drawn: list[object] = []

    async def render(spec: object) -> bytes:
        drawn.append(spec)
        return PNG

    text = '<img src="slot-0:"><p>Falls</p><img src="slot-1:">'
    pack = ChartsFile("board-pack.html", text, ("falls", "staffing"), "Board pack", "slot-")  # type: ignore[arg-type]
    to = Address("slack", "T0TRUST", WARD_7, visible_to="U0LEAD")
    sender = SlackPlatform(web_client("xoxb-test", slack_api.url), render_png=render)
    posted = asyncio.run(sender.send(Post(to, pack)))

    assert drawn == ["falls", "staffing"]
    data = "data:image/png;base64," + base64.b64encode(PNG).decode()
    page = slack_api.uploads[posted.message_id].decode()
    assert page == f'<img src="{data}"><p>Falls</p><img src="{data}">'
    [asked] = slack_api.calls_to("files.getUploadURLExternal")
    assert asked.params["filename"] == "board-pack.html"
