"""Reminders through the scheduler: the leader's pre-visit pack a week before and that morning,
the team's notice two days before, each exactly once, and nothing for a visit declined."""

from __future__ import annotations

from datetime import UTC, datetime

from visit_kit import START, Rota, apply_rota


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=UTC)


def test_the_leader_gets_the_pack_a_week_before_and_on_the_morning_once_each(rota: Rota) -> None:
    rota.step(at(12, 8, 59))
    assert rota.arrived("visit-pack:3:") == []
    rota.step(at(12, 9, 1))
    rota.step(at(12, 9, 30))
    week = rota.arrived("visit-pack:3:visits.week_before")
    assert sorted(a.post.to.conversation for a in week) == ["@Demo Director"]
    message = week[0].post.message
    assert message.heading == "Pre-visit pack: Ward 7"
    assert message.text.startswith(
        "In a week: your leadership visit to Ward 7, Tue 19 Jan 2027 at 10:00 (visit 3)."
    )
    for section in (
        "Measures:",
        "Open escalations:",
        "Ideas being tested:",
        "Notes from the last visit:",
    ):
        assert section in message.text
    assert "Falls: " in message.text and "Staffing fill rate: " in message.text
    assert "no notes from an earlier visit" in message.text
    assert [(b.label, b.action, b.value) for b in message.buttons] == [
        ("Decline", "visit.decline", "3")
    ]
    rota.step(at(19, 7, 59))
    assert len(rota.arrived("visit-pack:3:")) == 1
    rota.step(at(19, 8, 0))
    rota.step(at(19, 8, 30))
    morning = rota.arrived("visit-pack:3:visits.morning")
    assert sorted(a.post.to.conversation for a in morning) == ["@Demo Director"]
    assert morning[0].post.message.text.startswith("Today: your leadership visit to Ward 7")
    assert all(a.at == at(19, 8, 0) for a in morning)


def test_the_team_hears_two_days_before_who_is_coming(rota: Rota) -> None:
    rota.step(at(17, 8, 59))
    assert rota.arrived("visit-notice:3:") == []
    rota.step(at(17, 9, 0))
    rota.step(at(18, 9, 0))
    [notice] = rota.arrived("visit-notice:3:")
    assert notice.post.to.conversation == "#ward-7"
    assert notice.post.message.heading == "A leadership visit is coming"
    assert notice.post.message.text.startswith(
        "Demo Director will visit Ward 7 on Tue 19 Jan 2027 at 10:00 (a leadership visit)."
    )


def test_reminders_follow_the_clocks_in_summer(rota: Rota) -> None:
    """A visit in British Summer Time is reminded at 09:00 and 08:00 London time."""
    apply_rota(rota.runtime, START, 0, rota.clock.now())  # the winter rota is withdrawn
    apply_rota(rota.runtime, datetime(2027, 4, 5).date(), 2, rota.clock.now())
    rota.step(at(1, 12, month=4))
    rota.step(at(6, 7, 1, month=4))  # Tue 6 April, 08:01 BST
    morning = rota.arrived("visit-pack:")
    assert morning and all(a.post.message.text.startswith("Today:") for a in morning)
    assert {a.at for a in morning} == {at(6, 7, 1, month=4)}
