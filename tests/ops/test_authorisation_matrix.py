"""Who may change what: every role × every state-changing action × own team or another.

Each role gets its own copy of the demo trust; the actions run in one order on it. "own" means
the player's team (ward-7) — for visits, a visit the player leads — and "other" another team's
(ED's), or another leader's visit. Every denial must leave a `denied` audit row and change nothing.
"""

from __future__ import annotations

import pytest

from huddlebot.bootstrap import Runtime
from tests.ops.authz_kit import (
    OTHER_AUTHOR,
    PLAYERS,
    attempt,
    demo_runtime,
    escalation_ids,
    read,
    reflection_codes,
)

ROOMS = {"own": "#ward-7", "other": "#ed"}

# (action, own target, other target): a command line (or "press <action> <value>") with {room
# placeholders} filled by `prepare`; in the order they run.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("huddle.none", "/huddle none", "/huddle none"),
    ("huddle.record", "/huddle staffing 90", "/huddle staffing 90"),
    ("huddle.escalate", "/huddle escalate no hoist on bay 4", "/huddle escalate no hoist on bay 4"),
    # an anonymous measure answered through the form (its only shared-room route)
    (
        "huddle.anonymous",
        "submit huddle ward-7|2027-03-02 mood=4",
        "submit huddle ed|2027-03-02 ed-mood=4",
    ),
    ("huddle.ack", "/huddle ack {own_1}", "/huddle ack {other_1}"),
    ("huddle.ack.button", "press huddle.ack {own_2}", "press huddle.ack {other_2}"),
    (
        "huddle.resolve",
        "/huddle resolve {own_2} mended",
        "/huddle resolve {other_2} mended",
    ),
    (
        "huddle.measure",
        "/huddle measure add bed-waits count",
        "/huddle measure add bed-waits count",
    ),
    ("huddle.slot", "/huddle slot add 14:00", "/huddle slot add 14:00"),
    (
        "huddle.rebase",
        "/huddle rebase staffing 2027-01-15 rota",
        "/huddle rebase staffing 2027-01-15 rota",
    ),
    ("idea.post", "/idea a checklist for night handover", "/idea a checklist for night handover"),
    ("idea.support", "/idea support 4", "/idea support 6"),
    ("idea.support.button", "press idea.support 5", "press idea.support 7"),
    ("idea.status", "/idea status 4 reviewing", "/idea status 6 reviewing"),
    ("idea.review", "/idea review 1 adopt falls halved", "/idea review 7 adopt waits halved"),
    ("idea.reflect", "/idea reflect breaks were protected", "/idea reflect triage flowed"),
    # "own": an answer the player wrote; "other": one by someone else (Demo Chair)
    (
        "idea.from_reflection",
        "/idea from-reflection {own_reflection_1}",
        "/idea from-reflection {other_reflection_1}",
    ),
    (
        "idea.from_reflection.button",
        "press idea.from_reflection {own_reflection_2}",
        "press idea.from_reflection {other_reflection_2}",
    ),
    # sharing what worked: "own" is Ward 7's adopted idea #2 shared, and ED's adopted #3 taken
    # up by Ward 7 (in its channel); "other" the other way round (in ED's channel)
    ("idea.share", "/idea share 2", "/idea share 3"),
    ("idea.adopt", "/idea adopt 3", "/idea adopt 2"),
    # visits: "own" is a visit the senior leader (Demo Director) leads, "other" Demo Chair's
    ("visit.swap", "/visit swap 4 with Demo Chair", "/visit swap 5 with Demo Director"),
    ("visit.decline", "/visit decline 2 on leave", "/visit decline 3 on leave"),
    ("visit.notes", "/visit notes 8 saw=a calm department", "/visit notes 1 saw=a calm ward"),
    # actions: "own" is Ward 7's (owner Demo Lead, Demo Chair's visit), "other" ED's (owner the
    # ED lead, on Demo Director's visit)
    ("visit.action", "/visit action done 1", "/visit action done 2"),
    ("huddle.link", "/huddle link ward-7", "/huddle link ed"),
    # a channel another team owns: "own" is ED's channel taken for ward-7, "other" ward-7's
    # channel taken for ED. A plain link never takes it; only a trust admin's `move` does.
    ("huddle.link.taken", "/huddle link ward-7", "/huddle link ed"),
    ("huddle.link.move", "/huddle link ward-7 move", "/huddle link ed move"),
    # tiers: "own" is the Medicine division (ward-7's), "other" the Surgery division or the trust
    (
        "huddle.onward",
        "/huddle onward {own_3} no side room across the division",
        "/huddle onward {surgery_1} no side room across the division",
    ),
    ("tier.record", "/huddle bed-occupancy 93", "/huddle four-hour 74"),
    ("tier.measure", "/huddle measure add delays count", "/huddle measure add delays count"),
    ("tier.link", "/huddle link medicine", "/huddle link surgery"),
)
# where the linking actions run (every other action runs in the target team's channel)
LINK_ROOMS = {
    "huddle.link": {"own": "#spare-own", "other": "#spare-other"},
    "huddle.link.taken": {"own": "#ed", "other": "#ward-7"},
    "huddle.link.move": {"own": "#ed", "other": "#ward-7"},
    "tier.record": {"own": "#medicine", "other": "#trust"},
    "tier.measure": {"own": "#medicine", "other": "#trust"},
    "tier.link": {"own": "#spare-division-own", "other": "#spare-division-other"},
}


def prepare(runtime: Runtime, who: str = "") -> list[tuple[str, str, str, str]]:
    """(action, scope, room, line) for every case, with escalation ids and `who`'s reflection
    codes filled in."""
    own, other = escalation_ids(runtime, "ward-7"), escalation_ids(runtime, "ed")
    surgery = escalation_ids(runtime, "theatres")
    mine, theirs = reflection_codes(runtime, who), reflection_codes(runtime, OTHER_AUTHOR)
    ids = {
        "own_1": own[0],
        "own_2": own[1],
        "own_3": own[2],
        "surgery_1": surgery[0],
        "other_1": other[0],
        "other_2": other[1],
        "own_reflection_1": mine[0],
        "own_reflection_2": mine[1],
        "other_reflection_1": theirs[0],
        "other_reflection_2": theirs[1],
    }
    cases = []
    for action, own_line, other_line in ACTIONS:
        for scope, line in (("own", own_line), ("other", other_line)):
            room = LINK_ROOMS.get(action, ROOMS)[scope]
            cases.append((action, scope, room, line.format(**ids)))
    return cases


ADMIN, QI, LEAD, MEMBER, SENIOR, DLEAD, DMEMBER = (
    "trust_admin",
    "improvement_lead",
    "team_lead",
    "member",
    "senior_leader",
    "division_lead",
    "division_member",
)
KNOWN = {ADMIN, QI, LEAD, MEMBER, SENIOR, DLEAD, DMEMBER}

# action -> (roles allowed on the own target, roles allowed on the other target); the unknown
# user is allowed nothing.
ALLOWED: dict[str, tuple[set[str], set[str]]] = {
    "huddle.none": ({ADMIN, LEAD, MEMBER}, {ADMIN}),
    "huddle.record": ({ADMIN, LEAD, MEMBER}, {ADMIN}),
    "huddle.escalate": ({ADMIN, LEAD, MEMBER}, {ADMIN}),
    "huddle.anonymous": ({ADMIN, LEAD, MEMBER}, {ADMIN}),
    # ward-7 and ED are both in Medicine: its leads and members acknowledge, its leads resolve
    "huddle.ack": ({ADMIN, SENIOR, DLEAD, DMEMBER}, {ADMIN, SENIOR, DLEAD, DMEMBER}),
    "huddle.ack.button": ({ADMIN, SENIOR, DLEAD, DMEMBER}, {ADMIN, SENIOR, DLEAD, DMEMBER}),
    "huddle.resolve": ({ADMIN, SENIOR, DLEAD}, {ADMIN, SENIOR, DLEAD}),
    "huddle.measure": ({ADMIN, LEAD}, {ADMIN}),
    "huddle.slot": ({ADMIN, LEAD}, {ADMIN}),
    "huddle.rebase": ({ADMIN, LEAD}, {ADMIN}),
    "idea.post": (KNOWN, KNOWN),  # anyone known may suggest an idea to any team
    "idea.support": (KNOWN, KNOWN),
    "idea.support.button": (KNOWN, KNOWN),
    "idea.status": ({ADMIN, QI, LEAD}, {ADMIN, QI}),
    "idea.review": ({ADMIN, QI, LEAD}, {ADMIN, QI}),
    "idea.reflect": (KNOWN, KNOWN),  # anyone known may answer a team's weekly reflection
    "idea.from_reflection": (KNOWN, set()),  # only its author, whatever their role
    "idea.from_reflection.button": (KNOWN, set()),
    "idea.share": ({ADMIN, QI, LEAD}, {ADMIN, QI}),
    # a team's members (and its lead, a trust admin or an improvement lead) take an idea up
    "idea.adopt": ({ADMIN, QI, LEAD, MEMBER}, {ADMIN, QI}),
    "visit.swap": ({ADMIN, SENIOR}, {ADMIN}),
    "visit.decline": ({ADMIN, SENIOR}, {ADMIN}),
    "visit.notes": ({ADMIN, SENIOR}, {ADMIN}),
    "visit.action": ({ADMIN, LEAD}, {ADMIN, SENIOR}),
    "huddle.link": ({ADMIN, LEAD}, {ADMIN}),
    "huddle.link.taken": (set(), set()),  # refused for everyone, naming the owner
    "huddle.link.move": ({ADMIN}, {ADMIN}),
    "huddle.onward": ({ADMIN, SENIOR, DLEAD}, {ADMIN, SENIOR}),  # Surgery's item: not Medicine's
    # the division's own measures (its leads and members), the trust's (its senior leaders)
    "tier.record": ({ADMIN, DLEAD, DMEMBER}, {ADMIN, SENIOR}),
    "tier.measure": ({ADMIN, DLEAD}, {ADMIN}),
    "tier.link": ({ADMIN, DLEAD}, {ADMIN}),
}


def expected(role: str, action: str, scope: str) -> str:
    own, other = ALLOWED[action]
    return "allowed" if role in (own if scope == "own" else other) else "denied"


@pytest.mark.parametrize("role", list(PLAYERS))
def test_each_role_may_do_what_the_table_says_and_no_more(role: str, database_url: str) -> None:
    runtime = demo_runtime(database_url)
    try:
        wrong = []
        for action, scope, room, line in prepare(runtime, PLAYERS[role]):
            outcome = attempt(runtime, PLAYERS[role], room, line)
            if outcome.verdict != expected(role, action, scope):
                wrong.append(f"{action} ({scope}): {outcome.verdict} — {outcome.reply[:120]}")
            if outcome.verdict == "denied":
                assert outcome.reply, f"{action} ({scope}) was refused without a word"
        assert wrong == [], f"{role}:\n" + "\n".join(wrong)
    finally:
        runtime.db.dispose()


def test_a_known_user_id_from_another_workspace_is_refused(database_url: str) -> None:
    from bot.events import Command, Origin, Sender
    from tests.ops.authz_kit import NOW, denials, snapshot

    runtime = demo_runtime(database_url)
    try:
        lead = Sender("slack", "U0LEAD", "Demo Lead")
        home = Origin("slack", "T0HOME", "C0WARD7")
        runtime.bot.handle(Command(lead, home, "huddle", "link ward-7", NOW))
        before, refused = snapshot(runtime), denials(runtime)
        elsewhere = Origin("slack", "T0ELSEWHERE", "C0STRANGE")
        runtime.bot.handle(Command(lead, elsewhere, "huddle", "link ward-7", NOW))
        assert snapshot(runtime) == before and denials(runtime) == refused + 1
    finally:
        runtime.db.dispose()


# Actions that change nothing but hand over a file: (action, command line) -> roles allowed.
READS: dict[tuple[str, str], set[str]] = {
    ("huddle.report", "/huddle report"): {ADMIN, QI, SENIOR},
    ("huddle.report.division", "/huddle report medicine"): {ADMIN, QI, SENIOR},
}


def test_the_board_pack_goes_to_leaders_and_improvers_only(database_url: str) -> None:
    runtime = demo_runtime(database_url)
    try:
        wrong = []
        for (action, line), roles in READS.items():
            for role, who in PLAYERS.items():
                outcome = read(runtime, who, ROOMS["own"], line)
                want = "allowed" if role in roles else "denied"
                if outcome.verdict != want:
                    wrong.append(f"{role} {action}: {outcome.verdict} — {outcome.reply[:120]}")
                if outcome.verdict == "denied":
                    assert outcome.reply, f"{role} {action} was refused without a word"
        assert wrong == [], "\n".join(wrong)
    finally:
        runtime.db.dispose()
