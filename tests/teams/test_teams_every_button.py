"""Every button and every form the core knows, pressed or submitted from a Teams card, reaches
its handler with its action, value and context unchanged."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from adapters.teams import TeamsSettings
from adapters.teams.render import to_activity
from bot.messages import Button, Form, Text
from bot.routes import ACTIONS, FORM_BUILDERS, FORMS
from bot.stores.tables.schedule import OutboxRow
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from tests.teams.conftest import serving

NOT_UNDERSTOOD = ("didn't catch", "something went wrong", "couldn't reach the database")


async def _no_png(spec: Any) -> bytes:
    raise AssertionError("no charts here")


def card_data(message: Any, title: str) -> dict[str, Any]:
    activity = asyncio.run(to_activity(message, _no_png))
    card = activity.attachments[0].content
    return next(a["data"] for a in card["actions"] if a["title"] == title)


def _queued_count(runtime: Any) -> int:
    with runtime.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


def _queued(runtime: Any, before: int) -> str:
    """Posts the turn put in the outbox for other conversations (a thread, a division)."""
    return "queued elsewhere" if _queued_count(runtime) > before else ""


def answers_to(runtime: Any, connector: FakeConnector, values: list[dict[str, Any]]) -> list[str]:
    async def scenario() -> list[str]:
        said, queued = [], _queued_count(runtime)
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            for value in values:
                before = len(connector.sent())
                status, _ = await endpoint.post(act.card_submit(connector.url, value, "1700"))
                assert status == 201
                here = " ".join(str(c.body) for c in connector.sent()[before:])
                said.append(here or _queued(runtime, queued))  # or posted elsewhere
                queued = _queued_count(runtime)
        return said

    return asyncio.run(scenario())


def test_every_button_reaches_its_handler(runtime, connector: FakeConnector) -> None:
    actions = sorted(ACTIONS) + [f"open:{form}" for form in sorted(FORM_BUILDERS)]
    values = [
        card_data(Text("?", buttons=(Button("Go", action, "1"),)), "Go") for action in actions
    ]
    for action, answer in zip(actions, answers_to(runtime, connector, values), strict=True):
        assert answer, f"no answer to the {action} button"
        assert not any(bad in answer for bad in NOT_UNDERSTOOD), f"{action}: {answer[:300]}"


def test_every_form_reaches_its_handler(runtime, connector: FakeConnector) -> None:
    forms = sorted(FORMS)
    values = [card_data(Form(form, "A form", (), context="1"), "Submit") for form in forms]
    for form, answer in zip(forms, answers_to(runtime, connector, values), strict=True):
        assert answer, f"no answer to the {form} form"
        assert not any(bad in answer for bad in NOT_UNDERSTOOD), f"{form}: {answer[:300]}"
