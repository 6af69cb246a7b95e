"""Adaptive Cards (schema 1.5, the most Teams renders) for forms, buttons and the idea dialog."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from adapters.teams.markdown import escape_markdown
from adapters.teams.translate import (
    ACTION_KEY,
    CONTEXT_KEY,
    FORM_KEY,
    IDEA_FIELD,
    SPEC_KEY,
    VALUE_KEY,
)
from bot.messages import Field, Form, Text

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.5"
_STYLES = {"primary": "positive", "danger": "destructive"}


def card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": VERSION,
        "body": body,
    }
    if actions:
        content["actions"] = actions
    return content


def text_block(text: str, *, heading: bool = False, attention: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": escape_markdown(text), "wrap": True}
    if heading:
        block.update(size="Medium", weight="Bolder")
    if attention:
        block.update(color="Attention")
    return block


def paragraphs(text: str) -> list[dict[str, Any]]:
    """One TextBlock per line: Teams clients differ on line breaks inside one block."""
    lines = [line for line in text.split("\n") if line.strip()] or [""]
    blocks = [text_block(line) for line in lines]
    for block in blocks[1:]:
        block["spacing"] = "None"
    return blocks


def buttons_card(message: Text) -> dict[str, Any]:
    body = [text_block(message.heading, heading=True)] if message.heading else []
    body += paragraphs(message.text)
    actions = []
    for button in message.buttons:
        action = {
            "type": "Action.Submit",
            "title": button.label,
            "data": {ACTION_KEY: button.action, VALUE_KEY: button.value},
        }
        if button.style in _STYLES:
            action["style"] = _STYLES[button.style]
        actions.append(action)
    return card(body, actions)


def _number(text: str) -> float | int | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _bounds(field: Field) -> str:
    whole = "a whole number" if field.kind == "integer" else "a number"
    low, high = _number(str(field.minimum)), _number(str(field.maximum))
    if field.minimum is not None and field.maximum is not None:
        return f"{field.label}: {whole} from {low} to {high}"
    if field.minimum is not None:
        return f"{field.label}: {whole}, at least {low}"
    if field.maximum is not None:
        return f"{field.label}: {whole}, at most {high}"
    return f"{field.label}: {whole}"


def field_input(field: Field, value: str) -> dict[str, Any]:
    """One typed input; the server validates again, as Teams may skip client checks."""
    item: dict[str, Any] = {"id": field.key, "label": field.label, "isRequired": field.required}
    if field.hint:
        item["placeholder"] = field.hint
    if field.kind in ("integer", "decimal"):
        item.update(type="Input.Number", errorMessage=_bounds(field))
        if field.minimum is not None:
            item["min"] = _number(str(field.minimum))
        if field.maximum is not None:
            item["max"] = _number(str(field.maximum))
        if _number(value) is not None:
            item["value"] = _number(value)
        return item
    if field.kind in ("yesno", "choice"):
        choices = field.choices if field.kind == "choice" else (("yes", "Yes"), ("no", "No"))
        item.update(
            type="Input.ChoiceSet",
            style="compact" if len(choices) > 3 else "expanded",
            choices=[{"title": label, "value": key} for key, label in choices],
        )
    else:
        item.update(type="Input.Text", isMultiline=field.multiline)
        if field.max_length:
            item["maxLength"] = field.max_length
    if field.required:
        item["errorMessage"] = f"{field.label} is required"
    if value:
        item["value"] = value
    return item


def form_spec(form: Form) -> str:
    """The form, compactly, so a submission with errors can be shown again beside its fields."""
    return json.dumps(asdict(form), separators=(",", ":"))


def form_from_spec(spec: str) -> Form:
    data = json.loads(spec)
    fields = tuple(
        Field(**{**item, "choices": tuple(tuple(pair) for pair in item.get("choices", ()))})
        for item in data.pop("fields")
    )
    return Form(fields=fields, **data)


def form_card(
    form: Form,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    summary: str = "",
) -> dict[str, Any]:
    """The form as a card; with `errors`, each message sits under its field in red."""
    values, errors = values or {}, errors or {}
    body = [text_block(form.title, heading=True)]
    if form.intro:
        body += paragraphs(form.intro)
    if summary or errors:
        body.append(text_block(summary or "Please check the values below.", attention=True))
    for field in form.fields:
        body.append(field_input(field, values.get(field.key, field.initial)))
        if field.key in errors:
            body.append(text_block(errors[field.key], attention=True))
    submit = {
        "type": "Action.Submit",
        "title": form.submit,
        "style": "positive",
        "data": {FORM_KEY: form.form, CONTEXT_KEY: form.context, SPEC_KEY: form_spec(form)},
    }
    return card(body, [submit])


def idea_dialog_card() -> dict[str, Any]:
    """The message extension's dialog: one box for the idea."""
    body = [
        text_block("Post an improvement idea", heading=True),
        {
            "type": "Input.Text",
            "id": IDEA_FIELD,
            "label": "Your idea",
            "isMultiline": True,
            "isRequired": True,
            "maxLength": 2000,
            "errorMessage": "Write the idea first",
            "placeholder": "Use a red tray for patients at risk of falls",
        },
    ]
    return card(body, [{"type": "Action.Submit", "title": "Post idea", "style": "positive"}])
