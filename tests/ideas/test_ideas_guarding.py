"""Guarding idea text: patient identifiers and over-long text are refused, not stored, and told
to the author alone; text that tries to ping or disguise a link is kept exactly as typed by the
core and rendered inert by the Slack and Teams adapters."""

from __future__ import annotations

import asyncio
import json

import pytest
from idea_kit import Ward, texts
from sqlalchemy import func, select

from bot.messages import Post, Text
from bot.stores.tables.core import Audit, Trust
from bot.stores.tables.ideas import Idea, ReflectionNote

TRICKS = (
    "Ping <!channel> and <@U123>, see <https://x|nhs.uk>, [x](javascript:alert(1)) "
    "on {{DATE(2027-01-01T00:00:00Z, SHORT)}} & <at>Everyone</at>"
)


def _count(ward: Ward) -> int:
    with ward.runtime.db.session() as s:
        return s.scalar(select(func.count()).select_from(Idea)) or 0


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Mr Smith 943 476 5919 fell twice", "an NHS number"),
        ("Patient DOB 12/03/1950 kept falling", "a date of birth"),
        ("The lady born on 4 May 1948 needs a sensor mat", "a date of birth"),
        ("Bed 4, hospital number RX123456, fell", "a hospital number"),
    ],
)
def test_patient_identifiers_are_refused_unstored_and_told_to_the_author_alone(
    ward: Ward, text: str, why: str
) -> None:
    with ward.runtime.db.session() as s:
        s.scalar(select(Trust)).hospital_number_pattern = r"\bRX\d{6}\b"
    before = _count(ward)
    posts = ward.say("Demo Nurse", f"/idea {text}")
    assert [p.to.visible_to for p in posts] == ["Demo Nurse"]
    [said] = texts(posts)
    assert "nothing was saved or posted" in said and why in said
    assert text not in said  # the refusal never echoes the patient details
    assert _count(ward) == before
    with ward.runtime.db.session() as s:
        assert s.scalar(select(Audit.outcome).where(Audit.action.like("privacy.%"))) == "refused"


def test_an_nhs_like_number_that_fails_the_check_digit_is_fine(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "/idea Call 943 476 5918 for the falls team")
    assert texts(posts) == ["Idea #4 from Demo Nurse: Call 943 476 5918 for the falls team"]


def test_very_long_text_is_refused_naming_the_limit(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "/idea " + "more staff " * 201)
    [said] = texts(posts)
    assert "the limit is 2,000" in said and posts[0].to.visible_to == "Demo Nurse"
    assert _count(ward) == 3
    exact = "x" * 2000
    assert texts(ward.say("Demo Nurse", f"/idea {exact}"))[0].endswith(exact)


def test_the_form_reflection_answers_and_notes_are_guarded_too(ward: Ward) -> None:
    posts = ward.submit("Demo Nurse", "idea.new", {"what": "Sensor mats", "why": "DOB 1/2/1940"})
    assert "date of birth" in texts(posts)[0] and _count(ward) == 3
    posts = ward.say("Demo Nurse", "/idea reflect Bed 3 NHS 943 476 5919 went well")
    assert "NHS number" in texts(posts)[0] and posts[0].to.visible_to == "Demo Nurse"
    with ward.runtime.db.session() as s:
        assert s.scalar(select(func.count()).select_from(ReflectionNote)) == 0
    posts = ward.say("Demo Lead", "/idea status 2 reviewing note for 943 476 5919")
    assert "NHS number" in texts(posts)[0] and ward.idea(2).status == "new"


def test_the_core_keeps_mentions_and_links_exactly_as_typed(ward: Ward) -> None:
    [post] = ward.say("Demo Nurse", f"/idea {TRICKS}")
    assert post.message.text == f"Idea #4 from Demo Nurse: {TRICKS}"
    assert ward.idea(4).text == TRICKS
    assert TRICKS in texts(ward.say("Demo Nurse", "/idea show 4"))[0]


def _idea_post(ward: Ward) -> Post:
    [post] = ward.say("Demo Nurse", f"/idea {TRICKS}")
    return post


def test_slack_renders_an_idea_so_it_neither_pings_nor_links(ward: Ward) -> None:
    render = pytest.importorskip("adapters.slack.render")
    post = _idea_post(ward)
    blocks = render.blocks_for(post.message)
    dumped = json.dumps(blocks)
    for raw in ("<!channel>", "<@U123>", "<https://x|nhs.uk>", "<at>"):
        assert raw not in dumped
    mrkdwn = [b["text"]["text"] for b in blocks if b.get("text", {}).get("type") == "mrkdwn"]
    assert mrkdwn and all("<" not in t and ">" not in t for t in mrkdwn)
    assert "&lt;!channel&gt;" in mrkdwn[0] and "&amp; &lt;at&gt;" in mrkdwn[0]
    assert "<" not in render.notification_text(post.message)
    shown = ward.say("Demo Nurse", "/idea show 4")[0]
    assert "<!channel>" not in json.dumps(render.blocks_for(shown.message))


def test_teams_renders_an_idea_so_it_neither_pings_nor_links_nor_templates(ward: Ward) -> None:
    pytest.importorskip("botbuilder.schema")
    render = pytest.importorskip("adapters.teams.render")
    post = _idea_post(ward)

    async def no_png(spec: object) -> bytes:
        return b""

    card = asyncio.run(render.to_activity(post.message, no_png)).attachments[0].content
    shown = json.dumps(card, ensure_ascii=False)
    assert "{{DATE(" not in shown and "[x](" not in shown
    assert "\\\\[x\\\\](javascript" in shown  # the Markdown link is escaped, shown as typed
    plain = ward.say("Demo Nurse", "/idea show 4")[0].message
    assert isinstance(plain, Text)
    text = asyncio.run(render.to_activity(plain, no_png)).text
    for raw in ("<at>", "<!channel>", "<https://x|nhs.uk>", "{{DATE(", "[x]("):
        assert raw not in text
