"""Reflection answers stay their author's: codes nobody can guess, and only the author may turn
an answer into an idea; anyone else hears exactly what a made-up code hears."""

from __future__ import annotations

import re

from idea_kit import ED, NOW, Ward, texts
from sqlalchemy import func, select

from bot.messages import Post
from bot.stores.tables.core import Audit
from bot.stores.tables.ideas import Idea, ReflectionNote

CODE = re.compile(r"`/idea from-reflection ([a-z0-9]+)`")


def _answer(ward: Ward, who: str, text: str, where=None) -> tuple[Post, str]:
    [reply] = ward.say(who, f"/idea reflect {text}", **({"where": where} if where else {}))
    found = CODE.search(reply.message.text)
    assert found, reply.message.text
    return reply, found.group(1)


def _ideas(ward: Ward) -> int:
    with ward.runtime.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Idea)) or 0)


def _denied(ward: Ward) -> list[str]:
    with ward.runtime.db.session() as s:
        rows = s.scalars(
            select(Audit.subject).where(
                Audit.action == "idea.from_reflection", Audit.outcome == "denied"
            )
        )
        return list(rows)


def test_someone_elses_answer_cannot_be_published_and_looks_like_no_answer(ward: Ward) -> None:
    _, code = _answer(ward, "Demo Nurse", "I was scared to speak up at handover")
    ideas = _ideas(ward)
    made_up = texts(ward.say("Demo Lead", "/idea from-reflection zzzzzzzzzz"))
    for who, where in (("Demo Lead", None), ("Demo Admin", None), ("Demo ED Lead", ED)):
        kwargs = {"where": where} if where else {}
        by_command = texts(ward.say(who, f"/idea from-reflection {code}", **kwargs))
        by_button = texts(ward.action(who, "idea.from_reflection", code, **kwargs))
        assert by_command == by_button == made_up
        assert "scared" not in " ".join(by_command)
    assert _ideas(ward) == ideas  # nothing published under the nurse's name
    with ward.runtime.db.session() as s:
        note_id = s.scalar(select(ReflectionNote.id).where(ReflectionNote.token == code))
    assert _denied(ward) == [f"reflection:{note_id}"] * 6  # every attempt on a real answer


def test_counting_numbers_find_nothing_and_codes_do_not_count_up(ward: Ward) -> None:
    _, first = _answer(ward, "Demo Nurse", "The new board works")
    _, second = _answer(ward, "Demo Nurse", "Breaks were protected")
    assert first != second and len(first) >= 10 and len(second) >= 10
    assert not first.isdigit() and not second.isdigit()
    for guess in ("1", "2", "#1"):
        reply = texts(ward.say("Demo Lead", f"/idea from-reflection {guess}"))
        assert reply == texts(ward.say("Demo Lead", "/idea from-reflection zzzzzzzzzz"))
    assert _ideas(ward) == 3  # the demo's three


def test_the_author_alone_sees_the_code_and_publishes_with_it(ward: Ward) -> None:
    reply, code = _answer(ward, "Demo Nurse", "Handover ran late every day")
    assert reply.to.visible_to == "Demo Nurse"  # private to the author, not the channel
    [button] = reply.message.buttons
    assert button.value == code
    made = ward.action("Demo Nurse", button.action, button.value)
    assert "Idea #4 from Demo Nurse: Handover ran late every day" in texts(made)
    again = texts(ward.say("Demo Nurse", f"/idea from-reflection {code.upper()}"))
    assert again == ["That answer is already idea #4."]


def test_codes_never_look_like_a_patient_identifier_to_the_guard(ward: Ward) -> None:
    from bot.ideas.reflection import new_token
    from bot.privacy.screen import identifier_in

    codes = {new_token() for _ in range(20000)}
    assert len(codes) == 20000  # no two alike
    assert not any(ch.isdigit() for code in codes for ch in code)
    assert [c for c in codes if identifier_in(f"from-reflection {c}", NOW.date())] == []
    _, code = _answer(ward, "Demo Nurse", "Breaks were protected")
    assert "Idea #4" in " ".join(texts(ward.action("Demo Nurse", "idea.from_reflection", code)))


def test_odd_codes_get_the_same_polite_answer_and_change_nothing(ward: Ward) -> None:
    _answer(ward, "Demo Nurse", "Protected breaks worked")
    made_up = texts(ward.say("Demo Nurse", "/idea from-reflection zzzzzzzzzz"))
    for odd in ("' OR 1=1 --", "%", "_" * 10, "x" * 5000, "ｋ７ｑｍ", "1; DROP TABLE ideas"):
        assert texts(ward.say("Demo Nurse", f"/idea from-reflection {odd}")) == made_up
    assert _ideas(ward) == 3
