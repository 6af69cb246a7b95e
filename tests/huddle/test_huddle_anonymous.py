"""Anonymous measures: answered only privately, never shown per person or per answer, and a
day's figure only once its answers close at midnight, from 5 answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from huddle_kit import NOW, TODAY, Ward, confirmed, public
from sqlalchemy import func, inspect, select

from bot.assembly import load_demo
from bot.charting.digest import KIND as CHART_DIGEST
from bot.charting.summary_csv import summary_csv, summary_for_export
from bot.events import Origin, Said, Sender
from bot.messages import Post, fallback_text
from bot.schedule import Due
from bot.stores.tables.core import Identity, Person, Role, Team
from bot.stores.tables.huddle import AnonymousAnswer

STAFF = [f"Nurse {n}" for n in "ABCDEFG"]
MIDNIGHT = datetime(2027, 3, 2, 0, 0, tzinfo=UTC)  # London is on GMT
SETTLED = MIDNIGHT + timedelta(minutes=15)


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


def _dm(ward: Ward, name: str, text: str) -> list:
    """A direct message to the bot in Slack, from one of STAFF."""
    letter = name[-1]
    origin = Origin("slack", "T1", f"D0{letter}", private=True)
    return ward.runtime.bot.handle(
        Said(Sender("slack", f"U{letter}"), origin, text, ward.clock.now())
    )


def _form(ward: Ward, name: str, values: dict[str, str], day: date = TODAY) -> list:
    return ward.submit(name, "huddle", values, f"ward-7|{day.isoformat()}")


def _answers(ward: Ward) -> int:
    with ward.runtime.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(AnonymousAnswer)) or 0)


def _board_mood(ward: Ward) -> str:
    [board] = public(ward.say("Demo Lead", "/huddle board"))
    return next(line for line in board.splitlines() if line.startswith("Team mood"))


def _views(ward: Ward) -> list[str]:
    """Everything anyone can read that could carry the mood: the board, the chart, the summary,
    the history, the CSV export, the weekly chart digest, every value the charts are drawn from."""
    seen: list[str] = []
    for line in ("/huddle board", "/huddle chart mood", "/huddle summary", "/huddle history mood"):
        seen += [repr(p.message) for p in ward.say("Demo Lead", line) if isinstance(p, Post)]
    with ward.runtime.db.session() as s:
        seen.append(summary_csv(summary_for_export(s, ward.clock.now()) or []))
        team_id = s.scalar(select(Team.id).where(Team.key == "ward-7"))
    due = Due(CHART_DIGEST, team_id, "ward-7", TODAY, "weekly", ward.clock.now())
    seen += [repr(p.message) for p in ward.runtime.bot.compose(due)]
    return seen


def test_typed_in_the_channel_or_the_prompts_thread_it_is_refused_privately(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "falls 1, mood 2")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: falls 1"]  # the rest as today
    assert "mood" not in " ".join(public(posts))
    [note] = [fallback_text(p.message) for p in posts if p.to.visible_to == "Demo Nurse"]
    assert "Mood is anonymous, so I did not record it here" in note
    assert "huddle form (`/huddle`" in note and "2" not in note
    assert ward.value("falls") == 1 and _answers(ward) == 0
    # Slack: a reply in the prompt's thread is as shared as the channel
    lead = Sender("slack", "U0LEAD")
    ward.runtime.bot.handle(Said(lead, Origin("slack", "T1", "C07"), "huddle link ward-7", NOW))
    thread = Origin("slack", "T1", "C07", thread="1700.01")
    posts = ward.runtime.bot.handle(Said(Sender("slack", "U0NURSE"), thread, "/huddle mood 4", NOW))
    assert [p.to.visible_to for p in posts] == ["U0NURSE"]
    assert "direct message to me" in fallback_text(posts[0].message)
    assert _answers(ward) == 0


def test_the_form_and_a_direct_message_take_it_and_only_the_giver_hears(ward: Ward) -> None:
    _more_staff(ward)
    posts = _form(ward, "Demo Nurse", {"falls": "0", "mood": "2"})
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: falls 0"]
    assert "mood" not in " ".join(public(posts)).lower()
    [word] = [fallback_text(p.message) for p in posts if p.to.visible_to == "Demo Nurse"]
    assert word.startswith("Your mood answer is in, anonymously.") and "2" not in word
    only_mood = _form(ward, "Demo Lead", {"mood": "5"})
    assert public(only_mood) == []  # no post per answer
    [dm] = _dm(ward, "Nurse A", "mood 4")
    assert dm.to.conversation == "D0A" and dm.message.text.startswith("Your mood answer is in")
    assert _answers(ward) == 3


def test_the_subtraction_attack_recovers_nothing(ward: Ward) -> None:
    _more_staff(ward)
    scores = dict(zip(STAFF, (5, 1, 4, 2, 3, 5, 1), strict=True))
    before = _views(ward)
    for name, score in scores.items():
        ward.later(minutes=7)
        (_dm if name in STAFF[::2] else lambda w, n, t: _form(w, n, {"mood": t[5:]}))(
            ward, name, f"mood {score}"
        )
        now = _views(ward)
        assert [a == b for a, b in zip(now, before, strict=True)] == [True] * len(before), name
    assert "yesterday too few answers to show" in _board_mood(ward)  # no earlier day
    assert "today not shown yet (answers close at midnight)" in _board_mood(ward)
    ward.tick(MIDNIGHT - timedelta(minutes=1))
    ward.tick(MIDNIGHT + timedelta(minutes=5))  # in the settling grace: still nothing
    assert "yesterday not shown yet" in _board_mood(ward) and not ward.readings("mood", TODAY)
    ward.tick(SETTLED)
    assert "yesterday 3.0 (7 answers)" in _board_mood(ward)
    [daily] = ward.readings("mood", TODAY)
    assert (daily.value, daily.person_id) == (3.0, None)  # one figure for the day, no one's
    late = _dm(ward, "Nurse B", "/huddle yesterday mood 5")  # a late answer cannot move it
    assert "answers for Mon 1 Mar have closed" in fallback_text(late[0].message)
    shown = _views(ward)
    ward.tick(SETTLED + timedelta(hours=1))
    assert _views(ward) == shown and len(ward.readings("mood", TODAY)) == 1


def test_a_day_with_fewer_than_five_answers_is_never_shown(ward: Ward) -> None:
    _more_staff(ward)
    for name, mood in zip(STAFF[:4], (5, 4, 4, 3), strict=True):
        _dm(ward, name, f"mood {mood}")
    ward.tick(MIDNIGHT - timedelta(minutes=1))
    ward.tick(SETTLED)
    assert "yesterday too few answers to show (fewer than 5)" in _board_mood(ward)
    assert ward.readings("mood", TODAY) == []
    [chart] = ward.say("Demo Lead", "/huddle chart mood")
    assert chart.message.text.startswith("No day of Team mood can be shown yet: it is anonymous")


def test_a_persons_later_answer_the_same_day_replaces_their_earlier_one(ward: Ward) -> None:
    _more_staff(ward)
    for name in STAFF[:5]:
        _dm(ward, name, "mood 4")
    _dm(ward, STAFF[0], "mood 1")  # changed their mind: still five answers
    assert _answers(ward) == 5
    ward.tick(MIDNIGHT - timedelta(minutes=1))
    ward.tick(SETTLED)
    assert "yesterday 3.4 (5 answers)" in _board_mood(ward)


def test_the_form_for_a_closed_day_has_no_anonymous_field(ward: Ward) -> None:
    [post] = ward.say("Demo Nurse", "/huddle yesterday")
    assert [f.key for f in post.message.fields] == [
        "falls",
        "staffing",
        "pressure-ulcers",
        "escalate",
    ]


def test_stored_answers_cannot_be_tied_to_a_person(ward: Ward) -> None:
    _form(ward, "Demo Nurse", {"mood": "4"})
    _form(ward, "Demo Lead", {"mood": "2"})
    columns = {c.key for c in inspect(AnonymousAnswer).columns}
    assert columns == {"measure_id", "day", "voter", "value"}  # no person, no time, no sequence
    with ward.runtime.db.session() as s:
        voters = s.scalars(select(AnonymousAnswer.voter)).all()
        ids = {str(i) for i in s.scalars(select(Person.id))}
    assert len(voters) == 2 and not ids & set(voters)
    assert all(len(v) == 64 for v in voters)


def test_the_demo_has_an_anonymous_mood_measure() -> None:
    from bot.demo_trust import DEMO

    ward7 = DEMO["divisions"][0]["teams"][0]
    assert any(m.get("anonymous") for m in ward7["measures"])
    assert load_demo  # the kit loads it for every test above


def test_with_a_server_key_the_database_alone_cannot_tie_an_answer_to_anyone(
    database_url: str,
) -> None:
    from bot.huddle.anonymous import voter
    from bot.stores.tables.core import Measure
    from bot.stores.tables.huddle import AnonymousSalt
    from huddlebot.bootstrap import build
    from huddlebot.settings import Settings
    from scheduler.clock import FixedClock

    key = "k3y-" * 10
    runtime = build(Settings(database_url=database_url, anonymous_key=key), clock=FixedClock(NOW))
    try:
        with runtime.db.session() as s:
            load_demo(s, TODAY, NOW)
        keyed = Ward(runtime, FixedClock(NOW))
        _form(keyed, "Demo Nurse", {"mood": "4"})
        _form(keyed, "Demo Nurse", {"mood": "2"})  # still replaces their own answer
        with runtime.db.session() as s:
            [(stored, value)] = s.execute(select(AnonymousAnswer.voter, AnonymousAnswer.value))
            salt = s.scalar(select(AnonymousSalt.salt))
            mood = s.scalar(select(Measure.id).where(Measure.key == "mood"))
            people = list(s.scalars(select(Person.id)))
        assert value == 2
        tried = {voter(salt, p, mood, TODAY) for p in people}  # everything the database holds
        assert stored not in tried
        assert stored in {voter(salt, p, mood, TODAY, key.encode()) for p in people}
        assert Settings(anonymous_key="short").problems()  # a weak key is refused at start
        assert key not in repr(Settings(anonymous_key=key))
    finally:
        runtime.db.dispose()
