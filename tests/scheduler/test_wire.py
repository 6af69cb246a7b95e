"""Everything the core says survives a trip through the outbox's JSON unchanged."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from bot import outbox_json
from bot.messages import (
    Address,
    Attachment,
    Button,
    Chart,
    Edit,
    Field,
    Form,
    FormErrors,
    Post,
    Posted,
    Text,
)
from bot.schedule import Due
from bot.spc.drawing.spec import ChartSpec, SummaryRow, SummarySpec
from bot.spc.options import RunOptions, XmrOptions

TO = Address("teams", "tenant-1", "19:abc@thread.tacv2", thread="1.2", reference='{"a": 1}')

MESSAGES = [
    Text("Huddle time", heading="Ward 7", buttons=(Button("Record", "open:huddle", "3"),)),
    Form(
        "huddle",
        "Today's huddle",
        (
            Field("falls", "Falls", kind="integer", minimum=0, maximum=50),
            Field("mood", "Mood", kind="choice", choices=(("1", "Low"), ("5", "Great"))),
        ),
        context="team=3;date=2027-03-01",
    ),
    FormErrors("huddle", (("falls", "Must be a whole number"),), summary="Check falls"),
    Attachment("ideas.csv", b"title,status\r\n\x00\xff", alt="Ideas export"),
    Chart(
        ChartSpec(
            "Falls",
            "xmr",
            (date(2027, 3, 1), datetime(2027, 3, 2, 8, tzinfo=UTC)),
            (1.0, None),
            options=XmrOptions(rebase=(date(2027, 3, 2),)),
            target=2.0,
            markers=((date(2027, 3, 1), "Started"),),
        ),
        alt="Falls are stable",
    ),
    Chart(ChartSpec("Mood", "run", (date(2027, 3, 1),), (3.5,), options=RunOptions()), alt="x"),
    Chart(SummarySpec("Medicine", (SummaryRow("Ward 7", "Falls", "3", "common", None),)), alt="t"),
    Chart(
        SummarySpec(
            "Trust",
            (
                SummaryRow(
                    "Ward 7",
                    "Falls",
                    "3",
                    "concern_high",
                    "fail",
                    "",
                    "Medicine",
                    "28 Feb",
                    "2",
                    (1.0, None, 3.0),
                    "",
                    True,
                ),
            ),  # fmt: skip
            divisions=True,
            note="Needs attention — image 1 of 2",
        ),
        alt="t",
    ),
]


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: type(m).__name__)
def test_posts_round_trip(message: object) -> None:
    post = Post(TO, message, key="huddle.prompt", meta=(("team", 3), ("day", date(2027, 3, 1))))
    text = outbox_json.dumps(post)
    json.loads(text)  # plain JSON, storable in any text column
    assert outbox_json.loads(text) == post


def test_edits_and_dues_round_trip() -> None:
    edit = Edit(Posted("slack", "C1", "1700000000.0001"), Text("Recorded"))
    due = Due(
        "huddle.prompt",
        None,
        "",
        date(2027, 3, 1),
        "08:30",
        datetime(2027, 3, 1, 8, 30, tzinfo=UTC),
    )
    assert outbox_json.loads(outbox_json.dumps(edit)) == edit
    assert outbox_json.loads(outbox_json.dumps(due)) == due


def test_a_stored_row_cannot_name_a_class_outside_the_bot() -> None:
    hostile = json.dumps({"$dc": "subprocess:Popen", "f": {"args": ["true"]}})
    with pytest.raises(ValueError, match="refusing"):
        outbox_json.loads(hostile)


def test_a_chart_queued_before_the_chart_code_moved_is_still_delivered() -> None:
    spec = ChartSpec("Mood", "run", (date(2027, 3, 1),), (3.5,), options=RunOptions())
    post = Post(TO, Chart(spec, alt="x"), key="chart.digest")
    stored = outbox_json.dumps(post).replace('"bot.spc.drawing.spec:', '"bot.charts.spec:')
    assert '"bot.charts.spec:ChartSpec"' in stored
    assert outbox_json.loads(stored) == post
