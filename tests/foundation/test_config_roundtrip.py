"""Property: for any valid configuration c, applying the export of apply(c) changes nothing, also
after a team lead changed slots, measures and links in chat."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import Huddlebot
from bot.assembly import assemble
from bot.config import apply_config, export_config, parse_config
from bot.config.diff import changes
from bot.db import Database
from bot.events import Command, Origin, Sender
from bot.messages import Post, fallback_text
from bot.stores.tables.core import Address
from bot.stores.wipe import wipe

NOW = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NAME = st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z0-9][a-z]{0,5})?", fullmatch=True)
TEAM_KEYS = ("ward-1", "ward-2", "ed", "theatres", "amu", "icu")
TIMES = ("07:45", "08:00", "08:30", "12:15", "14:00", "20:00")


@st.composite
def days(draw: st.DrawFn) -> Any:
    return draw(
        st.one_of(
            st.sampled_from(["mon-sun", "mon-fri", "sat-sun", "tue-thu"]),
            st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True),
        )
    )


@st.composite
def measure(draw: st.DrawFn, key: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["count", "percent", "score", "number", "minutes", "yesno"]))
    entry: dict[str, Any] = {"key": key, "name": draw(NAME), "kind": kind}
    entry["direction"] = draw(st.sampled_from(["up", "down", "neutral"]))
    if kind == "score":
        low = draw(st.integers(0, 3))
        entry.update(min=low, max=low + draw(st.integers(1, 9)))
        if draw(st.booleans()):
            entry["target"] = draw(st.integers(entry["min"], entry["max"]))
    elif kind == "percent" and draw(st.booleans()):
        entry["target"] = draw(st.integers(0, 100))
    elif kind in ("count", "minutes") and draw(st.booleans()):
        entry["target"] = draw(st.integers(0, 500))
    if draw(st.booleans()):
        entry["anonymous"] = True
    return entry


@st.composite
def team(draw: st.DrawFn, key: str, channel: str | None) -> dict[str, Any]:
    times = draw(st.lists(st.sampled_from(TIMES), max_size=3, unique=True))
    keys = draw(st.lists(st.sampled_from(["falls", "staffing", "mood", "waits"]), unique=True))
    entry: dict[str, Any] = {"key": key, "name": draw(NAME)}
    entry["huddles"] = [
        {"time": t, "days": draw(days()), "bank_holidays": draw(st.sampled_from(["run", "skip"]))}
        for t in times
    ]
    entry["measures"] = [draw(measure(k)) for k in keys]
    if channel:
        entry["slack_channel"] = channel
    return entry


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(TEAM_KEYS), min_size=1, max_size=4, unique=True))
    split = draw(st.integers(1, len(keys)))
    groups = [("medicine", keys[:split]), ("surgery", keys[split:])]
    divisions = [
        {
            "key": division,
            "name": division.title(),
            "teams": [
                draw(team(k, f"C0{k.upper()}" if draw(st.booleans()) else None)) for k in members
            ],
        }
        for division, members in groups
        if members
    ]
    names = draw(st.lists(NAME, max_size=4, unique=True).filter(lambda n: "Admin" not in n))
    roles = [f"{r}:{k}" for k in keys for r in ("team_lead", "member")]
    roles += ["senior_leader", "improvement_lead"]
    people = [{"name": "Admin", "slack": "U0ADMIN", "roles": ["trust_admin"]}]
    for i, name in enumerate(names):
        person: dict[str, Any] = {"name": name}
        if draw(st.booleans()):
            person["slack"] = f"U0P{i}"
        if draw(st.booleans()):
            person["teams"] = f"29:p{i}"
        person["roles"] = draw(st.lists(st.sampled_from(roles), max_size=3, unique=True))
        people.append(person)
    trust = {"name": "Property Trust", "timezone": draw(st.sampled_from(["Europe/London"]))}
    return {"trust": trust, "divisions": divisions, "people": people}


CHAT = (
    "/huddle slot add 14:00 mon-fri",
    "/huddle slot add 14:00",
    "/huddle slot add 06:30 fri-mon",
    "/huddle slot remove 08:00",
    "/huddle measure add bed-waits count",
    "/huddle measure add calm score 1-5 up anonymous",
    "/huddle measure remove falls",
    "link",
    "move",
)


def _chat(bot: Huddlebot, team_key: str, line: str, other: str) -> str:
    sender, origin = (
        Sender("console", "Admin", "Admin"),
        Origin("console", "console", f"#{team_key}"),
    )
    if line == "link":  # a second channel for the team
        origin = Origin("console", "console", f"#{team_key}-spare")
        line = f"/huddle link {team_key}"
    if line == "move":  # another team's Slack channel (declared in the file, or not) moves here
        sender = Sender("slack", "U0ADMIN", "Admin")
        origin = Origin("slack", "T0TRUST", f"C0{other.upper()}")
        line = f"/huddle link {team_key} move"
    name, _, rest = line.lstrip("/").partition(" ")
    posts = bot.handle(Command(sender, origin, name, rest, NOW))
    return " | ".join(fallback_text(p.message) for p in posts if isinstance(p, Post))


def _places(session: Session) -> set[tuple[Any, ...]]:
    rows = session.execute(
        select(Address.platform, Address.conversation, Address.owner_kind, Address.owner_id)
    )
    return {tuple(r) for r in rows}


def test_applying_the_export_changes_nothing(database_url: str) -> None:
    db = Database(database_url)
    bot = assemble(db)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(doc=configs(), chat=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(CHAT))))
    def check(doc: dict[str, Any], chat: list[tuple[int, str]]) -> None:
        with db.session() as s:
            wipe(s)
            apply_config(s, parse_config(doc), NOW)
        keys = [t["key"] for d in doc["divisions"] for t in d["teams"]]
        for index, line in chat:
            team_key, other = keys[index % len(keys)], keys[(index + 1) % len(keys)]
            said = _chat(bot, team_key, line, other)
            assert "went wrong" not in said, said
        with db.session() as s:
            exported, places = export_config(s), _places(s)
        text = yaml.safe_dump(exported, sort_keys=False, allow_unicode=True)
        with db.session() as s:
            apply_config(s, parse_config(yaml.safe_load(text)), NOW)
            again = export_config(s)
            assert _places(s) == places  # every channel still belongs where chat put it
        assert changes(exported, again) == []
        assert again == exported

    try:
        check()
    finally:
        db.dispose()
