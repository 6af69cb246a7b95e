"""Ideas where there are threads (Slack, Teams): Discuss opens a thread under the idea, a
reflection answered in its thread can become an idea, and `idea …` typed to the bot works."""

from __future__ import annotations

from datetime import date

from idea_kit import NOW, Ward, texts

from bot.assembly import assemble
from bot.events import Command, Origin, Pressed, Said, Sender
from bot.messages import Post, Posted
from bot.schedule import Due

C07 = Origin("slack", "T1", "C07")
NURSE = Sender("slack", "U0NURSE")
LEAD = Sender("slack", "U0LEAD")


def _link(ward: Ward) -> None:
    ward.runtime.bot.handle(Command(LEAD, C07, "huddle", "link ward-7", NOW))


def test_discuss_opens_a_thread_under_the_idea(ward: Ward) -> None:
    _link(ward)
    [post] = ward.runtime.bot.handle(Command(NURSE, C07, "idea", "Night lights", NOW))
    assert post.to.conversation == "C07" and post.key == "idea:4"
    ward.runtime.bot.delivered(post, Posted("slack", "C07", "1700.01"), NOW)
    pressed = Pressed(LEAD, C07, "idea.discuss", "4", NOW, message_id="1700.01")
    [thread] = ward.runtime.bot.handle(pressed)
    assert (thread.to.conversation, thread.to.thread) == ("C07", "1700.01")
    assert thread.message.text == "Discussion of idea #4: Night lights\nReply in this thread."
    # Pressed without the message id (Teams cards may not say): found from where it was posted.
    [again] = ward.runtime.bot.handle(Pressed(LEAD, C07, "idea.discuss", "4", NOW))
    assert again.to.thread == "1700.01"


def test_a_reflection_answered_in_its_slack_thread_becomes_an_idea(ward: Ward) -> None:
    _link(ward)
    due = Due("ideas.reflection", ward.idea(1).team_id, "ward-7", date(2027, 3, 5), "weekly", NOW)
    prompts = assemble(ward.runtime.db).compose(due)  # a deployment running every platform
    [prompt] = [p for p in prompts if p.to.conversation == "C07"]
    [console] = [p for p in prompts if p.to.platform == "console"]
    assert "Reply in this thread" in prompt.message.text
    assert "Reply in this thread" not in console.message.text  # no threads at the console
    ward.runtime.bot.delivered(prompt, Posted("slack", "C07", "1700.02"), NOW)
    in_thread = Origin("slack", "T1", "C07", thread="1700.02")
    [reply] = ward.runtime.bot.handle(Said(NURSE, in_thread, "Quiet nights went well", NOW))
    assert (reply.to.thread, reply.to.visible_to) == ("1700.02", "U0NURSE")  # an ephemeral
    [button] = reply.message.buttons
    made = ward.runtime.bot.handle(Pressed(NURSE, in_thread, button.action, button.value, NOW))
    posted = [p for p in made if isinstance(p, Post) and p.to.conversation == "C07"]
    assert texts(posted) == ["Idea #4 from Demo Nurse: Quiet nights went well"]
    assert posted[0].to.thread is None  # the idea gets its own place in the channel


def test_idea_typed_to_the_bot_with_a_mention_is_posted(ward: Ward) -> None:
    teams = Origin("teams", "tenant", "19:ward7@thread.tacv2")
    nurse = Sender("teams", "29:nurse")
    ward.runtime.bot.handle(
        Command(Sender("teams", "29:lead"), teams, "huddle", "link ward-7", NOW)
    )
    said = Said(nurse, teams, "idea Use a red tray for falls risk", NOW, mentioned_bot=True)
    assert texts(ward.runtime.bot.handle(said)) == [
        "Idea #4 from Demo Nurse: Use a red tray for falls risk"
    ]
