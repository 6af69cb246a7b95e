"""Messages as Block Kit: every core string is plain text, so it is escaped before Slack sees it."""

from __future__ import annotations

import re
from typing import Any

from bot.messages import Button, Form, Message, Text, fallback_text

SECTION_LIMIT = 3000  # characters in one section's text
BUTTONS_PER_BLOCK = 25
MESSAGE_BLOCKS = 50  # Slack refuses a message with more
SUFFIX = re.compile(r"~~\d+$")  # keeps repeated action ids unique within one actions block

Blocks = list[dict[str, Any]]


def escape(text: str) -> str:
    """Escape Slack's three control characters: no `<!channel>` or disguised link can act."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = SECTION_LIMIT) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text or " ", limit), "emoji": True}


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sections(text: str) -> Blocks:
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
    return blocks + sections(message.text) + button_blocks(message.buttons)


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
        blocks = text_blocks(message)
    elif isinstance(message, Form):
        blocks = text_blocks(form_button(message))
    else:
        blocks = sections(fallback_text(message))
    if len(blocks) <= MESSAGE_BLOCKS:
        return blocks
    actions = [b for b in blocks if b["type"] == "actions"]  # keep the buttons, cut the text
    return [b for b in blocks if b["type"] != "actions"][: MESSAGE_BLOCKS - len(actions)] + actions


def notification_text(message: Message) -> str:
    """The top-level `text` (notifications and screen readers), escaped like the blocks."""
    return escape(cut(fallback_text(message) or " ", SECTION_LIMIT))
