"""Forms as modals and back: typed inputs with the core's limits, values and context returned."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs

from adapters.slack import render, translate, views
from bot.events import Origin
from bot.messages import Field, Form, FormErrors
from fakes.slack_requests import view_submission

NOW = datetime(2026, 11, 26, 8, 5, tzinfo=UTC)
WHERE = Origin("slack", "T0TRUST", "C0WARD7", thread="1700000000.000100")
FORM = Form(
    form="huddle.measures",
    title="Ward 7 huddle, Thursday 26 November",
    context="team=ward-7;date=2026-11-26",
    fields=(
        Field("falls", "Falls since yesterday", "integer", required=True, minimum=0, maximum=50),
        Field("nhpu", "Pressure ulcer rate", "decimal", minimum=0, maximum=10.5),
        Field("safe", "Safely staffed?", "yesno", required=True, initial="yes"),
        Field("note", "Anything to escalate <!here>?", "text", multiline=True, max_length=500),
    ),
)


def payload_of(body: str) -> dict:
    return json.loads(parse_qs(body)["payload"][0])


def test_measures_become_typed_inputs_with_the_cores_limits() -> None:
    view = views.modal(FORM, WHERE)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}

    falls = inputs["falls"]["element"]
    assert (falls["type"], falls["is_decimal_allowed"]) == ("number_input", False)
    assert (falls["min_value"], falls["max_value"]) == ("0", "50")
    assert inputs["falls"]["optional"] is False
    assert inputs["nhpu"]["element"]["is_decimal_allowed"] is True
    assert inputs["nhpu"]["element"]["max_value"] == "10.5"
    assert inputs["safe"]["element"]["initial_option"]["value"] == "yes"
    assert inputs["note"]["element"]["max_length"] == 500
    assert inputs["note"]["label"]["type"] == "plain_text"  # user text never parsed as markup
    assert len(view["title"]["text"]) <= 24


def test_a_submission_returns_values_context_and_the_thread_it_came_from() -> None:
    view = views.modal(FORM, WHERE, message_id="1700000000.000200")
    body = payload_of(
        view_submission(view, {"falls": "2", "safe": "no", "note": "Bay 3"}, user="U0NURSE")
    )
    event = translate.submission(body, NOW)

    assert event is not None
    assert event.form == "huddle.measures" and event.context == FORM.context
    assert dict(event.values) == {"falls": "2", "nhpu": "", "safe": "no", "note": "Bay 3"}
    assert (event.origin.conversation, event.origin.thread) == ("C0WARD7", "1700000000.000100")
    assert event.message_id == "1700000000.000200"
    assert event.sender.user_id == "U0NURSE"


def test_field_errors_are_shown_beside_their_fields() -> None:
    errors = FormErrors(
        "huddle.measures", (("falls", "Falls must be 50 or fewer."), ("", "Check the date."))
    )
    ack = views.errors_ack(errors, ["falls", "nhpu", "safe", "note"])
    assert ack == {
        "response_action": "errors",
        "errors": {"falls": "Falls must be 50 or fewer. Check the date."},
    }


def test_a_form_without_a_trigger_is_posted_as_a_button_that_opens_it() -> None:
    blocks = render.blocks_for(Form(**{**FORM.__dict__, "open_label": "Record measures"}))
    [button] = blocks[-1]["elements"]
    assert button["action_id"] == "open:huddle.measures"
    assert button["value"] == FORM.context
    assert button["text"]["text"] == "Record measures"


def test_a_context_too_long_for_slack_is_refused_rather_than_cut() -> None:
    import pytest

    with pytest.raises(ValueError, match="3000"):
        views.modal(Form(**{**FORM.__dict__, "context": "x" * 3100}), WHERE)


def test_errors_that_come_too_late_for_the_ack_reopen_the_form_as_typed() -> None:
    view = views.modal(FORM, WHERE)
    body = payload_of(view_submission(view, {"falls": "99", "safe": "no"}, user="U0NURSE"))
    late = FormErrors(
        "huddle.measures", (("falls", "Falls must be 50 or fewer."), ("", "Nothing was saved."))
    )
    shown = views.reopened(body["view"], late)

    inputs = {b["block_id"]: b for b in shown["blocks"] if b["type"] == "input"}
    assert inputs["falls"]["element"]["initial_value"] == "99"
    assert inputs["safe"]["element"]["initial_option"]["value"] == "no"
    warnings = [b for b in shown["blocks"] if b["type"] == "context"]
    assert [w["block_id"] for w in warnings] == ["error:form", "error:falls"]
    order = [b.get("block_id") for b in shown["blocks"]]
    assert order.index("error:falls") == order.index("falls") + 1
    assert shown["private_metadata"] == view["private_metadata"]
    assert "state" not in shown and "id" not in shown


def test_a_very_long_message_keeps_its_buttons_within_slacks_fifty_blocks() -> None:
    from adapters.slack import render
    from bot.messages import Button, Text

    blocks = render.blocks_for(Text("x" * 200_000, buttons=(Button("Support", "idea.support"),)))
    assert len(blocks) == 50
    assert blocks[-1]["type"] == "actions"
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks[:-1])
