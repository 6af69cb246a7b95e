"""The prompt at the team's huddle time, and one reminder only when nothing was recorded."""

from __future__ import annotations

from datetime import UTC, datetime

from huddle_kit import Ward
from sqlalchemy import select

from bot.messages import Text
from bot.stores.tables.core import Team
from bot.stores.tables.schedule import OccurrenceRow


def at(hour: int, minute: int, day: int = 1) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=UTC)


def test_the_prompt_comes_at_the_huddle_time_with_the_measures_and_a_form_button(
    ward: Ward,
) -> None:
    ward.tick(at(8, 0))
    ward.tick(at(8, 29))
    assert [p for p in ward.queued("huddle.prompt") if p.to.conversation == "#ward-7"] == []
    ward.tick(at(8, 30))
    [prompt] = [p for p in ward.queued("huddle.prompt") if p.to.conversation == "#ward-7"]
    message = prompt.message
    assert isinstance(message, Text)
    assert message.heading == "Ward 7 huddle, Mon 1 Mar 08:30"
    for line in ("Falls (falls)", "Staffing fill rate (staffing)", "Team mood (mood)"):
        assert line in message.text
    assert "anonymous" in message.text
    assert [(b.label, b.action) for b in message.buttons] == [
        ("Record", "open:huddle"),
        ("Nothing to record", "huddle.none"),
    ]
    assert prompt.key.startswith("huddle.prompt:ward-7:2027-03-01:08:30")


def test_one_reminder_when_nothing_was_recorded_after_the_prompt(ward: Ward) -> None:
    ward.tick(at(8, 0))
    ward.tick(at(8, 59))
    assert [p for p in ward.queued("huddle.nudge") if p.to.conversation == "#ward-7"] == []
    ward.tick(at(9, 0))
    ward.tick(at(9, 10))
    [nudge] = [p for p in ward.queued("huddle.nudge") if p.to.conversation == "#ward-7"]
    assert nudge.message.text.startswith(
        "Reminder: nothing has been recorded yet for Ward 7's 08:30 huddle."
    )


def test_no_reminder_once_something_was_recorded(ward: Ward) -> None:
    ward.tick(at(8, 0))
    ward.clock.set(at(8, 45))
    ward.say("Demo Nurse", "falls 0")
    ward.tick(at(9, 1))
    assert [p for p in ward.queued("huddle.nudge") if p.to.conversation == "#ward-7"] == []
    with ward.runtime.db.session() as s:
        status = s.scalar(
            select(OccurrenceRow.status).where(
                OccurrenceRow.kind == "huddle.nudge",
                OccurrenceRow.team_id == s.scalar(select(Team.id).where(Team.key == "ward-7")),
            )
        )
    assert status == "empty"


def test_huddle_none_also_counts_as_the_huddle_held(ward: Ward) -> None:
    ward.tick(at(8, 0))
    ward.clock.set(at(8, 50))
    assert ward.say("Demo Nurse", "/huddle none")
    ward.tick(at(9, 1))
    assert [p for p in ward.queued("huddle.nudge") if p.to.conversation == "#ward-7"] == []
