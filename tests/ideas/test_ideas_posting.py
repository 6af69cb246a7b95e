"""Posting, listing, showing and supporting ideas, as the ward would type them."""

from __future__ import annotations

from idea_kit import WARD, Ward, texts
from sqlalchemy import select

from bot.messages import Form, Post, Text
from bot.stores.tables.core import Audit
from bot.stores.tables.ideas import Idea


def test_an_idea_is_numbered_for_the_trust_and_shown_to_the_team_with_buttons(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "/idea Sit patients at risk of falls near the station")
    assert texts(posts) == [
        "Idea #4 from Demo Nurse: Sit patients at risk of falls near the station"
    ]
    post = posts[0]
    assert post.to.conversation == "#ward-7" and post.to.visible_to is None
    assert [b.label for b in post.message.buttons] == ["Support", "Discuss"]
    assert [b.action for b in post.message.buttons] == ["idea.support", "idea.discuss"]
    again = ward.say("Demo ED Lead", "/idea Triage nurse at the door", where=WARD)
    assert texts(again)[0].startswith("Idea #5 from Demo ED Lead")


def test_idea_alone_opens_the_form_and_the_form_posts_with_its_measure(ward: Ward) -> None:
    [shown] = ward.say("Demo Nurse", "/idea")
    assert isinstance(shown.message, Form) and shown.to.visible_to == "Demo Nurse"
    assert [f.key for f in shown.message.fields] == ["what", "why", "measure"]
    assert ("falls", "Falls") in shown.message.fields[2].choices
    missing = ward.submit("Demo Nurse", "idea.new", {"what": " "})
    assert "Write the idea first" in texts(missing)[0]
    posts = ward.submit(
        "Demo Nurse", "idea.new", {"what": "Night lights", "why": "Fewer trips", "measure": "falls"}
    )
    assert texts(posts) == ["Idea #4 from Demo Nurse: Night lights"]
    shown = texts(ward.say("Demo Lead", "/idea show 4"))[0]
    assert "Why: Fewer trips" in shown and "Measure: Falls" in shown


def test_list_and_mine_show_status_team_and_support_counts(ward: Ward) -> None:
    ward.say("Demo Nurse", "/idea Hourly rounding at night")
    listing = texts(ward.say("Demo Nurse", "/idea list"))[0]
    assert "#4 [new] Ward 7: Hourly rounding at night (0 supporters)" in listing
    assert "#2 [new] Ward 7: Put the huddle board" in listing and "(1 supporter)" in listing
    assert "Emergency Department" not in listing  # this channel's team only
    testing = texts(ward.say("Demo Nurse", "/idea list testing"))[0]
    assert "#1 [being tested]" in testing and "#4" not in testing
    everywhere = texts(ward.say("Demo Nurse", "/idea list new all"))[0]
    assert "#3 [new] Emergency Department" in everywhere and "#1 " not in everywhere
    ed = texts(ward.say("Demo Nurse", "/idea list ed"))[0]
    assert "#3" in ed and "#4" not in ed
    mine = texts(ward.say("Demo Nurse", "/idea mine"))[0]
    assert "#4" in mine and "#1" in mine and "#2 " not in mine


def test_show_gives_text_author_team_status_owner_supporters_measure_and_history(
    ward: Ward,
) -> None:
    [post] = ward.say("Demo Lead", "/idea show 1")
    card = post.message.text
    assert post.to.visible_to == "Demo Lead"
    for part in (
        "Red non-slip socks for everyone on the falls risk list",
        "Team: Ward 7 · Status: being tested",
        "Author: Demo Nurse · Owner: Demo Lead",
        "Measure: Falls",
        "Supporters (1): Demo Lead",
        "History:",
        "new → being reviewed by Demo Lead",
        "being reviewed → being tested by Demo Lead: four-week test",
    ):
        assert part in card
    assert texts(ward.say("Demo Lead", "/idea show 99")) == ["There is no idea #99."]


def test_support_counts_once_per_person_by_button_or_command(ward: Ward) -> None:
    [post] = ward.say("Demo Nurse", "/idea Quiet time after lunch")
    first = ward.press("Demo Lead", post, "Support")
    assert texts(first) == ["Thanks: you support idea #4. It now has 1 supporter."]
    assert texts(ward.say("Demo Lead", "/idea support 4")) == [
        "You already support idea #4. Thank you!"
    ]
    assert texts(ward.press("Demo Lead", post, "Support"))[0].startswith("You already support")
    assert "It now has 2 supporters" in texts(ward.say("Demo Director", "/idea support #4"))[0]
    assert "(2 supporters)" in texts(ward.say("Demo Nurse", "/idea list"))[0]


def test_discuss_starts_a_thread_where_there_are_threads_and_says_so_on_the_console(
    ward: Ward,
) -> None:
    [post] = ward.say("Demo Nurse", "/idea Quiet time after lunch")
    [reply] = ward.press("Demo Lead", post, "Discuss")
    assert "discuss idea #4 in this channel" in reply.message.text


def test_a_subcommand_word_at_the_start_of_an_idea_still_posts_the_idea(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "idea Show patients the falls video on admission")
    assert texts(posts) == ["Idea #4 from Demo Nurse: Show patients the falls video on admission"]


def test_an_unknown_person_cannot_post(ward: Ward) -> None:
    posts = ward.say("Stranger", "/idea Free parking")
    assert "I don't know you yet" in texts(posts)[0]
    with ward.runtime.db.session() as s:
        assert s.scalar(select(Idea).where(Idea.text == "Free parking")) is None
        assert s.scalar(select(Audit).where(Audit.outcome == "denied")) is not None


def test_an_idea_from_a_private_chat_goes_to_the_team_channel(ward: Ward) -> None:
    from bot.events import Origin

    dm = Origin("console", "console", "@Demo Nurse", private=True)
    posts = ward.say("Demo Nurse", "/idea Label the commode chairs", where=dm)
    assert [(p.to.conversation, type(p.message)) for p in posts if isinstance(p, Post)] == [
        ("#ward-7", Text),
        ("@Demo Nurse", Text),
    ]
    assert texts(posts)[1] == "Posted idea #4 to Ward 7's channel."


def test_someone_in_no_team_chooses_the_team_in_the_form(ward: Ward) -> None:
    from bot.events import Origin

    dm = Origin("console", "console", "@Demo Improver", private=True)
    refused = ward.say("Demo Improver", "/idea Share the falls huddle with theatres", where=dm)
    assert "type `/idea` alone to choose the team" in texts(refused)[0]
    [form] = ward.say("Demo Improver", "/idea", where=dm)
    team_field = next(f for f in form.message.fields if f.key == "team")
    assert team_field.required and ("ed", "Emergency Department") in team_field.choices
    missing = ward.submit("Demo Improver", "idea.new", {"what": "Share boards"}, where=dm)
    assert dict(missing[0].message.errors) == {"team": "Choose the team."}
    values = {"what": "Share boards", "team": "ed"}
    posts = ward.submit("Demo Improver", "idea.new", values, where=dm)
    assert [p.to.conversation for p in posts] == ["#ed", "@Demo Improver"]
    assert texts(posts) == [
        "Idea #4 from Demo Improver: Share boards",
        "Posted idea #4 to Emergency Department's channel.",
    ]


def test_a_long_list_shows_the_newest_thirty_and_how_many_more(ward: Ward) -> None:
    for n in range(31):
        ward.say("Demo Nurse", f"/idea Small idea number {n}")
    listing = texts(ward.say("Demo Nurse", "/idea list"))[0]
    assert "#34 [new] Ward 7: Small idea number 30" in listing
    assert "#5 [new]" in listing and "#4 [new]" not in listing
    assert "… and 3 more (narrow it down by status or team)." in listing
