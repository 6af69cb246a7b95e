"""What people see in Teams, and what comes back when they press or submit: escaping, Adaptive
Cards 1.5, inline chart images, and the round trip of buttons and forms."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, date, datetime, timedelta
from typing import Any

from botbuilder.schema import Activity

from adapters.teams.render import to_activity
from adapters.teams.translate import to_event
from bot.events import Pressed, Said, Submission
from bot.messages import Button, Field, Form, FormErrors, Text
from bot.spc.drawing import ChartSpec, chart_message
from fakes import teams_activities as act

URL = "https://smba.trafficmanager.net/emea/"
AT = datetime(2027, 3, 1, 8, 30, tzinfo=UTC)


async def _no_png(spec: Any) -> bytes:
    raise AssertionError("no chart here")


def render(message: Any, **kwargs: Any) -> Activity:
    return asyncio.run(to_activity(message, _no_png, **kwargs))


def event_of(raw: dict[str, Any]) -> Any:
    return to_event(Activity().deserialize(raw), AT)


def test_user_text_cannot_link_mention_or_template() -> None:
    sneaky = "[click](javascript:alert(1)) <at>Everyone</at> {{DATE(2027-03-01T08:00:00Z)}} *x*"
    text = render(Text(sneaky)).text
    assert "[click](" not in text and "\\[click\\]" in text
    assert "<at>" not in text
    assert "{{" not in text
    assert "\\*x\\*" in text


def test_heading_is_bold_and_the_text_is_plain() -> None:
    activity = render(Text("Falls 2 · staffing 95%", heading="Ward 7 huddle"))
    assert activity.text.startswith("**Ward 7 huddle**")
    assert "Falls 2 · staffing 95%" in activity.text


def test_buttons_come_back_unchanged_when_pressed() -> None:
    value = 'idea 12 "red tray" — ü'
    message = Text("Idea #12", buttons=(Button("Support", "idea.support", value, "primary"),))
    card = render(message).attachments[0].content
    assert card["version"] == "1.5"
    (action,) = card["actions"]
    assert action["type"] == "Action.Submit" and action["style"] == "positive"
    pressed = event_of(act.card_submit(URL, action["data"], reply_to="1700"))
    assert isinstance(pressed, Pressed)
    assert (pressed.action, pressed.value, pressed.message_id) == ("idea.support", value, "1700")


FORM = Form(
    form="huddle",
    title="Huddle, Mon 1 Mar",
    fields=(
        Field("falls", "Falls", "integer", required=True, minimum=0, maximum=50),
        Field("staffing", "Staffing fill rate", "decimal", minimum=0, maximum=100),
        Field("note", "Anything else", multiline=True, max_length=500),
        Field("held", "Huddle held?", "yesno"),
    ),
    context="team=3;day=2027-03-01",
)


def test_form_is_a_card_with_typed_validated_inputs() -> None:
    card = render(FORM).attachments[0].content
    inputs = {item["id"]: item for item in card["body"] if "id" in item}
    assert card["version"] == "1.5"
    falls = inputs["falls"]
    assert falls["type"] == "Input.Number"
    assert (falls["min"], falls["max"], falls["isRequired"]) == (0, 50, True)
    assert "0 to 50" in falls["errorMessage"]
    assert inputs["note"]["type"] == "Input.Text" and inputs["note"]["isMultiline"]
    assert inputs["note"]["maxLength"] == 500
    assert [c["value"] for c in inputs["held"]["choices"]] == ["yes", "no"]


def test_submitted_card_arrives_as_strings_with_its_context() -> None:
    card = render(FORM).attachments[0].content
    data = card["actions"][0]["data"]
    # Real Teams may send numbers; the playground sends strings. Both reach the core as text.
    submitted = event_of(act.card_submit(URL, {**data, "falls": 3.0, "staffing": "92.5"}, "99"))
    assert isinstance(submitted, Submission)
    assert submitted.form == "huddle" and submitted.context == FORM.context
    assert submitted.values == {"falls": "3", "staffing": "92.5"}
    assert submitted.message_id == "99"


def test_errors_are_shown_beside_the_fields_with_the_values_kept() -> None:
    data = render(FORM).attachments[0].content["actions"][0]["data"]
    errors = FormErrors("huddle", (("falls", "Falls must be 0 to 50"),), "1 value to fix")
    card = render(errors, spec=data["huddlebot_spec"], values={"falls": "70"}).attachments[0]
    body = card.content["body"]
    falls_at = next(i for i, item in enumerate(body) if item.get("id") == "falls")
    assert body[falls_at]["value"] == 70
    assert body[falls_at + 1]["text"] == "Falls must be 0 to 50"
    assert body[falls_at + 1]["color"] == "Attention"


def test_errors_without_the_form_are_still_said() -> None:
    errors = FormErrors("huddle", (("falls", "Falls must be 0 to 50"),))
    assert render(errors).text == "Falls must be 0 to 50"


def test_chart_is_an_inline_png_with_its_alt_text() -> None:
    start = date(2027, 1, 1)
    spec = ChartSpec(
        title="Falls, Ward 7",
        kind="xmr",
        dates=tuple(start + timedelta(days=i) for i in range(30)),
        values=tuple(float(i % 4) for i in range(30)),
    )
    chart = chart_message(spec)
    from bot.spc.drawing.render import render_png

    async def png(s: Any) -> bytes:
        return render_png(s)

    activity = asyncio.run(to_activity(chart, png))
    (image,) = activity.attachments
    assert image.content_type == "image/png"
    prefix = "data:image/png;base64,"
    assert image.content_url.startswith(prefix)
    assert base64.b64decode(image.content_url[len(prefix) :]).startswith(b"\x89PNG")
    assert chart.alt.split(".")[0] in activity.text.replace("\\", "")


def test_mention_is_stripped_and_other_mentions_kept() -> None:
    raw = act.message(URL, "idea ask <at>Megan</at> about trays", in_channel=True)
    raw["entities"].append(
        {
            "type": "mention",
            "text": "<at>Megan</at>",
            "mentioned": {"id": "29:megan", "name": "Megan"},
        }
    )
    said = event_of(raw)
    assert isinstance(said, Said) and said.mentioned_bot
    assert said.text == "idea ask @Megan about trays"
    assert said.origin.conversation == act.WARD_7_CHANNEL and said.origin.thread is None


def test_reply_in_a_thread_names_the_thread_and_the_person_both_ways() -> None:
    raw = act.message(URL, "falls 2", in_channel=True, thread="1700")
    raw["from"] = act.LEAD
    said = event_of(raw)
    assert said.origin.thread == "1700"
    assert said.sender.user_id == "29:lead"
    assert said.sender.alt_ids == (act.LEAD["aadObjectId"],)
    assert said.origin.workspace == act.TENANT


def test_personal_chat_needs_no_mention() -> None:
    said = event_of(act.message(URL, "huddle board"))
    assert said.origin.private and said.mentioned_bot and said.text == "huddle board"


def test_only_the_bots_mention_is_stripped_even_when_another_follows() -> None:
    raw = act.message(URL, "<at>Megan</at> has an idea", in_channel=True)
    raw["entities"].append(
        {
            "type": "mention",
            "text": "<at>Megan</at>",
            "mentioned": {"id": "29:megan", "name": "Megan"},
        }
    )
    assert event_of(raw).text == "@Megan has an idea"


def test_lines_stay_lines_and_indents_never_become_code() -> None:
    text = "Falls: 2\n    Staffing: 95%\n- not a list"
    message = render(Text(text)).text
    assert "\n    " not in message and "\u00a0\u00a0\u00a0\u00a0Staffing" in message
    assert "\\- not a list" in message
    card = render(Text(text, buttons=(Button("Record", "open:huddle"),))).attachments[0].content
    lines = [block["text"] for block in card["body"]]
    assert lines == ["Falls: 2", "\u00a0\u00a0\u00a0\u00a0Staffing: 95%", "\\- not a list"]
