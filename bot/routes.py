"""Every route in one place: commands, forms, buttons, free-text answers and scheduled kinds.

Capabilities add their lines here; the handlers live in their own modules. Only the composition
root (`huddlebot/bootstrap.py`) and tests import this: handlers reach the table as `ctx.routes`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import channels, help
from bot.charting import chart as huddle_chart
from bot.charting import digest as chart_digest
from bot.charting import rebase as chart_rebase
from bot.charting import report as chart_report
from bot.charting import signal as chart_signal
from bot.charting import summary_command as chart_summary
from bot.feeds import demo_feed as feeds_demo
from bot.feeds import pull as feeds_pull
from bot.huddle import board as huddle_board
from bot.huddle import commands as huddle_commands
from bot.huddle import demo_huddles as huddle_demo
from bot.huddle import escalate as huddle_escalate
from bot.huddle import form as huddle_form
from bot.huddle import held as huddle_held
from bot.huddle import history as huddle_history
from bot.huddle import prompt as huddle_prompt
from bot.huddle import respond as huddle_respond
from bot.huddle import setup as huddle_setup
from bot.ideas import browse as idea_browse
from bot.ideas import demo_ideas as idea_demo
from bot.ideas import digest as idea_digest
from bot.ideas import learning as idea_learning
from bot.ideas import lifecycle as idea_life
from bot.ideas import post as idea_post
from bot.ideas import reflection as idea_reflection
from bot.ideas import review as idea_review
from bot.ideas import search as idea_search
from bot.ideas import share as idea_share
from bot.routing import Handler, Route, RouteTable
from bot.schedule import visit_timers
from bot.visits import actions as visit_actions
from bot.visits import changes as visit_changes
from bot.visits import commands as visit_commands
from bot.visits import demo_visits as visit_demo
from bot.visits import followup as visit_followup
from bot.visits import reminders as visit_reminders

# One line each, shown by /help.
COMMANDS: dict[str, str] = {
    "huddle": "today's huddle: record measures, see the board and charts, escalate",
    "idea": "post an improvement idea, support ideas and follow their tests of change",
    "visit": "leadership visits: who is coming, coverage, notes and follow-up",
    "help": "what Huddlebot can do",
}

# (command, sub-command) -> route. Sub-command "" takes everything else after the command.
SUBCOMMANDS: dict[tuple[str, str], Route] = {
    ("help", ""): Route(help.show_help, "help [command]", "what Huddlebot can do", anyone=True),
    ("huddle", "help"): Route(help.help_for("huddle"), "huddle help", "this list", anyone=True),
    ("huddle", ""): Route(
        huddle_commands.huddle,
        "huddle [yesterday|2027-03-01] [falls 1, staffing 92%, mood 4]",
        "record today's (or an earlier day's) huddle; alone: the form",
    ),
    ("huddle", "board"): Route(huddle_board.board, "huddle board", "today's huddle board"),
    ("huddle", "none"): Route(
        huddle_held.command, "huddle none [yesterday]", "huddle held, nothing to record"
    ),
    ("huddle", "escalate"): Route(
        huddle_commands.escalate, "huddle escalate <text>", "raise an item to the division"
    ),
    ("huddle", "escalations"): Route(
        huddle_respond.listing, "huddle escalations", "open escalations you may see"
    ),
    ("huddle", "ack"): Route(
        huddle_respond.acknowledge, "huddle ack 12", "acknowledge an escalation (division)"
    ),
    ("huddle", "resolve"): Route(
        huddle_respond.resolve_command,
        "huddle resolve 12 <what was done>",
        "resolve an escalation; the team is told (division)",
    ),
    ("huddle", "history"): Route(
        huddle_history.history,
        "huddle history <measure> [yesterday]",
        "a day's value and its corrections: who and when",
    ),
    ("huddle", "measure"): Route(
        huddle_setup.measure,
        "huddle measure add <key> <kind> [min-max] [up|down] [anonymous] | remove <key>",
        "change the team's measures (team lead)",
    ),
    ("huddle", "slot"): Route(
        huddle_setup.slot,
        "huddle slot [add 14:00 [mon-fri] | remove 14:00]",
        "change the team's huddle times (team lead)",
    ),
    ("huddle", "chart"): Route(
        huddle_chart.chart, "huddle chart <measure> [days]", "a measure's chart (90 days)"
    ),
    ("huddle", "summary"): Route(
        chart_summary.summary,
        "huddle summary [division]",
        "every team × measure: latest value, variation and assurance",
    ),
    ("huddle", "report"): Route(
        chart_report.report,
        "huddle report [division]",
        "the board pack as a file (senior leaders, improvement leads)",
    ),
    ("huddle", "rebase"): Route(
        chart_rebase.rebase,
        "huddle rebase <measure> <date> <reason>",
        "recalculate a chart's limits after a sustained change (team lead)",
    ),
    ("huddle", "link"): Route(
        channels.link_command,
        "huddle link <team> [move]",
        "make this channel the team's huddle channel (team lead); `move` takes it from "
        "another team (trust admin)",
    ),
    ("idea", "help"): Route(help.help_for("idea"), "idea help", "this list", anyone=True),
    ("idea", ""): Route(idea_post.post_idea, "idea <your idea>", "post an idea (alone: a form)"),
    ("idea", "list"): Route(idea_browse.list_ideas, "idea list [status] [team|all]", "list ideas"),
    ("idea", "show"): Route(idea_browse.show_idea, "idea show 12", "one idea and its history"),
    ("idea", "mine"): Route(idea_browse.my_ideas, "idea mine", "ideas you posted or own"),
    ("idea", "support"): Route(idea_post.support_idea, "idea support 12", "support an idea"),
    ("idea", "status"): Route(
        idea_life.change_status,
        "idea status 12 testing measure=falls from=2027-03-01 [review=…] [note …]",
        "move an idea on (owner, team lead or improvement lead)",
    ),
    ("idea", "review"): Route(
        idea_review.review_command,
        "idea review 12 adopt|adapt|abandon <what you learned>",
        "record the review of a test of change",
    ),
    ("idea", "share"): Route(
        idea_share.share_command,
        "idea share 12 [team <key>|division <key>|all]",
        "share an adopted idea, what was learned and its chart (owner, lead)",
    ),
    ("idea", "adopt"): Route(
        idea_share.adopt_command,
        "idea adopt 12 [team=<key>] [measure=<key>]",
        "take up another team's adopted idea as your own test of change",
    ),
    ("idea", "search"): Route(
        idea_search.search, "idea search <words>", "ideas across the trust, adopted first"
    ),
    ("idea", "reflect"): Route(
        idea_reflection.reflect, "idea reflect <answer>", "answer the weekly reflection"
    ),
    ("idea", "from-reflection"): Route(
        idea_reflection.from_reflection, "idea from-reflection 3", "turn an answer into an idea"
    ),
    ("visit", "help"): Route(help.help_for("visit"), "visit help", "this list", anyone=True),
    ("visit", ""): Route(
        visit_commands.my_visits, "visit", "your coming visits, or the coming visits to your area"
    ),
    ("visit", "coverage"): Route(
        visit_commands.coverage_command, "visit coverage", "each area's last visit, and gaps"
    ),
    ("visit", "decline"): Route(
        visit_changes.decline, "visit decline 14 <reason>", "decline a visit; the rota repairs"
    ),
    ("visit", "swap"): Route(
        visit_changes.swap_command, "visit swap 14 with <name>", "hand a visit to another leader"
    ),
    ("visit", "notes"): Route(
        visit_followup.command,
        "visit notes 14 saw=… good=… action=… owner=… due=2027-02-01",
        "notes after a visit, with actions",
    ),
    ("visit", "action"): Route(
        visit_actions.action_command, "visit action done 3", "an action is done: the team hears"
    ),
    ("visit", "actions"): Route(visit_actions.list_actions, "visit actions", "open visit actions"),
}

# form id -> (ctx, values: Mapping[str, str], context: str) -> posts
FORMS: dict[str, Handler] = {
    "huddle": huddle_form.submitted,
    "huddle.resolve": huddle_respond.resolve_submitted,
    "idea.new": idea_post.submit_form,
    "idea.review": idea_review.submit_review,
    visit_followup.FORM: visit_followup.submitted,
    visit_commands.DECLINE_FORM: visit_commands.decline_submitted,
}

# form id -> (ctx, context: str) -> Form   (a button with action "open:<form id>" opens it)
FORM_BUILDERS: dict[str, Callable[..., Any]] = {
    "huddle": huddle_form.build,
    "huddle.resolve": huddle_respond.resolve_form,
    "idea.new": idea_post.idea_form,
    "idea.review": idea_review.review_form,
    visit_followup.FORM: visit_followup.notes_form,
    visit_commands.DECLINE_FORM: visit_commands.decline_form,
}

# button action -> (ctx, value: str) -> posts
ACTIONS: dict[str, Handler] = {
    "huddle.ack": huddle_respond.acknowledge,
    "huddle.none": huddle_held.pressed,
    "idea.support": idea_post.support_idea,
    "idea.discuss": idea_post.discuss,
    "idea.from_reflection": idea_reflection.from_reflection,
    idea_share.SHARE: idea_share.share_pressed,
    idea_share.ADOPT: idea_share.adopt_pressed,
    visit_reminders.DECLINE: visit_commands.decline_pressed,
}

# Free-text handlers tried in order; each returns None when the message is not for it.
SAID: tuple[Handler, ...] = (idea_reflection.answered, huddle_commands.heard)

# scheduled kind -> (ctx, due: bot.schedule.Due) -> list[Post]
TIMED: dict[str, Handler] = {
    "huddle.prompt": huddle_prompt.compose_prompt,
    "huddle.nudge": huddle_prompt.compose_nudge,
    feeds_pull.KIND: feeds_pull.compose_pull,
    huddle_escalate.TIMER: huddle_escalate.overdue,
    "ideas.reflection": idea_reflection.compose_reflection,
    "ideas.review": idea_review.compose_review,
    "ideas.digest": idea_digest.compose_digest,
    idea_learning.KIND: idea_learning.compose_learning,
    chart_digest.KIND: chart_digest.compose_digest,
    visit_timers.WEEK_BEFORE: visit_reminders.compose_leader_reminder,
    visit_timers.MORNING: visit_reminders.compose_leader_reminder,
    visit_timers.TEAM_NOTICE: visit_reminders.compose_team_notice,
    visit_timers.NOTES_PROMPT: visit_reminders.compose_notes_prompt,
    visit_timers.ACTION_OVERDUE: visit_reminders.compose_overdue,
    visit_timers.CANCELLED: visit_reminders.compose_cancelled,
}

# Demo data from other capabilities: (session, today, now) -> None, run after the demo trust loads.
DEMO_EXTRAS: tuple[Callable[..., Any], ...] = (
    idea_demo.add_demo_ideas,
    huddle_demo.add_demo_huddles,
    visit_demo.add_demo_visits,
    feeds_demo.add_demo_feed,
)

# What only the console demo adds (`make run`, `huddlebot demo`), after the extras.
DEMO_SHOWCASE: tuple[Callable[..., Any], ...] = (idea_demo.add_shared_idea,)

# Huddle hooks for other capabilities (charts: a signal line; ideas: board lines).
# (ctx, team, day, saved: list[bot.huddle.record.Saved]) -> list[str], shown under a confirmation
HUDDLE_AFTER_RECORD: tuple[Callable[..., Any], ...] = (chart_signal.after_record,)
# (ctx, team) -> list[str], added to /huddle board under "Ideas being tested"
HUDDLE_BOARD: tuple[Callable[..., Any], ...] = (idea_browse.being_tested,)

TABLE = RouteTable(
    commands=COMMANDS,
    subcommands=SUBCOMMANDS,
    forms=FORMS,
    form_builders=FORM_BUILDERS,
    actions=ACTIONS,
    said=SAID,
    timed=TIMED,
    demo_extras=DEMO_EXTRAS,
    demo_showcase=DEMO_SHOWCASE,
    after_record=HUDDLE_AFTER_RECORD,
    board_lines=HUDDLE_BOARD,
)
