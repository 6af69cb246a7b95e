"""`/visit` for a leader and for a team member, and `/visit coverage` for the board."""

from __future__ import annotations

from datetime import UTC, datetime

from visit_kit import DM, WARD, Rota, texts


def test_a_leader_sees_their_coming_visits_and_a_member_the_visits_to_their_area(
    rota: Rota,
) -> None:
    rota.clock.set(datetime(2027, 1, 6, 9, 0, tzinfo=UTC))
    [director] = texts(rota.say("Demo Director", "/visit", DM))
    assert director == (
        "Your coming visits:\n"
        "  Visit 3: Ward 7, Tue 19 Jan 2027 at 10:00, Demo Director\n"
        "  Visit 5: Main Theatres, Tue 2 Feb 2027 at 14:00, Demo Director\n"
        "  Visit 6: Ward 7, Tue 16 Feb 2027 at 10:00, Demo Director"
    )
    [nurse] = texts(rota.say("Demo Nurse", "/visit", WARD))
    assert nurse == (
        "Coming visits to Ward 7:\n"
        "  Visit 3: Ward 7, Tue 19 Jan 2027 at 10:00, Demo Director\n"
        "  Visit 6: Ward 7, Tue 16 Feb 2027 at 10:00, Demo Director"
    )
    [admin] = texts(rota.say("Demo Admin", "/visit", DM))
    assert admin.startswith("The coming visits:\n  Visit 3: Ward 7")


def test_coverage_shows_each_areas_last_visit_and_the_areas_left_out(rota: Rota) -> None:
    rota.say("Demo Director", "/visit decline 3 On leave", DM)  # no one can stand in
    rota.clock.set(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    [board] = texts(rota.say("Demo Chair", "/visit coverage", DM))
    assert board == (
        "Visit coverage on Wed 20 Jan 2027 (every area within 8 weeks):\n"
        "  Emergency Department: last visited Tue 5 Jan 2027 (Demo Chair); next Tue 2 Feb 2027 "
        "(visit 4)\n"
        "  Main Theatres: last visited Tue 5 Jan 2027 (Demo Director); next Tue 2 Feb 2027 "
        "(visit 5)\n"
        "  Ward 7: never visited; next Tue 16 Feb 2027 (visit 6)\n"
        "Not visited within 8 weeks: Ward 7."
    )
    rota.clock.set(datetime(2027, 4, 10, 9, 0, tzinfo=UTC))
    [later] = texts(rota.say("Demo Chair", "/visit coverage", DM))
    assert (
        "Emergency Department: last visited Tue 2 Feb 2027 (Demo Chair); no visit planned" in later
    )
    assert later.endswith("Not visited within 8 weeks: Emergency Department, Main Theatres.")


def test_visit_help_lists_every_visit_command(rota: Rota) -> None:
    [help_text] = texts(rota.say("Demo Nurse", "/visit help", DM))
    for usage in (
        "/visit coverage",
        "/visit decline 14 <reason>",
        "/visit swap 14 with <name>",
        "/visit action done 3",
        "/visit notes 14",
    ):
        assert usage in help_text


def test_visit_coverage_typed_without_a_slash_works_too(rota: Rota) -> None:
    from bot.events import Said, Sender

    event = Said(
        Sender("console", "Demo Chair", "Demo Chair"), DM, "visit coverage", rota.clock.now()
    )
    [reply] = texts(rota.runtime.bot.handle(event))
    assert reply.startswith("Visit coverage on Mon 28 Dec 2026 (every area within 8 weeks):")
