"""The demo trust seen by each role: run one action as one person and say whether it took effect.

An action is *allowed* when the stored state changed and nobody was refused; *denied* when nothing
changed and a `denied` audit row was written. Anything else is reported as it is."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, text

from bot.assembly import TABLE
from bot.config import apply_config, parse_config
from bot.demo_trust import demo_config
from bot.events import Command, Origin, Pressed, Sender, Submission
from bot.messages import Attachment, ChartsFile, Outbound, Post, fallback_text
from bot.stores.tables.core import Audit, Person, Team
from bot.stores.tables.huddle import Escalation
from bot.stores.tables.ideas import Idea, ReflectionNote
from bot.stores.tables.visits import Visit, VisitAction
from huddlebot.bootstrap import Runtime, build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock

NOW = datetime(2027, 3, 2, 9, 40, tzinfo=UTC)  # a Tuesday morning in London (GMT)
IGNORED = {"audit", "postings", "inbox", "inbound_seen", "alembic_version"}

# Every event remembers its conversation: only what a conversation is linked to counts.
QUERIES = {
    "addresses": "SELECT owner_kind, owner_id, platform, conversation FROM addresses "
    "WHERE owner_kind IS NOT NULL"
}

# role -> who plays it (a console user is named as in the configuration)
PLAYERS = {
    "trust_admin": "Demo Admin",
    "improvement_lead": "Demo Improver",
    "team_lead": "Demo Lead",  # team lead of ward-7
    "member": "Demo Nurse",  # member of ward-7
    "senior_leader": "Demo Director",
    "division_lead": "Demo Matron",  # lead of the Medicine division (ward-7 and ED)
    "division_member": "Demo Bed Manager",  # member of the Medicine division
    "unknown": "Somebody Else",
}


OTHER_AUTHOR = "Demo Chair"  # whose reflection answers are "another person's"
NO_SUCH_CODE = "zzzzzzzzzz"


@dataclass(frozen=True)
class Outcome:
    verdict: str  # allowed | denied | <what happened otherwise>
    reply: str


def demo_runtime(database_url: str) -> Runtime:
    """The demo trust without its 90 days of readings (who may change what is not about them,
    and every snapshot reads every row): its configuration, ideas, held huddles and visits; plus
    an escalation per team, a done visit and an open action per team."""
    runtime = build(Settings(database_url=database_url), clock=FixedClock(NOW), migrate=False)
    with runtime.db.session() as s:
        apply_config(s, parse_config(demo_config()), NOW)
        for extra in TABLE.demo_extras:
            extra(s, NOW.date(), NOW)
    for who, room, many in (
        ("Demo Lead", "#ward-7", 3),
        ("Demo ED Lead", "#ed", 2),
        ("Demo Admin", "#theatres", 1),  # one in the Surgery division
    ):
        for n in range(1, many + 1):
            _run(runtime, who, room, f"/huddle escalate bay {n} hoist is broken")
    # ideas 4 and 5 on ward-7, 6 and 7 on ED, posted by people who play no role here
    for who, room in (("Demo Chair", "#ward-7"), ("Demo ED Lead", "#ed")):
        for n in (1, 2):
            _run(runtime, who, room, f"/idea a quieter drug round, take {n}")
    _run(runtime, "Demo ED Lead", "#ed", "/idea status 7 testing measure=handover from=2027-03-01")
    with runtime.db.session() as s:  # one adopted idea per team, to share and to take up
        for idea in s.scalars(select(Idea).where(Idea.number.in_((2, 3)))):
            idea.status = "adopted"
    _run(runtime, "Demo ED Lead", "#ed", "/huddle measure add ed-mood score 1-5 anonymous")
    # two reflection answers by each known player, and two by someone who plays no role here
    for who in [*(p for p in PLAYERS.values() if p != PLAYERS["unknown"]), OTHER_AUTHOR]:
        for n in (1, 2):
            _run(runtime, who, "#ward-7", f"/idea reflect handover went well, take {n}")
    with runtime.db.session() as s:
        ed = s.scalar(select(Team).where(Team.key == "ed"))
        ed_lead = s.scalar(select(Person).where(Person.name == "Demo ED Lead"))
        assert ed is not None and ed_lead is not None
        done = Visit(
            trust_id=ed.trust_id,
            number=8,
            team_id=ed.id,
            day=NOW.date() - timedelta(days=7),
            at_time="10:00",
            leaders="Demo Director",
            status="done",
            created_at=NOW,
            updated_at=NOW,
        )
        s.add(done)
        s.flush()
        s.add(
            VisitAction(
                trust_id=ed.trust_id,
                number=2,
                visit_id=done.id,
                text="Second trolley for resus",
                owner_id=ed_lead.id,
                due=date(2027, 3, 20),
                created_at=NOW,
            )
        )
    return runtime


def escalation_ids(runtime: Runtime, team_key: str) -> list[int]:
    with runtime.db.session() as s:
        return list(
            s.scalars(
                select(Escalation.id)
                .join(Team, Team.id == Escalation.team_id)
                .where(Team.key == team_key)
                .order_by(Escalation.id)
            )
        )


def reflection_codes(runtime: Runtime, who: str) -> list[str]:
    """The codes of `who`'s reflection answers, oldest first (two made-up ones for a stranger)."""
    with runtime.db.session() as s:
        codes = list(
            s.scalars(
                select(ReflectionNote.token)
                .join(Person, Person.id == ReflectionNote.person_id)
                .where(Person.name == who)
                .order_by(ReflectionNote.id)
            )
        )
    return codes or [NO_SUCH_CODE, NO_SUCH_CODE]


def snapshot(runtime: Runtime) -> str:
    """A digest of every stored row that an action could change (on PostgreSQL, each table's
    rows digested by the server, all tables in one round trip)."""
    names = sorted(t for t in _tables(runtime) if t not in IGNORED)
    selects = {name: QUERIES.get(name, f'SELECT * FROM "{name}"') for name in names}
    digest = hashlib.sha256()
    with runtime.db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            union = " UNION ALL ".join(
                f"SELECT '{name}', md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), ''))"
                f" FROM ({query}) AS r"
                for name, query in selects.items()
            )
            for name, rows in sorted(conn.execute(text(union)).fetchall()):
                digest.update(f"{name}:{rows}".encode())
            return digest.hexdigest()
        for name, query in selects.items():
            digest.update(name.encode())
            for row in sorted(repr(tuple(r)) for r in conn.execute(text(query)).fetchall()):
                digest.update(row.encode())
    return digest.hexdigest()


_TABLES: dict[str, list[str]] = {}


def _tables(runtime: Runtime) -> list[str]:
    """The database's tables (read once per database: no action creates one)."""
    from sqlalchemy import inspect

    url = str(runtime.db.engine.url)
    if url not in _TABLES:
        _TABLES[url] = inspect(runtime.db.engine).get_table_names()
    return _TABLES[url]


def denials(runtime: Runtime) -> int:
    with runtime.db.session() as s:
        return int(s.scalar(select(func.count()).where(Audit.outcome == "denied")) or 0)


def _run(runtime: Runtime, who: str, room: str, line: str) -> list[Outbound]:
    origin = Origin("console", "console", room)
    sender = Sender("console", who, who)
    if line.startswith("press "):
        _, action, value = line.split(" ", 2)
        return runtime.bot.handle(Pressed(sender, origin, action, value, NOW))
    if line.startswith("submit "):  # `submit <form> <context> key=value …`: a form sent in
        _, form, context, *pairs = line.split(" ")
        values = dict(pair.split("=", 1) for pair in pairs)
        return runtime.bot.handle(Submission(sender, origin, form, values, context, NOW))
    name, _, rest = line.lstrip("/").partition(" ")
    return runtime.bot.handle(Command(sender, origin, name, rest, NOW))


def attempt(runtime: Runtime, who: str, room: str, line: str) -> Outcome:
    before, refused = snapshot(runtime), denials(runtime)
    posts = _run(runtime, who, room, line)
    reply = " | ".join(fallback_text(p.message) for p in posts if isinstance(p, Post))
    changed, denied = snapshot(runtime) != before, denials(runtime) > refused
    if changed and not denied:
        return Outcome("allowed", reply)
    if denied and not changed:
        return Outcome("denied", reply)
    return Outcome(f"changed={changed} denied-audit={denied}", reply)


def read(runtime: Runtime, who: str, room: str, line: str) -> Outcome:
    """For an action that changes nothing: *allowed* when a file reached the person alone,
    *denied* when none did and a `denied` audit row was written."""
    before, refused = snapshot(runtime), denials(runtime)
    posts = [p for p in _run(runtime, who, room, line) if isinstance(p, Post)]
    reply = " | ".join(fallback_text(p.message) for p in posts)
    files = [p for p in posts if isinstance(p.message, Attachment | ChartsFile)]
    changed, denied = snapshot(runtime) != before, denials(runtime) > refused
    if files and all(p.to.visible_to == who for p in files) and not changed and not denied:
        return Outcome("allowed", reply)
    if not files and denied and not changed:
        return Outcome("denied", reply)
    return Outcome(f"files={len(files)} changed={changed} denied-audit={denied}", reply)
