"""The core's messages → Teams activities (escaped Markdown, Adaptive Cards, inline PNG charts)."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from botbuilder.schema import Activity, ActivityTypes, Attachment

from adapters.teams.cards import CARD_TYPE, buttons_card, form_card, form_from_spec
from adapters.teams.markdown import bold, escape_message
from bot.messages import Chart, Form, FormErrors, Message, Text, fallback_text

PngRenderer = Callable[[Any], Awaitable[bytes]]


def text_activity(text: str, heading: str = "") -> Activity:
    body = escape_message(text)
    if heading:
        body = f"{bold(heading)}\n\n{body}"
    return Activity(type=ActivityTypes.message, text=body, text_format="markdown", attachments=[])


def card_activity(content: dict[str, Any], summary: str = "") -> Activity:
    attachment = Attachment(content_type=CARD_TYPE, content=content)
    return Activity(type=ActivityTypes.message, attachments=[attachment], summary=summary or None)


def chart_activity(message: Chart, png: bytes) -> Activity:
    """The chart as an inline PNG, with its alt text also as the message text."""
    lines = [message.alt] + ([message.comment] if message.comment else [])
    activity = text_activity("\n".join(lines), heading=message.title)
    url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    activity.attachments = [Attachment(content_type="image/png", content_url=url, name="chart.png")]
    return activity


def errors_activity(
    message: FormErrors, spec: str | None, values: Mapping[str, str] | None
) -> Activity:
    """The form again with each error under its field, or the errors as text without the form."""
    if spec:
        form = form_from_spec(spec)
        if form.form == message.form:
            shown = {k: v for k, v in (values or {}).items() if k not in message.withheld}
            content = form_card(form, shown, dict(message.errors), message.summary)
            return card_activity(content, summary=fallback_text(message))
    lines = [message.summary] if message.summary else []
    lines += [text for _, text in message.errors]
    return text_activity("\n".join(lines))


async def to_activity(
    message: Message,
    png: PngRenderer,
    *,
    spec: str | None = None,
    values: Mapping[str, str] | None = None,
) -> Activity:
    """Render one message. `spec`/`values` are the submitted form, for showing FormErrors."""
    if isinstance(message, Text):
        if message.buttons:
            return card_activity(buttons_card(message), summary=fallback_text(message))
        return text_activity(message.text, message.heading)
    if isinstance(message, Form):
        return card_activity(form_card(message), summary=message.title)
    if isinstance(message, FormErrors):
        return errors_activity(message, spec, values)
    if isinstance(message, Chart):
        return chart_activity(message, await png(message.spec))
    return text_activity(fallback_text(message))
