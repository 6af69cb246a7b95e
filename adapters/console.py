"""The console: one person typing in one team's channel; the bot's posts printed as blocks.

A real adapter (not a test double): it translates lines to events and renders messages as text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.events import Command, Event, Origin, Pressed, Said, Sender, Submission
from bot.messages import (
    Attachment,
    Button,
    Chart,
    ChartsFile,
    Edit,
    Form,
    FormErrors,
    Message,
    Outbound,
    Post,
    Posted,
    Text,
    fallback_text,
)
from bot.ports import DeliveryFailed

PLATFORM = "console"
DURATION = re.compile(r"^(\d+)\s*([mhd])$")


LONGEST_ADVANCE = timedelta(days=366)
EARLIEST, LATEST = 2000, 2100  # the years the simulated clock may be set to


def parse_duration(text: str) -> timedelta | None:
    """`90m`, `2h`, `1d` as a duration up to LONGEST_ADVANCE; None for anything else."""
    match = DURATION.match(text.strip().lower())
    if not match or len(match.group(1)) > 7:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    by = timedelta(**{{"m": "minutes", "h": "hours", "d": "days"}[unit]: amount})
    return by if by <= LONGEST_ADVANCE else None


def readable(line: str) -> str:
    """A typed line as valid Unicode: bytes that were not UTF-8 become U+FFFD."""
    return line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass
class ConsolePlatform:
    """Prints posts; saves charts as PNG files under `out`."""

    out: TextIO = sys.stdout
    out_dir: Path = Path("huddlebot-out")
    render: Callable[[object], bytes] | None = None
    name: str = PLATFORM
    counter: int = 0
    last_buttons: list[Button] = field(default_factory=list)
    last_form: Form | None = None

    async def send(self, post: Post) -> Posted:
        return self.show(post)

    async def edit(self, edit: Edit) -> Posted:
        self._print(f"[{edit.posted.conversation}] (updated)", edit.message)
        return edit.posted

    def show(self, post: Post) -> Posted:
        to = post.to
        who = f"@{to.visible_to}" if to.visible_to else to.conversation
        self.counter += 1
        self._print(f"[{who}]", post.message)
        return Posted(PLATFORM, to.conversation, f"m{self.counter}")

    def _print(self, header: str, message: Message) -> None:
        lines = [header]
        if isinstance(message, Text):
            if message.heading:
                lines.append(message.heading)
            lines.append(message.text)
            if message.buttons:
                self.last_buttons = list(message.buttons)
                lines.append(
                    "  "
                    + " · ".join(
                        f"[{b.label}] (:press {i + 1})" for i, b in enumerate(message.buttons)
                    )
                )
        elif isinstance(message, Form):
            self.last_form = message
            lines.append(message.title + (f"\n{message.intro}" if message.intro else ""))
            for f in message.fields:
                hint = f" ({f.hint})" if f.hint else ""
                lines.append(f"  {f.key}: {f.label}{hint}")
            lines.append("  Fill it in with  :form key=value; key=value")
        elif isinstance(message, FormErrors):
            lines += [f"  {key}: {text}" for key, text in message.errors]
        elif isinstance(message, Chart):
            lines.append(f"[chart] {self._save_chart(message)}  {message.alt}")
            if message.comment:
                lines.append(message.comment)
        elif isinstance(message, Attachment | ChartsFile):
            if isinstance(message, ChartsFile):
                message = message.filled([self._png(spec) for spec in message.charts])
            self.out_dir.mkdir(parents=True, exist_ok=True)
            path = self.out_dir / message.filename
            path.write_bytes(message.content)
            lines.append(f"[file] {path}  {message.alt}")
        else:
            lines.append(fallback_text(message))
        print("\n".join(lines), file=self.out, flush=True)

    def _png(self, spec: object) -> bytes:
        if self.render is None:
            from bot.spc.drawing.render import render_png

            self.render = render_png
        return self.render(spec)

    def _save_chart(self, chart: Chart) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^a-z0-9]+", "-", (chart.title or "chart").lower()).strip("-") or "chart"
        path = self.out_dir / f"{stem}-{self.counter}.png"
        path.write_bytes(self._png(chart.spec))
        return path


@dataclass
class ConsoleSession:
    """Who is typing, in which team's channel, and the simulated local clock."""

    user: str
    team: str
    timezone: str = "Europe/London"
    now: datetime | None = None  # a fixed simulated time; None: the real time (plus offset)
    offset: timedelta = timedelta(0)  # `huddlebot run --now`: real time shifted, running on

    def at(self) -> datetime:
        return self.now or datetime.now(UTC) + self.offset

    def origin(self) -> Origin:
        return Origin(PLATFORM, PLATFORM, f"#{self.team}")

    def sender(self) -> Sender:
        return Sender(PLATFORM, self.user, self.user)

    def set_local(self, text: str) -> str | None:
        try:
            local = datetime.fromisoformat(text.strip())
        except ValueError:
            return f"Not a date and time: {text[:40]!r}. Use e.g. :now 2027-03-01T08:29"
        if not EARLIEST <= local.year < LATEST:
            return f"Choose a time from {EARLIEST} to {LATEST - 1}, e.g. :now 2027-03-01T08:29"
        if local.tzinfo is None:
            local = local.replace(tzinfo=ZoneInfo(self.timezone))
        self.now = local.astimezone(UTC)
        return None

    def event_for(self, line: str, platform: ConsolePlatform) -> object | str | None:
        """The event a typed line stands for, or a message for the person typing."""
        if line.startswith("/"):
            name, _, rest = line[1:].partition(" ")
            return Command(self.sender(), self.origin(), name.lower(), rest.strip(), self.at())
        if line.startswith(":press"):
            index = line[6:].strip()
            buttons = platform.last_buttons
            if not index.isdigit() or not 1 <= int(index) <= len(buttons):
                return "No such button. Use :press N for one of the buttons shown last."
            button = buttons[int(index) - 1]
            return Pressed(self.sender(), self.origin(), button.action, button.value, self.at())
        if line.startswith(":form"):
            form = platform.last_form
            if form is None:
                return "There is no form to fill in."
            values = {}
            for part in re.split(r"[;\n]", line[5:]):
                key, sep, value = part.partition("=")
                if sep:
                    values[key.strip()] = value.strip()
            return Submission(
                self.sender(), self.origin(), form.form, values, form.context, self.at()
            )
        return Said(self.sender(), self.origin(), line, self.at())


@dataclass
class ConsoleTurn:
    """How a console turn answers: every console post is printed now; a post for another
    platform is not for this terminal."""

    platform: ConsolePlatform
    event: Event
    inbox_id: int | None = None

    def is_here(self, out: Outbound) -> bool:
        where = out.posted.platform if isinstance(out, Edit) else out.to.platform
        return where == PLATFORM

    async def answer(self, post: Post) -> Posted | None:
        return self.platform.show(post)

    async def edit(self, edit: Edit) -> None:
        await self.platform.edit(edit)

    def failure(self, error: Exception) -> DeliveryFailed | None:
        return None

    async def undelivered(self, out: Outbound, failed: DeliveryFailed) -> None:
        return None
