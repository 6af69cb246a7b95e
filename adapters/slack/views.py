"""Forms as Slack modals: typed inputs with the core's limits, the form's context carried in
`private_metadata`, errors beside their fields, and the views shown while and after saving."""

from __future__ import annotations

import copy
import json
from typing import Any

from adapters.slack.render import Blocks, blocks_for, cut, plain, sections
from bot.events import Origin
from bot.messages import Field, Form, FormErrors, Message, Text, fallback_text

METADATA_LIMIT = 3000  # private_metadata
FORM_CALLBACK = "huddlebot_form"


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
    blocks = sections(form.intro) + [field_block(f) for f in form.fields]
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
    return {"response_action": "errors", "errors": {k: cut(v, 2000) for k, v in shown.items()}}


def result_view(messages: list[Message]) -> dict[str, Any]:
    """A modal replaced by what the core said to the person (a confirmation, or "not saved")."""
    blocks: Blocks = []
    for message in messages:
        blocks += (
            blocks_for(message) if isinstance(message, Text) else sections(fallback_text(message))
        )
    return {
        "type": "modal",
        "title": plain("Huddlebot", 24),
        "close": plain("Close", 24),
        "blocks": [b for b in blocks if b["type"] != "actions"][:100] or sections("Done."),
    }


def saving_view(submitted: dict[str, Any]) -> dict[str, Any]:
    """Shown when the core needs longer than the ack allows; updated when it answers."""
    return {
        "type": "modal",
        "callback_id": submitted.get("callback_id", FORM_CALLBACK),
        "title": submitted.get("title") or plain("Huddlebot", 24),
        "close": plain("Close", 24),
        "private_metadata": submitted.get("private_metadata", ""),
        "blocks": sections("Saving your answers…"),
    }


def _keep_typed(element: dict[str, Any], typed: dict[str, Any]) -> None:
    if typed.get("selected_option"):
        element["initial_option"] = typed["selected_option"]
    elif typed.get("value") is not None:
        element["initial_value"] = str(typed["value"])


def _warning(key: str, text: str) -> dict[str, Any]:
    return {"type": "context", "block_id": f"error:{key}", "elements": [plain("⚠ " + text, 2000)]}


def reopened(submitted: dict[str, Any], errors: FormErrors) -> dict[str, Any]:
    """The submitted form again, as typed, with each error under its field (for views.update,
    when the errors came too late for `response_action: errors`)."""
    state = (submitted.get("state") or {}).get("values") or {}
    by_field = dict(errors.errors)
    inputs = {b.get("block_id") for b in submitted.get("blocks", []) if b.get("type") == "input"}
    loose = [text for key, text in errors.errors if key not in inputs]
    blocks: Blocks = [_warning("form", " ".join(loose) or errors.summary)] if loose else []
    for original in submitted.get("blocks", []):
        if str(original.get("block_id", "")).startswith("error:"):
            continue
        block = copy.deepcopy(original)
        blocks.append(block)
        if block.get("type") == "input":
            element = block["element"]
            if block["block_id"] not in errors.withheld:
                typed = state.get(block["block_id"], {}).get(element["action_id"], {})
                _keep_typed(element, typed)
            if block["block_id"] in by_field:
                blocks.append(_warning(block["block_id"], by_field[block["block_id"]]))
    keep = ("type", "callback_id", "title", "submit", "close", "private_metadata")
    return {**{k: submitted[k] for k in keep if k in submitted}, "blocks": blocks[:100]}
