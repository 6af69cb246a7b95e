"""One guard on every free-text field: a disguised patient identifier in any of them, typed as a
command or filled in a form, is refused privately, naming its kind, and nothing is stored or
posted. The same line with ordinary text is taken (so each case reaches its field)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.events import Command, Event, Origin, Sender, Submission
from bot.messages import FormErrors, Post, fallback_text
from bot.stores.tables.core import Audit
from huddlebot.bootstrap import Runtime
from tests.ops.authz_kit import NOW, demo_runtime, snapshot

# A disguised identifier of each kind, and the words its refusal must use.
DISGUISED = (
    ("943\u2013476\u20135919", "NHS number"),
    ("9 4 3 4 7 6 5 9 1 9", "NHS number"),
    ("943&nbsp;476<b>5919</b>", "NHS number"),
    ("943\u200b476\u00a05919", "NHS number"),
    ("DOB12/03/1956", "date of birth"),
    ("date of birth is 12th March 1956", "date of birth"),
    ("Mr Smith (12/03/1948)", "date of birth"),
    ("hospital no. K123456", "hospital number"),
    ("RXH1234567", "hospital number"),
)

# field -> (who, where, command line with {text}, ordinary text that the field takes)
COMMANDS = {
    "idea": ("Demo Nurse", "#ward-7", "/idea {text}", "sensor mats for bay 2"),
    "escalation": ("Demo Lead", "#ward-7", "/huddle escalate {text}", "hoist in bay 3 broken"),
    "huddle answer": ("Demo Nurse", "#ward-7", "/huddle falls 1 {text}", "staffing 90%"),
    "reflection": ("Demo Nurse", "#ward-7", "/idea reflect {text}", "handover went well"),
    "idea status note": (
        "Demo Lead",
        "#ward-7",
        "/idea status 4 reviewing note {text}",
        "worth a look",
    ),
    "PDSA plan": (
        "Demo Lead",
        "#ward-7",
        "/idea status 4 testing measure=falls from=2027-03-08 try={text} expect=fewer falls",
        "check rails at 8",
    ),
    "PDSA review": ("Demo ED Lead", "#ed", "/idea review 7 adopt {text}", "it worked"),
    "rebase reason": (
        "Demo Lead",
        "#ward-7",
        "/huddle rebase staffing 2027-01-15 {text}",
        "new rota",
    ),
    "resolve note": ("Demo Admin", "#ward-7", "/huddle resolve 1 {text}", "new hoist came"),
    "visit decline reason": (
        "Demo Director",
        "#ward-7",
        "/visit decline 2 {text}",
        "clinic overran",
    ),
    "visit notes": ("Demo Admin", "#ward-7", "/visit notes 1 saw={text}", "a calm ward"),
    "visit action": (
        "Demo Admin",
        "#ward-7",
        "/visit notes 1 action={text} owner=Demo Lead due=2027-03-20",
        "order sensor mats",
    ),
}

# field -> (who, where, form, values with {text}, context)
FORMS = {
    "idea form what": ("Demo Nurse", "#ward-7", "idea.new", {"what": "{text}"}, ""),
    "idea form why": (
        "Demo Nurse",
        "#ward-7",
        "idea.new",
        {"what": "Sensor mats", "why": "{text}"},
        "",
    ),
    "PDSA review form": (
        "Demo ED Lead",
        "#ed",
        "idea.review",
        {"next": "adopt", "study": "{text}"},
        "7",
    ),
    "visit decline form": (
        "Demo Director",
        "#ward-7",
        "visit.decline",
        {"reason": "{text}"},
        "2",
    ),
    "visit notes form": (
        "Demo Admin",
        "#ward-7",
        "visit.notes",
        {"saw": "{text}", "action1": "", "owner1": "", "due1": ""},
        "1",
    ),
    "visit action form": (
        "Demo Admin",
        "#ward-7",
        "visit.notes",
        {"saw": "", "action1": "{text}", "owner1": "Demo Lead", "due1": "2027-03-20"},
        "1",
    ),
}


@pytest.fixture
def runtime(database_url: str) -> Iterator[Runtime]:
    runtime = demo_runtime(database_url)
    yield runtime
    runtime.db.dispose()


def _command(who: str, where: str, line: str) -> Event:
    name, _, rest = line.lstrip("/").partition(" ")
    return Command(
        Sender("console", who, who), Origin("console", "console", where), name, rest, NOW
    )


def _form(who: str, where: str, form: str, values: dict[str, str], context: str) -> Event:
    return Submission(
        Sender("console", who, who), Origin("console", "console", where), form, values, context, NOW
    )


def _refused_privately(runtime: Runtime, event: Event, who: str, words: str) -> str:
    """Handle `event`; assert nothing changed and the only reply is private; return its text."""
    before = snapshot(runtime)
    posts = runtime.bot.handle(event)
    assert snapshot(runtime) == before, "something was stored"
    assert posts and all(isinstance(p, Post) and p.to.visible_to == who for p in posts), (
        "something was posted for others to see"
    )
    said = " ".join(
        " ".join(e for _, e in p.message.errors)
        if isinstance(p.message, FormErrors)
        else fallback_text(p.message)
        for p in posts
        if isinstance(p, Post)
    )
    assert words in said, said[:300]
    return said


def _refusals(runtime: Runtime) -> int:
    with runtime.db.session() as s:
        return len(s.scalars(select(Audit.id).where(Audit.outcome == "refused")).all())


@pytest.mark.parametrize("field", list(COMMANDS))
def test_every_command_field_refuses_disguised_identifiers(runtime: Runtime, field: str) -> None:
    who, where, line, ordinary = COMMANDS[field]
    for identifier, words in DISGUISED:
        text = f"about {identifier} today"
        said = _refused_privately(runtime, _command(who, where, line.format(text=text)), who, words)
        assert identifier not in said and "5919" not in said and "1956" not in said
    assert _refusals(runtime) == len(DISGUISED)
    before = snapshot(runtime)
    runtime.bot.handle(_command(who, where, line.format(text=ordinary)))
    assert snapshot(runtime) != before, f"{field}: the ordinary text was not taken either"


@pytest.mark.parametrize("field", list(FORMS))
def test_every_form_field_refuses_disguised_identifiers(runtime: Runtime, field: str) -> None:
    who, where, form, values, context = FORMS[field]
    for identifier, words in DISGUISED:
        filled = {k: v.format(text=f"see {identifier}") for k, v in values.items()}
        _refused_privately(runtime, _form(who, where, form, filled, context), who, words)
    assert _refusals(runtime) == len(DISGUISED)
    before = snapshot(runtime)
    filled = {k: v.format(text="a quieter drug round") for k, v in values.items()}
    runtime.bot.handle(_form(who, where, form, filled, context))
    assert snapshot(runtime) != before, f"{field}: the ordinary text was not taken either"


def test_a_form_refusal_marks_the_field_that_holds_the_identifier(runtime: Runtime) -> None:
    event = _form(
        "Demo Nurse", "#ward-7", "idea.new", {"what": "Sensor mats", "why": "MRN 1234567"}, ""
    )
    [post] = runtime.bot.handle(event)
    assert isinstance(post.message, FormErrors)
    assert [key for key, _ in post.message.errors] == ["why"]
    assert post.message.withheld == ("why",)  # never shown again, even to its author


def test_a_plain_message_in_the_channel_is_guarded_too(runtime: Runtime) -> None:
    from bot.events import Said

    who = "Demo Nurse"
    said = Said(
        Sender("console", who, who),
        Origin("console", "console", "#ward-7"),
        "falls 1, staffing 92%, mood 4 (bay 2: 943_476_5919)",
        NOW,
    )
    _refused_privately(runtime, said, who, "NHS number")


def test_a_refusal_is_logged_by_reason_and_id_never_by_its_text(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    line = "/idea Mrs Patel 943 476 5919 slipped near bed 4"
    _refused_privately(runtime, _command("Demo Nurse", "#ward-7", line), "Demo Nurse", "NHS")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "nhs_number" in logged and "Demo Nurse" in logged
    assert not any(part in logged for part in ("5919", "Patel", "slipped"))


def test_a_forged_form_context_is_screened_too(runtime: Runtime) -> None:
    event = _form(
        "Demo Director", "#ward-7", "visit.decline", {"reason": "clinic"}, "2 943 476 5919"
    )
    _refused_privately(runtime, event, "Demo Director", "NHS number")


def test_an_identifier_in_a_command_or_form_name_is_neither_echoed_nor_logged(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    said = _refused_privately(
        runtime, _command("Demo Nurse", "#ward-7", "/943-476-5919 fell"), "Demo Nurse", "NHS"
    )
    forged = _form("Demo Nurse", "#ward-7", "idea.943_476_5919", {"what": "mats"}, "")
    said += _refused_privately(runtime, forged, "Demo Nurse", "NHS")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "5919" not in said + logged
    with runtime.db.session() as s:
        subjects = s.scalars(select(Audit.subject).where(Audit.outcome == "refused")).all()
    assert subjects == ["command:?", "form:?"]
