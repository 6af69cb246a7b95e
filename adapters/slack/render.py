"""Messages as Block Kit: every core string is plain text, so it is escaped before Slack sees it."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.events import Origin
from bot.messages import Button, Field, Form, FormErrors, Message, Text, fallback_text

SECTION_LIMIT = 3000  # characters in one section's text
BUTTONS_PER_BLOCK = 25
METADATA_LIMIT = 3000  # private_metadata
FORM_CALLBACK = "huddlebot_form"
SUFFIX = re.compile(r"~~\d+$")  # keeps repeated action ids unique within one actions block

Blocks = list[dict[str, Any]]


def escape(text: str) -> str:
    """Escape Slack's three control characters: no `<!channel>` or disguised link can act."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = SECTION_LIMIT) -> dict[str, Any]:
    return {"type": "plain_text", "text": _cut(text or " ", limit), "emoji": True}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sections(text: str) -> Blocks:
    escaped = escape(text)
    chunks = [escaped[i : i + SECTION_LIMIT] for i in range(0, len(escaped), SECTION_LIMIT)]
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk, "verbatim": True}}
        for chunk in chunks
        if chunk.strip()
    ]


def _button(button: Button, action_id: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(button.label, 75),
        "action_id": action_id,
        "value": button.value,
    }
    if button.style in ("primary", "danger"):
        element["style"] = button.style
    return element


def button_blocks(buttons: tuple[Button, ...]) -> Blocks:
    """Actions blocks; an action repeated in a block gets a `~~n` suffix that `action_of` strips."""
    blocks: Blocks = []
    for start in range(0, len(buttons), BUTTONS_PER_BLOCK):
        seen: dict[str, int] = {}
        elements = []
        for button in buttons[start : start + BUTTONS_PER_BLOCK]:
            seen[button.action] = seen.get(button.action, 0) + 1
            suffix = f"~~{seen[button.action]}" if seen[button.action] > 1 else ""
            elements.append(_button(button, button.action + suffix))
        blocks.append({"type": "actions", "elements": elements})
    return blocks


def action_of(action_id: str) -> str:
    """The core's action name from a Slack action_id."""
    return SUFFIX.sub("", action_id)


def text_blocks(message: Text) -> Blocks:
    blocks: Blocks = []
    if message.heading:
        blocks.append({"type": "header", "text": plain(message.heading, 150)})
    return blocks + _sections(message.text) + button_blocks(message.buttons)


def form_button(form: Form) -> Text:
    """A form that cannot open now (no trigger): a message with a button that opens it."""
    label = form.open_label or form.title
    return Text(
        text=form.intro,
        heading=form.title,
        buttons=(Button(label, f"open:{form.form}", form.context, "primary"),),
    )


def blocks_for(message: Message) -> Blocks:
    """Blocks for a message posted in a conversation (a Form becomes its open button)."""
    if isinstance(message, Text):
        return text_blocks(message)
    if isinstance(message, Form):
        return text_blocks(form_button(message))
    return _sections(fallback_text(message))


def notification_text(message: Message) -> str:
    """The top-level `text` (notifications and screen readers), escaped like the blocks."""
    return escape(_cut(fallback_text(message) or " ", SECTION_LIMIT))


# ---- modals
def metadata(form: Form, origin: Origin, message_id: str | None = None) -> str:
    """What comes back with the submission: the form, its context and where it was opened."""
    data = {
        "f": form.form,
        "c": form.context,
        "ch": origin.conversation,
        "w": origin.workspace,
        "th": origin.thread,
        "m": message_id,
        "p": origin.private,
    }
    text = json.dumps(data, separators=(",", ":"))
    if len(text) > METADATA_LIMIT:
        raise ValueError(f"form {form.form}: context too long for Slack ({len(text)} > 3000)")
    return text


def _number(value: float, decimal: bool) -> str:
    return str(value) if decimal else str(int(value))


def _options(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    return [{"text": plain(label, 75), "value": value} for value, label in pairs[:100]]


def field_element(field: Field) -> dict[str, Any]:
    """The typed input for one field (number inputs carry the core's min and max)."""
    element: dict[str, Any] = {"action_id": field.key}
    if field.kind in ("integer", "decimal"):
        decimal = field.kind == "decimal"
        element.update(type="number_input", is_decimal_allowed=decimal)
        if field.minimum is not None:
            element["min_value"] = _number(field.minimum, decimal)
        if field.maximum is not None:
            element["max_value"] = _number(field.maximum, decimal)
        if field.initial:
            element["initial_value"] = field.initial
    elif field.kind in ("yesno", "choice"):
        pairs = field.choices if field.kind == "choice" else (("yes", "Yes"), ("no", "No"))
        options = _options(pairs)
        element.update(
            type="radio_buttons" if field.kind == "yesno" else "static_select", options=options
        )
        if field.kind == "choice":
            element["placeholder"] = plain("Choose", 150)
        initial = [o for o in options if o["value"] == field.initial]
        if initial:
            element["initial_option"] = initial[0]
    else:
        element.update(type="plain_text_input", multiline=field.multiline)
        if field.max_length:
            element["max_length"] = field.max_length
        if field.initial:
            element["initial_value"] = field.initial
    return element


def field_block(field: Field) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": field.key,
        "optional": not field.required,
        "label": plain(field.label, 2000),
        "element": field_element(field),
    }
    if field.hint:
        block["hint"] = plain(field.hint, 2000)
    return block


def modal(form: Form, origin: Origin, message_id: str | None = None) -> dict[str, Any]:
    """A Form as a modal view for views.open."""
    blocks = _sections(form.intro) + [field_block(f) for f in form.fields]
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": plain(form.title, 24),
        "submit": plain(form.submit, 24),
        "close": plain("Cancel", 24),
        "private_metadata": metadata(form, origin, message_id),
        "blocks": blocks[:100],
    }


def errors_ack(errors: FormErrors, field_keys: list[str]) -> dict[str, Any]:
    """The view_submission ack that shows errors beside the fields (others on the first field)."""
    shown: dict[str, str] = {}
    for key, text in errors.errors:
        target = key if key in field_keys else (field_keys[0] if field_keys else key)
        shown[target] = f"{shown[target]} {text}" if target in shown else text
    if not shown and field_keys:
        shown[field_keys[0]] = errors.summary or "Please check this form."
    return {"response_action": "errors", "errors": {k: _cut(v, 2000) for k, v in shown.items()}}


def result_view(messages: list[Message]) -> dict[str, Any]:
    """A modal replaced by what the core said to the person (a confirmation, or "not saved")."""
    blocks: Blocks = []
    for message in messages:
        blocks += (
            blocks_for(message) if isinstance(message, Text) else _sections(fallback_text(message))
        )
    return {
        "type": "modal",
        "title": plain("Huddlebot", 24),
        "close": plain("Close", 24),
        "blocks": [b for b in blocks if b["type"] != "actions"][:100] or _sections("Done."),
    }
