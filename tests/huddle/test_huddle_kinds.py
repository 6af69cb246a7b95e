"""Each measure kind as the ward meets it: typed in chat and in the form, shown back, refused
politely when it cannot be right, and never silently changed (issue 15: 23/25 was 23 %)."""

from __future__ import annotations

import pytest
from huddle_kit import TODAY, Ward, confirmed, private, public
from sqlalchemy import select

from bot.messages import Form, FormErrors, Post
from bot.stores.tables.core import Audit, Measure, Team


def _add(ward: Ward, line: str) -> None:
    assert public(ward.say("Demo Lead", f"/huddle measure add {line}"))


def _form(ward: Ward) -> Form:
    [post] = ward.say("Demo Nurse", "/huddle")
    assert isinstance(post, Post) and isinstance(post.message, Form)
    return post.message


def _measure(ward: Ward, key: str) -> Measure:
    with ward.runtime.db.session() as s:
        row = s.scalar(select(Measure).join(Team).where(Team.key == "ward-7", Measure.key == key))
        assert row is not None
        s.expunge(row)
        return row


@pytest.mark.parametrize(
    ("added", "typed", "shown", "stored"),
    [
        ("bed-moves count", "bed moves 3", "bed moves 3", 3),
        ("hand-hygiene percent", "hand hygiene 96.5%", "hand hygiene 96.5%", 96.5),
        ("comfort score 1-10", "comfort 7", "comfort 7", 7),
        ("discharges number", "discharges 4.5", "discharges 4.5", 4.5),
        ("handover minutes", "handover 35 min", "handover 35 min", 35),
        ("safety-brief yesno", "safety brief yes", "safety brief yes", 1),
        ("fill ratio", "fill 161.5/175", "fill 92.3% (161.5/175)", 92.2857),
    ],
)
def test_every_kind_is_recorded_from_chat_and_shown_back_in_its_own_words(
    ward: Ward, added: str, typed: str, shown: str, stored: float
) -> None:
    _add(ward, added)
    posts = ward.say("Demo Nurse", typed)
    assert confirmed(posts) == [f"Recorded for Ward 7, Mon 1 Mar: {shown}"]
    assert ward.value(added.split()[0]) == pytest.approx(stored)


@pytest.mark.parametrize(
    ("added", "field", "typed", "shown", "initial"),
    [
        ("bed-moves count", "integer", "3", "bed moves 3", "3"),
        ("hand-hygiene percent", "decimal", "96", "hand hygiene 96%", "96"),
        ("comfort score 1-10", "integer", "7", "comfort 7", "7"),
        ("discharges number", "decimal", "4.5", "discharges 4.5", "4.5"),
        ("handover minutes", "decimal", "35", "handover 35 min", "35"),
        ("safety-brief yesno", "yesno", "no", "safety brief no", "no"),
        ("fill ratio", "text", "23/25", "fill 92% (23/25)", "23/25"),
    ],
)
def test_every_kind_draws_its_own_form_field_and_is_recorded_from_the_form(
    ward: Ward, added: str, field: str, typed: str, shown: str, initial: str
) -> None:
    key = added.split()[0]
    _add(ward, added)
    form = _form(ward)
    [drawn] = [f for f in form.fields if f.key == key]
    assert drawn.kind == field
    posts = ward.submit("Demo Nurse", form.form, {key: typed}, form.context)
    assert confirmed(posts) == [f"Recorded for Ward 7, Mon 1 Mar: {shown}"]
    [again] = [f for f in _form(ward).fields if f.key == key]
    assert again.initial == initial  # the form opens with what was recorded, as it was typed


def test_a_fraction_on_a_percent_measure_is_the_percentage_it_makes_never_its_numerator(
    ward: Ward,
) -> None:
    posts = ward.say("Demo Nurse", "staffing 23/25")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: staffing 92% (23/25)"]
    [reading] = ward.readings("staffing", TODAY)
    assert (reading.value, reading.numerator, reading.denominator) == (92, 23, 25)
    [history] = private(ward.say("Demo Nurse", "/huddle history staffing"), "Demo Nurse")
    assert "staffing 92% (23/25) — Demo Nurse" in history


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("staffing 23/0", "staffing 23/0 needs a denominator above 0"),
        ("staffing 26/25", "staffing 26/25 is more than 100%"),
        ("falls 1/2", "falls '1/2' is not one number"),
    ],
)
def test_an_impossible_fraction_is_refused_politely_and_nothing_is_stored(
    ward: Ward, typed: str, why: str
) -> None:
    posts = ward.say("Demo Nurse", typed)
    assert public(posts) == []
    [note] = private(posts, "Demo Nurse")
    assert note.startswith(f"Not recorded: {why}")
    assert ward.value(typed.split()[0]) is None


def test_a_fraction_in_the_form_is_checked_like_one_typed_in_chat(ward: Ward) -> None:
    form = _form(ward)
    [post] = ward.submit("Demo Nurse", form.form, {"staffing": "23/0"}, form.context)
    assert isinstance(post.message, FormErrors)
    assert post.message.errors == (("staffing", "Staffing 23/0 needs a denominator above 0."),)
    posts = ward.submit("Demo Nurse", form.form, {"staffing": "23/25"}, form.context)
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: staffing 92% (23/25)"]


def test_a_ratio_needs_both_numbers_and_a_whole_above_zero(ward: Ward) -> None:
    _add(ward, "fill ratio")
    for typed, why in (
        ("fill 92", "fill '92' is not a ratio: fill takes two numbers like 23/25"),
        ("fill 3/0", "fill 3/0 needs a part of 0 or more and a whole above 0"),
    ):
        [note] = private(ward.say("Demo Nurse", typed), "Demo Nurse")
        assert note.startswith(f"Not recorded: {why}")
    assert ward.value("fill") is None
    posts = ward.say("Demo Nurse", "fill 27/25")  # overfilled shifts are real: above 100 %
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: fill 108% (27/25)"]


def test_a_ratio_per_thousand_is_recorded_corrected_and_kept_with_its_parts(ward: Ward) -> None:
    _add(ward, "bed-falls ratio per:1000 down")
    posts = ward.say("Demo Nurse", "bed falls 2/650")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: bed falls 3.1 per 1,000 (2/650)"]
    ward.later(minutes=10)
    again = ward.say("Demo Lead", "bed falls 3/650")
    assert confirmed(again) == [
        "Recorded for Ward 7, Mon 1 Mar: bed falls 4.6 per 1,000 (3/650) (was 3.1)"
    ]
    [history] = private(ward.say("Demo Nurse", "/huddle history bed falls"), "Demo Nurse")
    assert history.splitlines()[1:] == [
        "  bed falls 3.1 per 1,000 (2/650) — Demo Nurse, Mon 1 Mar 08:40 (replaced)",
        "  bed falls 4.6 per 1,000 (3/650) — Demo Lead, Mon 1 Mar 08:50 (current)",
    ]
    current = [r for r in ward.readings("bed-falls", TODAY) if r.superseded_at is None]
    assert [(r.numerator, r.denominator) for r in current] == [(3, 650)]
    [board] = public(ward.say("Demo Nurse", "/huddle board"))
    assert "4.6 per 1,000 (3/650)" in board


def test_a_range_upside_down_is_refused_in_chat_and_nothing_is_added(ward: Ward) -> None:
    posts = ward.say("Demo Lead", "/huddle measure add delay minutes 60-0")
    assert public(posts) == []
    [note] = private(posts, "Demo Lead")
    assert note.startswith("The range 60-0 cannot be used: min 60 is above max 0. Nothing")
    with ward.runtime.db.session() as s:
        assert s.scalar(select(Measure).where(Measure.key == "delay")) is None
    [refused] = private(
        ward.say("Demo Lead", "/huddle measure add cover percent 50-120"), "Demo Lead"
    )
    assert "max 120 is outside what a percent can be" in refused
    [hidden] = private(
        ward.say("Demo Lead", "/huddle measure add fill ratio anonymous"), "Demo Lead"
    )
    assert hidden.startswith("A ratio keeps both its numbers, so it cannot be anonymous.")
    with ward.runtime.db.session() as s:
        assert s.scalar(select(Measure).where(Measure.key.in_(["cover", "fill"]))) is None
        refusals = s.scalars(select(Audit.action).where(Audit.outcome == "refused"))
        assert list(refusals) == ["huddle.measure.add"] * 3


def test_a_range_the_right_way_up_bounds_what_is_recorded(ward: Ward) -> None:
    _add(ward, "delay minutes 0-60")
    [note] = private(ward.say("Demo Nurse", "delay 75"), "Demo Nurse")
    assert note.startswith("Not recorded: delay 75 is outside 0–60: delay takes minutes from 0")
    assert confirmed(ward.say("Demo Nurse", "delay 45")) == [
        "Recorded for Ward 7, Mon 1 Mar: delay 45 min"
    ]


def test_the_lead_charts_a_count_by_week_and_only_counts_add_up(ward: Ward) -> None:
    assert public(ward.say("Demo Lead", "/huddle measure aggregate falls week")) == [
        "Ward 7's falls is now charted week by week."
    ]
    assert _measure(ward, "falls").aggregate == "week"
    [refused] = private(
        ward.say("Demo Lead", "/huddle measure aggregate staffing month"), "Demo Lead"
    )
    assert refused.startswith("A percent measure is charted day by day")
    assert _measure(ward, "staffing").aggregate == "day"
    _add(ward, "trips count down aggregate:month")
    assert _measure(ward, "trips").aggregate == "month"
    [member] = private(ward.say("Demo Nurse", "/huddle measure aggregate falls day"), "Demo Nurse")
    assert member.startswith("Only Ward 7's team lead")
    assert _measure(ward, "falls").aggregate == "week"


def test_a_ratio_field_is_a_text_box_in_slack_and_teams_prefilled_as_typed(ward: Ward) -> None:
    import asyncio

    from adapters.slack import views
    from adapters.teams.render import to_activity
    from bot.events import Origin

    _add(ward, "fill ratio")
    ward.say("Demo Nurse", "fill 23/25")
    form = _form(ward)

    async def no_png(spec: object) -> bytes:
        raise AssertionError("no chart here")

    modal = views.modal(form, Origin("slack", "T0TRUST", "C0WARD7"))
    [slack] = [b for b in modal["blocks"] if b.get("block_id") == "fill"]
    assert slack["element"]["type"] == "plain_text_input"
    assert slack["element"]["initial_value"] == "23/25"
    card = asyncio.run(to_activity(form, no_png)).attachments[0].content
    [teams] = [item for item in card["body"] if item.get("id") == "fill"]
    assert (teams["type"], teams["value"]) == ("Input.Text", "23/25")
    assert teams["placeholder"] == "part/whole, e.g. 23/25"


def test_a_ratio_is_exported_with_its_rate_and_unit(ward: Ward) -> None:
    import csv
    import io

    from bot.charting.summary_csv import summary_csv, summary_for_export

    _add(ward, "bed-falls ratio per:1000 down")
    ward.say("Demo Nurse", "bed falls 2/650")
    with ward.runtime.db.session() as s:
        lines = summary_for_export(s, ward.clock.now(), TODAY)
        assert lines is not None
        rows = list(csv.DictReader(io.StringIO(summary_csv(lines))))
    [row] = [r for r in rows if r["team"] == "Ward 7" and r["measure"] == "Bed falls"]
    assert (row["latest_date"], row["unit"]) == ("2027-03-01", "per 1,000")
    assert float(row["latest"]) == pytest.approx(1000 * 2 / 650, abs=0.01)


def test_a_ratio_fed_its_whole_by_another_measure_takes_the_part_alone(ward: Ward) -> None:
    _add(ward, "bed-days number")
    [refused] = private(
        ward.say("Demo Lead", "/huddle measure add bed-falls ratio of:beds"), "Demo Lead"
    )
    assert refused.startswith("'beds' is not another of Ward 7's measures")
    _add(ward, "bed-falls ratio per:1000 of:bed-days down")
    [early] = private(ward.say("Demo Nurse", "bed falls 2"), "Demo Nurse")
    assert early.startswith(
        "Not recorded: bed falls '2' is not a ratio: bed falls takes the part alone once bed days "
        "is recorded, or two numbers like 2/650"
    )
    both = ward.say("Demo Nurse", "bed falls 2, bed days 650")  # in one answer, in any order
    assert confirmed(both) == [
        "Recorded for Ward 7, Mon 1 Mar: bed falls 3.1 per 1,000 (2/650) · bed days 650"
    ]
    ward.later(minutes=5)
    again = ward.say("Demo Lead", "bed falls 1")  # the day's bed days, recorded before
    assert confirmed(again) == [
        "Recorded for Ward 7, Mon 1 Mar: bed falls 1.5 per 1,000 (1/650) (was 3.1)"
    ]
    form = _form(ward)
    posts = ward.submit(
        "Demo Nurse", form.form, {"bed-days": "500", "bed-falls": "1"}, form.context
    )
    assert confirmed(posts) == [
        "Recorded for Ward 7, Mon 1 Mar: bed days 500 (was 650) · "
        "bed falls 2 per 1,000 (1/500) (was 1.5)"
    ]


def test_a_thousands_comma_is_a_thousand_and_a_decimal_comma_a_decimal(ward: Ward) -> None:
    _add(ward, "bed-days number")
    _add(ward, "bed-falls ratio per:1000")
    posts = ward.say("Demo Nurse", "bed days 1,300, bed falls 2/1,300, staffing 92,5")
    assert confirmed(posts) == [
        "Recorded for Ward 7, Mon 1 Mar: "
        "bed days 1300 · bed falls 1.5 per 1,000 (2/1300) · staffing 92.5%"
    ]
