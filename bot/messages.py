"""Outbound values: what the bot says, and where. Adapters render them natively.

The core never writes platform markup: every string here is plain text, and adapters escape it
(so user text can never ping a channel or disguise a link). A kind an adapter cannot render
falls back to `fallback_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.spc.drawing.spec import ChartSpec, SummarySpec


@dataclass(frozen=True)
class Address:
    """Where the bot may speak: a conversation, a thread in it, or one person only."""

    platform: str
    workspace: str
    conversation: str
    thread: str | None = None
    visible_to: str | None = None  # platform user id: only this person sees it (ephemeral)
    reference: str = ""  # opaque platform address (a stored conversation reference, JSON)


@dataclass(frozen=True)
class Button:
    label: str
    action: str
    value: str = ""
    style: str = ""  # "" | "primary" | "danger"


@dataclass(frozen=True)
class Text:
    text: str
    heading: str = ""
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Field:
    """One input of a form. Values come back as strings and are validated by the core."""

    key: str
    label: str
    kind: str = "text"  # "integer" | "decimal" | "text" | "yesno" | "choice"
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    hint: str = ""
    initial: str = ""
    multiline: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for "choice"
    max_length: int | None = None


@dataclass(frozen=True)
class Form:
    """A form to fill in: a modal, a card, or a console prompt."""

    form: str
    title: str
    fields: tuple[Field, ...]
    context: str = ""  # returned in the Submission (platforms limit it: keep under 3,000)
    submit: str = "Submit"
    intro: str = ""
    open_label: str = ""  # if the adapter must post a button that opens the form, its label


@dataclass(frozen=True)
class FormErrors:
    """Field errors for a submission, shown beside the fields where the platform can."""

    form: str
    errors: tuple[tuple[str, str], ...]  # (field key, message)
    summary: str = ""
    withheld: tuple[str, ...] = ()  # fields whose typed value is never shown again (patient data)


@dataclass(frozen=True)
class Chart:
    """A chart image. The shell renders `spec` to PNG off the request path."""

    spec: ChartSpec | SummarySpec
    alt: str  # one or two plain sentences; also the text fallback
    title: str = ""
    comment: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file for the person who asked (a CSV export)."""

    filename: str
    content: bytes
    alt: str


@dataclass(frozen=True)
class ChartsFile:
    """A file that holds charts (the board pack). Like a `Chart`, its charts are drawn by the
    shell's render pool off the request path; each PNG then goes where `text` has `slot`
    followed by the chart's number and a colon (see `filled`)."""

    filename: str
    text: str
    charts: tuple[ChartSpec, ...]
    alt: str
    slot: str

    def filled(self, pngs: list[bytes]) -> Attachment:
        """The file to send, each chart in place as a `data:` URI."""
        import base64
        import re

        pieces = re.split(re.escape(self.slot) + r"(\d+):", self.text)
        for i in range(1, len(pieces), 2):
            png = pngs[int(pieces[i])]
            pieces[i] = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        return Attachment(self.filename, "".join(pieces).encode("utf-8"), self.alt)


Message = Text | Form | FormErrors | Chart | Attachment | ChartsFile


def fallback_text(message: Message) -> str:
    """The plain text of any message, for a channel that cannot render its kind."""
    if isinstance(message, Text):
        return f"{message.heading}\n{message.text}" if message.heading else message.text
    if isinstance(message, Form):
        lines = [message.title, message.intro] if message.intro else [message.title]
        lines += [f"- {f.label}" + (f" ({f.hint})" if f.hint else "") for f in message.fields]
        return "\n".join(lines)
    if isinstance(message, FormErrors):
        return message.summary or "; ".join(text for _, text in message.errors)
    if isinstance(message, Chart):
        return message.alt
    return message.alt


@dataclass(frozen=True)
class About:
    """What a post is about, kept with where it landed, so a reply in its thread (or an edit
    of it) finds it by kind, team, day and subject rather than by reading its key."""

    kind: str  # "huddle.prompt", "huddle.escalation", "idea", "ideas.reflection" …
    team_id: int | None = None
    day: date | None = None  # the team's local day it is for
    subject_id: int | None = None  # the escalation's or idea's id


@dataclass(frozen=True)
class Post:
    """Say `message` at `to`. `key` names the post for idempotent delivery; `about` says what
    it is, for replies to find it once it has landed."""

    to: Address
    message: Message
    key: str = ""
    meta: tuple[tuple[str, Any], ...] = ()  # small facts the core wants back with the Posted
    about: About | None = None


@dataclass(frozen=True)
class Posted:
    """A message the platform accepted: enough to edit it or reply in its thread."""

    platform: str
    conversation: str
    message_id: str


@dataclass(frozen=True)
class Edit:
    """Replace a posted message (a prompt card becomes "Recorded …")."""

    posted: Posted
    message: Message


Outbound = Post | Edit
