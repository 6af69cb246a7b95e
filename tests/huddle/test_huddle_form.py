"""The huddle form: typed, bounded fields, errors beside the fields, and the escalate box."""

from __future__ import annotations

from huddle_kit import Ward, confirmed, public, texts

from bot.messages import Address, Button, Form, FormErrors, Post, Text


def _form(posts: list) -> Form:
    [post] = posts
    assert isinstance(post, Post) and isinstance(post.message, Form)
    assert post.to.visible_to == "Demo Nurse"  # only the person who asked sees the form
    return post.message


def test_huddle_opens_a_form_with_one_bounded_field_per_measure(ward: Ward) -> None:
    form = _form(ward.say("Demo Nurse", "/huddle"))
    fields = {f.key: f for f in form.fields}
    assert list(fields) == ["falls", "staffing", "pressure-ulcers", "mood", "escalate"]
    assert (fields["falls"].kind, fields["falls"].minimum) == ("integer", 0)
    assert (fields["staffing"].kind, fields["staffing"].maximum) == ("decimal", 100)
    assert (fields["mood"].minimum, fields["mood"].maximum) == (1, 5)
    assert "anonymous" in fields["mood"].hint
    assert fields["escalate"].label == "Anything to escalate?" and not fields["escalate"].required
    assert form.context == "ward-7|2027-03-01"


def test_a_filled_in_form_is_recorded_and_prefills_next_time(ward: Ward) -> None:
    form = _form(ward.say("Demo Nurse", "/huddle"))
    posts = ward.submit("Demo Nurse", form.form, {"falls": "0", "staffing": "96"}, form.context)
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: falls 0 · staffing 96%"]
    again = _form(ward.say("Demo Nurse", "/huddle"))
    assert {f.key: f.initial for f in again.fields}["staffing"] == "96"


def test_a_form_with_a_bad_value_shows_the_error_and_saves_nothing(ward: Ward) -> None:
    form = _form(ward.say("Demo Nurse", "/huddle"))
    posts = ward.submit("Demo Nurse", form.form, {"falls": "0", "mood": "9"}, form.context)
    [post] = posts
    assert isinstance(post.message, FormErrors)
    assert post.message.errors == (
        ("mood", "Mood 9 is outside 1–5: mood takes a whole number from 1 to 5."),
    )
    assert ward.value("falls") is None


def test_the_form_for_yesterday_is_for_yesterday(ward: Ward) -> None:
    form = _form(ward.say("Demo Nurse", "/huddle yesterday"))
    assert form.context == "ward-7|2027-02-28" and "Sun 28 Feb" in form.title


def test_the_prompt_button_opens_the_form_and_nothing_to_record_logs_the_huddle(
    ward: Ward,
) -> None:
    prompt = Post(
        Address("console", "console", "#ward-7"),
        Text(
            "prompt",
            buttons=(
                Button("Record", "open:huddle", "ward-7|2027-03-01"),
                Button("Nothing to record", "huddle.none", "ward-7|2027-03-01"),
            ),
        ),
    )
    form = _form(ward.press("Demo Nurse", prompt, "Record"))
    assert form.form == "huddle"
    held = ward.press("Demo Nurse", prompt, "Nothing to record")
    assert texts(held) == ["Huddle held for Ward 7, Mon 1 Mar: nothing to record. Thank you."]
    [board] = public(ward.say("Demo Nurse", "/huddle board"))
    assert "Huddles held: 7 of the last 7 days" in board


def test_huddles_held_is_a_daily_series(ward: Ward) -> None:
    from datetime import date

    from sqlalchemy import select

    from bot.huddle.huddle_log import held_series
    from bot.stores.tables.core import Team

    ward.say("Demo Nurse", "/huddle none")
    with ward.runtime.db.session() as s:
        team = s.scalar(select(Team).where(Team.key == "ward-7"))
        series = held_series(s, team, date(2027, 2, 27), date(2027, 3, 2))
    assert series == {
        date(2027, 2, 27): True,
        date(2027, 2, 28): True,
        date(2027, 3, 1): True,
        date(2027, 3, 2): False,
    }
