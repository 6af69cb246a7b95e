"""Inbound values: who said what, where, and when. Adapters build these; the core reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Sender:
    """A person as a platform knows them (its user id, and any other ids it has for them)."""

    platform: str  # a registered platform's name, or "console"
    user_id: str
    display_name: str = ""
    alt_ids: tuple[str, ...] = ()  # other ids for the same person (a directory object id)


@dataclass(frozen=True)
class Origin:
    """Where an event happened: a conversation on one platform, perhaps a thread in it."""

    platform: str
    workspace: str  # the platform's workspace or tenant id, "console"
    conversation: str  # the platform's channel or conversation id, "#ward-7" in the console
    thread: str | None = None  # the message id that heads the thread, if in one
    private: bool = False  # a one-to-one chat with the bot
    reference: str = ""  # opaque platform address (a stored conversation reference, JSON)


@dataclass(frozen=True)
class Command:
    """A chat command: `/huddle chart falls` arrives as name="huddle", text="chart falls"."""

    sender: Sender
    origin: Origin
    name: str
    text: str
    at: datetime  # timezone-aware UTC
    interactive: bool = True  # the adapter can open a form right now (it holds a trigger)


@dataclass(frozen=True)
class Said:
    """A plain message: an answer to a prompt, or a command typed without a slash."""

    sender: Sender
    origin: Origin
    text: str
    at: datetime
    mentioned_bot: bool = False


@dataclass(frozen=True)
class Submission:
    """A filled-in form (a modal, a card, or the console's key=value line)."""

    sender: Sender
    origin: Origin
    form: str  # the form's id, as the core named it
    values: Mapping[str, str]
    context: str  # what the core put in Form.context, returned untouched
    at: datetime
    message_id: str | None = None  # the card or message the form was in, if any


@dataclass(frozen=True)
class Pressed:
    """A button pressed on a message the bot posted."""

    sender: Sender
    origin: Origin
    action: str
    value: str
    at: datetime
    message_id: str | None = None
    interactive: bool = True


@dataclass(frozen=True)
class Joined:
    """The bot was added to a conversation (or first contacted there)."""

    origin: Origin
    at: datetime
    by: Sender | None = None
    team_hint: str = ""  # a platform's own name for the place, for the welcome text


Event = Command | Said | Submission | Pressed | Joined
