"""After the visit: the prompt for notes that afternoon, notes by form or command, actions with
an owner and a date, "You said, we did" for the team, one nudge for an overdue action, and the
notes in the next visit's pack."""

from __future__ import annotations

from datetime import UTC, datetime

from visit_kit import DM, WARD, Rota, texts

from bot.messages import Form, FormErrors, Text

NOTES = {
    "saw": "A calm huddle; the falls board was used by everyone",
    "good": "Red socks on every patient at risk of falls",
    "action1": "Replace the broken bed rails in bay 2",
    "owner1": "Demo Lead",
    "due1": "2027-02-01",
}


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=UTC)


def after_the_visit(rota: Rota) -> None:
    rota.step(at(19, 8, 1))
    rota.step(at(19, 15, 59))
    assert rota.arrived("visit-notes:3") == []
    rota.step(at(19, 16, 1))


def test_the_leader_is_asked_that_afternoon_and_the_team_hears_what_was_good(rota: Rota) -> None:
    after_the_visit(rota)
    prompts = rota.arrived("visit-notes:3")
    assert sorted(a.post.to.conversation for a in prompts) == ["@Demo Director"]
    message = prompts[0].post.message
    assert isinstance(message, Text)
    assert message.text.startswith("How was your visit to Ward 7 today?")
    [button] = message.buttons
    [form] = rota.press("Demo Director", button.action, button.value)
    assert isinstance(form.message, Form) and form.message.context == "3"
    assert {f.key for f in form.message.fields} >= {"saw", "good", "action1", "owner1", "due1"}
    bad = rota.submit(
        "Demo Director", "visit.notes", {**NOTES, "owner1": "Nobody", "due1": "soon"}, "3"
    )
    assert isinstance(bad[0].message, FormErrors)
    assert dict(bad[0].message.errors) == {
        "owner1": "Action 1: Nobody is not known.",
        "due1": "Action 1: give the date as YYYY-MM-DD.",
    }
    out = rota.submit("Demo Director", "visit.notes", NOTES, "3")
    assert texts(out)[0] == (
        "Thank you: notes saved for visit 3 (Ward 7).\nActions:\n"
        "  1. Replace the broken bed rails in bay 2 (Demo Lead, by Mon 1 Feb 2027)"
    )
    team = [p for p in out if p.to.conversation == "#ward-7"]
    assert [p.message.heading for p in team] == ["Demo Director's visit on Tue 19 Jan 2027"]
    assert "What was good: Red socks" in team[0].message.text
    assert "A calm huddle" not in team[0].message.text  # what they saw stays with the leaders
    owner = [p for p in out if p.to.conversation == "@Demo Lead"]
    assert owner[0].message.text.startswith("After the visit to Ward 7, you own action 1:")
    assert rota.visit(3)[0] == "done"
    rota.step(at(20, 16, 1))
    assert len(rota.arrived("visit-notes:3")) == 1  # asked once


def test_notes_by_command_and_the_next_visit_pack_carries_them(rota: Rota) -> None:
    rota.clock.set(at(19, 12))
    line = (
        "/visit notes 3 saw=Busy but calm good=Everyone knew the falls numbers "
        "action=Fix the sluice door owner=demo lead due=2027-02-01 "
        "action=Ask estates about the lift owner=Demo Director by=2027-02-15"
    )
    out = rota.say("Demo Director", line, DM)
    assert texts(out)[0].splitlines()[1:] == [
        "Actions:",
        "  1. Fix the sluice door (Demo Lead, by Mon 1 Feb 2027)",
        "  2. Ask estates about the lift (Demo Director, by Mon 15 Feb 2027)",
    ]
    rota.step(at(19, 16, 1))
    assert rota.arrived("visit-notes:3") == []  # notes given: no prompt
    rota.step(at(9, 9, 1, month=2))
    [pack] = [
        a for a in rota.arrived("visit-pack:6:") if a.post.to.conversation == "@Demo Director"
    ]
    text = pack.post.message.text
    assert "Notes from the last visit:\n  Visit 3, Tue 19 Jan 2027 (Demo Director)" in text
    assert "  Saw: Busy but calm\n  Good: Everyone knew the falls numbers" in text
    assert "  Action 1: Fix the sluice door (Demo Lead, by Mon 1 Feb 2027, open)" in text


def test_an_overdue_action_nudges_its_owner_once_and_done_tells_the_team(rota: Rota) -> None:
    rota.clock.set(at(19, 12))
    rota.submit("Demo Director", "visit.notes", NOTES, "3")
    rota.step(at(2, 8, 59, month=2))
    assert rota.arrived("visit-action:1") == []
    rota.step(at(2, 9, 1, month=2))
    rota.step(at(3, 9, 1, month=2))
    nudges = rota.arrived("visit-action:1")
    assert sorted(a.post.to.conversation for a in nudges) == ["@Demo Lead"]
    assert nudges[0].post.message.text.startswith(
        "Action 1 from the leadership visit to Ward 7 on Tue 19 Jan 2027 was due on "
        "Mon 1 Feb 2027: Replace the broken bed rails in bay 2"
    )
    refused = rota.say("Demo Nurse", "/visit action done 1", DM)
    assert texts(refused) == [
        "Only action 1's owner, the leaders on the visit, Ward 7's team lead or a trust admin "
        "can mark it done."
    ]
    done = rota.say("Demo Lead", "/visit action done 1", WARD)
    [said] = done
    assert said.to.conversation == "#ward-7" and said.to.visible_to is None
    assert said.message.heading == "You said, we did"
    assert said.message.text == (
        "At the leadership visit on Tue 19 Jan 2027, Demo Director agreed to act: Replace the "
        "broken bed rails in bay 2\nDone (Demo Lead, Wed 3 Feb 2027)."
    )
    again = rota.say("Demo Lead", "/visit action done 1", DM)
    assert texts(again) == ["Action 1 is already done."]


def test_notes_come_only_from_the_leaders_after_the_visit_and_are_guarded(rota: Rota) -> None:
    early = rota.say("Demo Director", "/visit notes 3 saw=Nothing yet", DM)
    assert texts(early) == ["Visit 3 is on Tue 19 Jan 2027 at 10:00; notes come after it."]
    rota.clock.set(at(19, 12))
    other = rota.say("Demo Chair", "/visit notes 3 saw=I was not there", DM)
    assert texts(other) == ["Only the leaders on visit 3 or a trust admin can add its notes."]
    [refusal] = rota.press("Demo Nurse", "open:visit.notes", "3")
    assert refusal.message.text == "Only the leaders on visit 3 or a trust admin can add notes."
    guarded = rota.say("Demo Director", "/visit notes 3 saw=Mr Smith DOB 01/02/1950 fell", DM)
    assert "date of birth" in texts(guarded)[0] and "1950" not in texts(guarded)[0]
    assert rota.visit(3)[0] == "planned"
