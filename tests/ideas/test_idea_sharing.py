"""Learning that spreads: an adopted idea shared with other teams, taken up by one of them as its
own test of change, its lineage shown, ideas searched across the trust, and the monthly digest."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from idea_kit import ED, Ward, texts
from sqlalchemy import select

from bot import outbox_json
from bot.ideas.csv_rows import idea_rows, ideas_csv
from bot.ideas.store import Ideas
from bot.messages import Chart, Post, Text, fallback_text
from bot.stores.tables.core import Address, Audit, Trust
from bot.stores.tables.ideas import Idea, IdeaShare
from bot.stores.tables.schedule import OutboxRow, TimerRow
from scheduler.tick import tick


def _adopt_red_socks(ward: Ward) -> list:
    """Ward 7's idea #1 (red socks, tested on falls) adopted at its review."""
    return ward.say("Demo Lead", "/idea review 1 adopt Falls halved in bay B")


def _audits(ward: Ward, action: str) -> list[tuple[str, str]]:
    with ward.runtime.db.session() as s:
        rows = s.scalars(select(Audit).where(Audit.action == action).order_by(Audit.id))
        return [(a.subject, a.outcome) for a in rows]


def test_the_adoption_post_offers_to_share_and_the_button_shares_with_every_other_team(
    ward: Ward,
) -> None:
    posts = _adopt_red_socks(ward)
    [celebration] = [
        p for p in posts if isinstance(p.message, Text) and p.message.heading == "Idea adopted!"
    ]
    assert [b.label for b in celebration.message.buttons] == ["Share with other teams"]
    shared = ward.press("Demo Lead", celebration, "Share with other teams")
    assert texts(shared)[0].startswith("Shared idea #1 with the whole trust")
    # no learning channel configured: every other team's channel hears it, never Ward 7's own
    cards = [p for p in shared[1:] if isinstance(p.message, Text)]
    places = {p.to.conversation for p in cards}
    assert "#ed" in places and "#ward-7" not in places
    card = next(p for p in cards if p.to.conversation == "#ed").message
    assert card.heading.startswith("Shared by Ward 7: Red non-slip socks")
    assert "What they learned: Falls halved in bay B" in card.text
    assert [b.label for b in card.buttons] == ["Adopt in our team"]
    charts = [p for p in shared if isinstance(p.message, Chart) and p.to.conversation == "#ed"]
    assert len(charts) == 1 and charts[0].message.spec.title.startswith("Falls")
    assert _audits(ward, "idea.share") == [("idea:1", "ok")]
    # shared once per place: a second press says so and posts nothing more
    again = ward.press("Demo Lead", celebration, "Share with other teams")
    assert texts(again) == ["Idea #1 was already shared with the whole trust on 3 Mar 2027."]


def test_only_an_adopted_idea_is_shared_and_only_by_its_owner_a_lead_or_an_improver(
    ward: Ward,
) -> None:
    refused = ward.say("Demo Nurse", "/idea share 1")
    assert texts(refused) == [
        "Only idea #1's owner, its team lead or an improvement lead can share it."
    ]
    assert refused[0].to.visible_to == "Demo Nurse"
    early = texts(ward.say("Demo Lead", "/idea share 1"))[0]
    assert "is being tested. An idea is shared once" in early
    _adopt_red_socks(ward)
    assert texts(ward.say("Demo Lead", "/idea share 1 team nowhere"))[0].startswith(
        "There is no team 'nowhere'."
    )
    assert texts(ward.say("Demo Lead", "/idea share 1 team ward-7")) == [
        "Idea #1 is Ward 7's own idea."
    ]
    assert "Use `/idea share 12`" in texts(ward.say("Demo Lead", "/idea share 1 to everyone"))[0]
    to_ed = ward.say("Demo Improver", "/idea share 1 team ed")
    assert texts(to_ed)[0].startswith("Shared idea #1 with Emergency Department")
    assert {p.to.conversation for p in to_ed[1:]} == {"#ed"}
    with ward.runtime.db.session() as s:
        shares = s.execute(select(IdeaShare.scope, IdeaShare.scope_key)).all()
    assert [tuple(r) for r in shares] == [("team", "ed")]
    assert _audits(ward, "idea.share") == [("idea:1", "denied"), ("idea:1", "ok")]


def test_a_division_share_reaches_its_teams_and_the_learning_channel_takes_a_trust_share(
    ward: Ward,
) -> None:
    with ward.runtime.db.session() as s:
        trust = s.scalar(select(Trust))
        s.add(Address(owner_kind="learning", owner_id=trust.id, platform="console",
                      workspace="console", conversation="#learning"))  # fmt: skip
    _adopt_red_socks(ward)
    division = ward.say("Demo Lead", "/idea share 1 division medicine")
    assert texts(division)[0].startswith("Shared idea #1 with Medicine")
    assert {p.to.conversation for p in division[1:]} == {"#ed"}  # Ward 7's own is left out
    trust_wide = ward.say("Demo Lead", "/idea share 1")
    assert texts(trust_wide)[0].startswith(
        "Shared idea #1 with the whole trust (the learning channel)"
    )
    assert {p.to.conversation for p in trust_wide[1:]} == {"#learning"}


def test_another_team_takes_the_idea_up_as_its_own_test_and_the_first_team_hears(
    ward: Ward,
) -> None:
    _adopt_red_socks(ward)
    shared = ward.say("Demo Lead", "/idea share 1 team ed")
    card = next(p for p in shared if isinstance(p.message, Text) and p.message.buttons)
    # ED has no falls measure: the button makes the idea, and says how to start its test
    taken = ward.press("Demo ED Lead", card, "Adopt in our team", where=ED)
    assert texts(taken)[0] == (
        "Emergency Department is taking up Ward 7's idea #1 as its own idea #4: "
        "Red non-slip socks for everyone on the falls risk list"
    )
    assert "has no measure like the original's" in texts(taken)[1]
    told = [p for p in taken if p.to.conversation == "#ward-7"]
    assert [fallback_text(p.message) for p in told] == [
        "Emergency Department is trying your idea #1 (Red non-slip socks for everyone on the "
        "falls risk list) as their idea #4."
    ]
    copy = ward.idea(4)
    assert (copy.origin_id, copy.status) == (ward.idea(1).id, "new")
    assert copy.why.startswith("Taken up from Ward 7's idea #1")
    assert texts(ward.say("Demo ED Lead", "/idea adopt 1", where=ED)) == [
        "Emergency Department is already trying this idea as idea #4."
    ]


def test_taking_it_up_on_a_named_measure_starts_a_test_of_change(ward: Ward) -> None:
    _adopt_red_socks(ward)
    taken = ward.say("Demo ED Lead", "/idea adopt 1 measure=staffing", where=ED)
    assert texts(taken)[1].startswith("Idea #4 is now being tested (taken up from #1).")
    copy = ward.idea(4)
    assert copy.status == "testing" and copy.test_start == date(2027, 3, 3)
    assert copy.plan_try == "Red socks on every at-risk patient"  # the original's plan
    with ward.runtime.db.session() as s:
        timers = s.scalars(select(TimerRow).where(TimerRow.slot == "idea:4")).all()
    assert [t.local_date for t in timers] == [date(2027, 3, 17)]
    assert texts(ward.say("Demo Admin", "/idea adopt 1 team=theatres measure=smiles")) == [
        "Main Theatres has no measure 'smiles'."
    ]


def test_taking_up_is_refused_for_an_idea_not_adopted_an_own_idea_and_another_team(
    ward: Ward,
) -> None:
    assert (
        "only an idea its team tested and adopted"
        in texts(ward.say("Demo ED Lead", "/idea adopt 1", where=ED))[0]
    )
    _adopt_red_socks(ward)
    assert texts(ward.say("Demo Lead", "/idea adopt 1")) == ["Idea #1 is Ward 7's own idea."]
    # a Ward 7 nurse speaking in ED's channel cannot take it up for ED
    refused = ward.say("Demo Nurse", "/idea adopt 1", where=ED)
    assert texts(refused) == [
        "Only Emergency Department's members can take up an idea for Emergency Department."
    ]
    assert ("idea:1", "denied") in _audits(ward, "idea.adopt")
    unclear = texts(ward.say("Demo ED Lead", "/idea adopt 1 soon", where=ED))[0]
    assert "Use `/idea adopt 12`" in unclear
    with ward.runtime.db.session() as s:
        assert s.scalar(select(Idea).where(Idea.origin_id.is_not(None))) is None


def test_the_lineage_shows_where_an_idea_came_from_and_who_else_tried_it(ward: Ward) -> None:
    _adopt_red_socks(ward)
    ward.say("Demo Lead", "/idea share 1")
    ward.say("Demo ED Lead", "/idea adopt 1 measure=staffing", where=ED)
    ward.say("Demo Admin", "/idea adopt 1 team=theatres")
    original = texts(ward.say("Demo Nurse", "/idea show 1"))[0]
    assert "Shared with: the whole trust" in original
    assert (
        "Also tried by: Emergency Department as #4 (being tested); "
        "Main Theatres as #5 (new)" in original
    )
    copy = texts(ward.say("Demo Nurse", "/idea show 4"))[0]
    assert "Taken up from: Ward 7's idea #1 (adopted)" in copy
    assert "Also tried by: Main Theatres as #5 (new)" in copy
    assert "Ward 7 as #1" not in copy  # the original is named once, as where it came from


def test_search_finds_ideas_across_the_trust_adopted_first(ward: Ward) -> None:
    ward.say("Demo ED Lead", "/idea Non-slip socks for trolley patients", where=ED)  # #4, new
    _adopt_red_socks(ward)
    found = ward.say("Demo ED Lead", "/idea search SOCKS", where=ED)
    assert found[0].to.visible_to == "Demo ED Lead"
    lines = texts(found)[0].splitlines()
    assert lines[:3] == [
        "Ideas matching 'SOCKS' (2)",
        "#1 [adopted] Ward 7 · Falls: Red non-slip socks for everyone on the falls risk list "
        "(1 supporter)",
        "#4 [new] Emergency Department: Non-slip socks for trolley patients (0 supporters)",
    ]
    # the measure's name is searched too: "falls" finds the red socks through its measure
    assert "#1 [adopted]" in texts(ward.say("Demo Nurse", "/idea search falls"))[0]
    assert texts(ward.say("Demo Nurse", "/idea search zebra crossings"))[0].startswith(
        "No idea in the trust matches 'zebra crossings'."
    )
    assert texts(ward.say("Demo Nurse", "/idea search")) == [
        "What are you looking for? Use `/idea search red socks` or `/idea search falls`."
    ]
    assert "under 200 characters" in texts(ward.say("Demo Nurse", "/idea search " + "a " * 150))[0]
    # wildcards are characters, not patterns: "100%" matches no idea rather than every one
    assert texts(ward.say("Demo Nurse", "/idea search 100%"))[0].startswith("No idea")


def test_a_patient_identifier_in_a_search_or_share_is_refused_before_anything_runs(
    ward: Ward,
) -> None:
    refused = ward.say("Demo Nurse", "/idea search socks for 943 476 5919")
    assert "patient" in texts(refused)[0].lower()
    assert _audits(ward, "idea.search") == []


def _tick(ward: Ward, when: datetime) -> None:
    ward.clock.set(when)
    tick(ward.runtime.db, ward.runtime.bot.compose, when)


def _queued(ward: Ward, kind: str) -> list[Post]:
    with ward.runtime.db.session() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.kind == kind).order_by(OutboxRow.id))
        return [outbox_json.loads(r.payload) for r in rows]


def test_the_monthly_learning_digest_tells_what_was_adopted_and_what_spread(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        trust = s.scalar(select(Trust))
        s.add(Address(owner_kind="learning", owner_id=trust.id, platform="console",
                      workspace="console", conversation="#learning"))  # fmt: skip
    _adopt_red_socks(ward)
    ward.say("Demo ED Lead", "/idea adopt 1 measure=staffing", where=ED)
    _tick(ward, datetime(2027, 3, 3, 10, 5, tzinfo=UTC))
    _tick(ward, datetime(2027, 4, 5, 9, 29, tzinfo=UTC))  # 10:29 BST, the first Monday of April
    assert _queued(ward, "ideas.learning") == []
    _tick(ward, datetime(2027, 4, 5, 9, 31, tzinfo=UTC))
    posts = _queued(ward, "ideas.learning")
    assert {p.to.conversation for p in posts} == {"#learning"}
    digest = posts[0].message
    assert isinstance(digest, Text)
    assert digest.heading == "What we learned across the trust in March 2027"
    assert "#1 Ward 7: Red non-slip socks" in digest.text
    assert "Learned: Falls halved in bay B" in digest.text
    assert "Emergency Department took up Ward 7's #1" in digest.text
    assert any(isinstance(p.message, Chart) for p in posts)  # the before/after chart
    # once, and next month's is already set
    _tick(ward, datetime(2027, 4, 5, 12, 0, tzinfo=UTC))
    assert len(_queued(ward, "ideas.learning")) == len(posts)
    with ward.runtime.db.session() as s:
        pending = s.scalars(
            select(TimerRow.local_date).where(
                TimerRow.kind == "ideas.learning", TimerRow.status == "pending"
            )
        ).all()
    assert pending == [date(2027, 5, 3)]


def test_the_export_shows_where_an_idea_came_from_and_where_it_was_shared(ward: Ward) -> None:
    _adopt_red_socks(ward)
    ward.say("Demo Lead", "/idea share 1 division medicine")
    ward.say("Demo ED Lead", "/idea adopt 1", where=ED)
    with ward.runtime.db.session() as s:
        rows = list(csv.DictReader(io.StringIO(ideas_csv(idea_rows(Ideas(s))))))
    by_number = {r["number"]: r for r in rows}
    assert by_number["1"]["shared_with"] == "Medicine"
    assert by_number["4"]["taken_up_from"] == "1"
    assert by_number["3"]["taken_up_from"] == "" and by_number["3"]["shared_with"] == ""
