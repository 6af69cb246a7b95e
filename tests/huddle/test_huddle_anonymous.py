"""Anonymous measures: never shown per person, one answer per person a day, a mean only from 5."""

from __future__ import annotations

from huddle_kit import TODAY, Ward, confirmed, public
from sqlalchemy import inspect, select

from bot.demo import DEMO
from bot.stores.tables.core import Identity, Person, Role, Team
from bot.stores.tables.huddle import AnonymousAnswer

STAFF = [f"Nurse {n}" for n in "ABCDEF"]


def _more_staff(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        team = s.scalar(select(Team).where(Team.key == "ward-7"))
        trust_id = team.trust_id
        for name in STAFF:
            person = Person(trust_id=trust_id, name=name)
            s.add(person)
            s.flush()
            s.add(Role(person_id=person.id, role="member", team_id=team.id))
            s.add(Identity(person_id=person.id, platform="slack", external_id=f"U{name[-1]}"))


def _board_mood(ward: Ward) -> str:
    [board] = public(ward.say("Demo Lead", "/huddle board"))
    return next(line for line in board.splitlines() if line.startswith("Team mood"))


def test_the_confirmation_never_shows_an_anonymous_value(ward: Ward) -> None:
    [reply] = confirmed(ward.say("Demo Nurse", "mood 2"))
    assert reply == "Recorded for Ward 7, Mon 1 Mar: mood noted (anonymous)"
    assert "2" not in reply.split(":", 1)[1]


def test_fewer_than_five_answers_show_no_figure_and_five_show_the_mean(ward: Ward) -> None:
    _more_staff(ward)
    for name, mood in zip(STAFF[:4], (5, 4, 4, 3), strict=True):
        ward.say(name, f"mood {mood}")
    assert "today fewer than 5 answers" in _board_mood(ward)
    assert ward.value("mood") is None  # no daily figure stored yet
    ward.say(STAFF[4], "mood 2")
    assert "today 3.6 (5 answers)" in _board_mood(ward)
    [daily] = ward.readings("mood", TODAY)
    assert (daily.value, daily.person_id) == (3.6, None)


def test_a_persons_later_answer_the_same_day_replaces_their_earlier_one(ward: Ward) -> None:
    _more_staff(ward)
    for name in STAFF[:5]:
        ward.say(name, "mood 4")
    ward.say(STAFF[0], "mood 1")  # changed their mind: still five answers
    assert "today 3.4 (5 answers)" in _board_mood(ward)
    [daily] = ward.readings("mood", TODAY)
    assert daily.value == 3.4 and daily.superseded_at is None  # no history of means to diff


def test_stored_answers_cannot_be_tied_to_a_person(ward: Ward) -> None:
    ward.say("Demo Nurse", "mood 4")
    ward.say("Demo Lead", "mood 2")
    columns = {c.key for c in inspect(AnonymousAnswer).columns}
    assert columns == {"measure_id", "day", "voter", "value"}  # no person, no time, no sequence
    with ward.runtime.db.session() as s:
        voters = s.scalars(select(AnonymousAnswer.voter)).all()
        ids = {str(i) for i in s.scalars(select(Person.id))}
    assert len(voters) == 2 and not ids & set(voters)
    assert all(len(v) == 64 for v in voters)


def test_the_demo_has_an_anonymous_mood_measure() -> None:
    ward7 = DEMO["divisions"][0]["teams"][0]
    assert any(m.get("anonymous") for m in ward7["measures"])
