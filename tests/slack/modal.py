"""What a person sees after submitting a modal with mistakes: the errors beside the fields.

The ack carries them when the core answers within its budget; on a busy machine, or in a burst,
the ack says "Saving…" and the modal is then updated with the form again and each error under
its field. Either way the person sees the same thing, and tests ask for that."""

from __future__ import annotations

import json
from typing import Any

from fakes.slack_api import FakeSlack

WARNING = "error:"


def errors_shown(ack: str, slack: FakeSlack) -> dict[str, str]:
    """Each field's error as the modal shows it (block id -> text); empty when none is shown."""
    answer: dict[str, Any] = json.loads(ack) if ack.strip() else {}
    if answer.get("response_action") == "errors":
        return dict(answer["errors"])
    if answer.get("response_action") != "update" or "Saving" not in ack:
        return {}
    view = slack.wait_for("views.update")[-1].params["view"]
    blocks = (json.loads(view) if isinstance(view, str) else view).get("blocks", [])
    return {
        b["block_id"][len(WARNING) :]: " ".join(e.get("text", "") for e in b.get("elements", []))
        for b in blocks
        if str(b.get("block_id", "")).startswith(WARNING)
    }
