"""After the visit: the leader's notes (what they saw, what was good, actions with an owner and a
date), by form or command; the team hears what was good and what will be done."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.context import Context
from bot.messages import Field, Form, FormErrors, Outbound, Text
from bot.schedule.visit_timers import schedule_overdue
from bot.stores.tables.core import Team
from bot.stores.tables.visits import Visit, VisitAction, VisitNote
from bot.visits.tell import cleaned, may_change, refused, to_person, to_team
from bot.visits.words import day_text, number_in, when

FORM = "visit.notes"
SLOTS = 3  # actions on the form; the command takes any number
USAGE = (
    "Use `/visit notes 14 saw=<what you saw> good=<what was good> "
    "action=<what will be done> owner=<name> due=2027-02-01` (repeat action/owner/due)."
)
KEYS = re.compile(r"(?:^|\s)(saw|good|action|owner|due|by)[=:]", re.IGNORECASE)


@dataclass
class Draft:
    """Notes as typed, before they are checked."""

    saw: str = ""
    good: str = ""
    actions: list[list[str]] | None = None  # [text, owner, due]


def notes_form(ctx: Context, context: str) -> Form | Text:
    number, _ = number_in(context)
    visit = ctx.visits.find(ctx.trust.id, number) if number else None
    if visit is None:
        return Text("That visit is no longer on the rota.")
    if not may_change(ctx, visit):
        ctx.audit("visit.notes", f"visit:{visit.number}", "denied")
        return Text(f"Only the leaders on visit {visit.number} or a trust admin can add notes.")
    fields = [
        Field("saw", "What did you see?", multiline=True, max_length=2000),
        Field("good", "What was good?", multiline=True, max_length=2000),
    ]
    for i in range(1, SLOTS + 1):
        fields += [
            Field(f"action{i}", f"Action {i}: what will be done", max_length=500),
            Field(f"owner{i}", f"Action {i}: owner", hint="a person's name"),
            Field(f"due{i}", f"Action {i}: by when", hint="YYYY-MM-DD"),
        ]
    return Form(
        FORM,
        f"Notes from visit {visit.number}",
        tuple(fields),
        str(visit.number),
        "Save notes",
        intro=f"Your visit on {when(visit)}. Only what you write here is shared with the team.",
        open_label="Add notes",
    )


def submitted(ctx: Context, values: Mapping[str, str], context: str) -> list[Outbound]:
    actions = [
        [values.get(f"{k}{i}", "") for k in ("action", "owner", "due")] for i in range(1, SLOTS + 1)
    ]
    draft = Draft(values.get("saw", ""), values.get("good", ""), actions)
    number, _ = number_in(context)
    return record(ctx, number, draft, form=True)


def command(ctx: Context, args: str) -> list[Outbound]:
    """`/visit notes 14 saw=… good=… action=… owner=… due=…`."""
    number, rest = number_in(args)
    if number is None or not rest:
        return [ctx.tell(USAGE)]
    parts = KEYS.split(rest)
    draft = Draft(actions=[])
    assert draft.actions is not None
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        key, value = key.lower(), value.strip()
        if key in ("saw", "good"):
            setattr(draft, key, value)
        elif key == "action":
            draft.actions.append([value, "", ""])
        elif draft.actions:
            draft.actions[-1][1 if key == "owner" else 2] = value
    if parts[0].strip() and not draft.saw:
        draft.saw = parts[0].strip()
    return record(ctx, number, draft, form=False)


def _problems(ctx: Context, draft: Draft, visit: Visit) -> list[tuple[str, str]]:
    problems = []
    for i, (text, owner, due) in enumerate(draft.actions or [], start=1):
        if not (text.strip() or owner.strip() or due.strip()):
            continue
        if not text.strip():
            problems.append((f"action{i}", f"Action {i}: say what will be done."))
        if ctx.visits.person_named(ctx.trust.id, owner) is None:
            problems.append((f"owner{i}", f"Action {i}: {owner or 'the owner'} is not known."))
        try:
            if date.fromisoformat(due.strip()) < visit.day:
                problems.append((f"due{i}", f"Action {i}: the date is before the visit."))
        except ValueError:
            problems.append((f"due{i}", f"Action {i}: give the date as YYYY-MM-DD."))
    return problems


def record(ctx: Context, number: int | None, draft: Draft, form: bool) -> list[Outbound]:
    visit = ctx.visits.find(ctx.trust.id, number) if number else None
    if visit is None or visit.status not in ("planned", "done"):
        return [ctx.tell(f"There is no visit {number}.")]
    team = ctx.visits.team(visit.team_id)
    assert team is not None
    if not may_change(ctx, visit):
        return ctx.refuse(
            "visit.notes",
            f"visit:{visit.number}",
            f"Only the leaders on visit {visit.number} or a trust admin can add its notes.",
        )
    if visit.day > ctx.local_now(team).date():
        return [ctx.tell(f"Visit {visit.number} is on {when(visit)}; notes come after it.")]
    draft.saw, draft.good = cleaned(draft.saw), cleaned(draft.good)
    actions = [[cleaned(p) for p in a] for a in draft.actions or [] if any(p.strip() for p in a)]
    draft.actions = actions
    if not (draft.saw or draft.good or actions):
        return [ctx.tell("Nothing to save: write what you saw, what was good, or an action.")]
    for text in (draft.saw, draft.good, *(a[0] for a in actions)):
        problem = refused(ctx, text, "notes")
        if problem:
            return problem
    problems = _problems(ctx, draft, visit)
    if problems:
        if form:
            return [ctx.show(FormErrors(FORM, tuple(problems)), private=True)]
        return [ctx.tell("\n".join(p for _, p in problems) + "\n" + USAGE)]
    return _save(ctx, visit, team, draft)


def _save(ctx: Context, visit: Visit, team: Team, draft: Draft) -> list[Outbound]:
    ctx.visits.add_rows(
        VisitNote(
            visit_id=visit.id,
            person_id=ctx.person.id if ctx.person else None,
            saw=draft.saw,
            good=draft.good,
            at=ctx.now,
        )
    )
    saved: list[VisitAction] = []
    for text, owner, due in draft.actions or []:
        person = ctx.visits.person_named(ctx.trust.id, owner)
        action = VisitAction(
            trust_id=ctx.trust.id,
            number=ctx.visits.next_number(ctx.trust.id, VisitAction),
            visit_id=visit.id,
            text=text,
            owner_id=person.id if person else None,
            due=date.fromisoformat(due),
            status="open",
            created_at=ctx.now,
        )
        ctx.visits.add_rows(action)
        schedule_overdue(ctx.session, action, team, ctx.now)
        saved.append(action)
    visit.status = "done"
    ctx.visits.note_change(visit, ctx.person, ctx.now, "notes")
    ctx.audit("visit.notes", f"visit:{visit.number}")
    lines = [_action_line(ctx, a) for a in saved]
    reply = f"Thank you: notes saved for visit {visit.number} ({team.name})."
    if lines:
        reply += "\nActions:\n" + "\n".join(f"  {line}" for line in lines)
    out: list[Outbound] = [ctx.tell(reply)]
    shared = []
    if draft.good:
        shared.append(f"What was good: {draft.good}")
    if lines:
        shared.append("What will be done:\n" + "\n".join(f"  {line}" for line in lines))
    if shared:
        author = ctx.person.name if ctx.person else "The visitor"
        heading = f"{author}'s visit on {day_text(visit.day)}"
        out += to_team(ctx, team, Text("\n".join(shared), heading), f"visit-notes:{visit.number}")
    for a in saved:
        out += to_person(
            ctx,
            a.owner_id,
            f"After the visit to {team.name}, you own action {a.number}: {a.text} "
            f"(by {day_text(a.due)}). When it is done: `/visit action done {a.number}`.",
            "A visit action for you",
        )
    return out


def _action_line(ctx: Context, a: VisitAction) -> str:
    return f"{a.number}. {a.text} ({ctx.visits.name_of(a.owner_id)}, by {day_text(a.due)})"
