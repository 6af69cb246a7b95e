"""`POST /api/v1/readings` as a trust's systems use it: a bearer token, per-item results, each
value checked like a typed answer and shown to staff with its source."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
from feeds_kit import TODAY, Feeds, reading
from openapi_spec_validator import validate
from sqlalchemy import select

from bot.messages import fallback_text
from bot.schedule import Due
from bot.stores.tables.core import Team
from bot.stores.tables.feeds import ApiToken
from huddlebot.readings_api import MAX_ITEMS


def _prompt(feeds: Feeds) -> str:
    with feeds.runtime.db.session() as s:
        team = s.scalar(select(Team).where(Team.key == "ward-7"))
        assert team is not None
        due_at = datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
        due = Due("huddle.prompt", team.id, "ward-7", TODAY, "08:30", due_at, "08:30")
    posts = feeds.runtime.bot.compose(due)
    return fallback_text(posts[0].message)


def test_a_fed_value_is_stored_and_shown_with_its_source(feeds: Feeds) -> None:
    secret = feeds.token()
    feeds.clock.set(datetime(2027, 3, 1, 7, 30, tzinfo=UTC))
    [reply] = feeds.post({"readings": [reading(), reading(measure="falls", value=0)]}, secret)
    assert reply.status == 200
    assert [r["status"] for r in reply.body["results"]] == ["recorded", "recorded"]
    [stored] = feeds.readings("staffing")
    assert (stored.value, stored.feed, stored.source, stored.person_id) == (
        96,
        "e-roster feed",
        "api",
        None,
    )
    assert (
        "• Staffing fill rate (staffing): a percentage from 0 to 100 · staffing 96% "
        "(from the e-roster feed, 07:30): confirm or correct it"
    ) in _prompt(feeds)
    feeds.clock.set(datetime(2027, 3, 1, 8, 40, tzinfo=UTC))
    [history] = feeds.say("Demo Nurse", "/huddle history staffing")
    assert "staffing 96% — from the e-roster feed, Mon 1 Mar 07:30 (current)" in history
    assert feeds.audit("readings.api")[-1][1] == "ok"


def test_ratio_parts_and_yes_no_arrive_as_typed(feeds: Feeds) -> None:
    secret = feeds.token(scope="trust", key=None)
    item = reading(measure="staffing", value=None, numerator=23, denominator=25)
    del item["value"]
    [reply] = feeds.post({"readings": [item]}, secret)
    assert reply.status == 200
    [stored] = feeds.readings("staffing")
    assert (stored.value, stored.numerator, stored.denominator) == (92, 23, 25)


def test_staff_confirm_or_correct_a_fed_value_and_the_correction_is_audited(feeds: Feeds) -> None:
    secret = feeds.token()
    feeds.post({"readings": [reading()]}, secret)
    feeds.later(minutes=40)
    assert feeds.say("Demo Nurse", "staffing 96")[0].startswith(
        "Recorded for Ward 7, Mon 1 Mar: staffing 96%"
    )
    confirmed = feeds.readings("staffing")
    assert [(r.feed, r.superseded_at is None) for r in confirmed] == [
        ("e-roster feed", False),
        (None, True),
    ]
    feeds.later(minutes=5)
    said = feeds.say("Demo Lead", "staffing 94")
    assert said[0].startswith("Recorded for Ward 7, Mon 1 Mar: staffing 94% (was 96)")
    assert ("team:" in feeds.audit("huddle.record")[-1][0]) and len(
        feeds.audit("huddle.record")
    ) == 2
    # the feed sends again: the staff's value stands, and the feed is told so
    [reply] = feeds.post({"readings": [reading(value=97)]}, secret)
    assert reply.body["results"][0]["status"] == "kept"
    assert feeds.readings("staffing")[-1].value == 94


def test_a_replayed_request_changes_nothing_and_a_new_value_replaces_the_feeds_own(
    feeds: Feeds,
) -> None:
    secret = feeds.token()
    body = {"readings": [reading()]}
    first, again = feeds.post(body, secret, times=2)
    assert first.body["results"][0]["status"] == "recorded"
    assert again.body["results"][0]["status"] == "unchanged"
    assert len(feeds.readings("staffing")) == 1
    feeds.later(minutes=10)
    [newer] = feeds.post({"readings": [reading(value=95)]}, secret)
    assert newer.body["results"][0]["status"] == "replaced"
    rows = feeds.readings("staffing")
    assert [(r.value, r.superseded_at is None) for r in rows] == [(96, False), (95, True)]
    [other] = feeds.post({"readings": [reading(value=90, source="night report")]}, secret)
    assert other.body["results"][0]["status"] == "replaced"  # another source: its own value


def test_a_missing_unknown_expired_or_revoked_token_is_refused_and_audited(feeds: Feeds) -> None:
    body = {"readings": [reading()]}
    [none] = feeds.post(body, None)
    assert none.status == 401 and none.headers["WWW-Authenticate"].startswith("Bearer")
    [unknown] = feeds.post(body, "hbt_not-a-token")
    assert unknown.status == 401 and "unknown" in unknown.body["error"]
    short = feeds.token(days=1)
    feeds.later(days=1, seconds=1)
    [expired] = feeds.post(body, short)
    assert expired.status == 401 and "expired" in expired.body["error"]
    revoked = feeds.token()
    with feeds.runtime.db.session() as s:
        from bot.feeds.tokens import revoke

        assert revoke(s, "bed-state feed", feeds.clock.now())
    [gone] = feeds.post(body, revoked)
    assert gone.status == 401 and "revoked" in gone.body["error"]
    assert feeds.readings("staffing") == []
    denied = feeds.audit("readings.api")
    assert [outcome for _, outcome in denied] == ["denied"] * 4
    assert denied[0][0] == "token:none" and denied[1][0] == "token:unknown"
    with feeds.runtime.db.session() as s:  # only a hash of each secret is kept
        hashes = list(s.scalars(select(ApiToken.secret_hash)))
    assert short not in hashes and all(len(h) == 64 for h in hashes)


def test_a_team_token_cannot_write_another_team(feeds: Feeds) -> None:
    secret = feeds.token(scope="team", key="ward-7")
    body = {"readings": [reading(), reading(team="ed", measure="staffing")]}
    [reply] = feeds.post(body, secret)
    assert reply.status == 403
    assert reply.body["errors"] == [
        {"index": 1, "field": "team", "problem": "this token may not write readings for that team"}
    ]
    assert feeds.readings("staffing") == []  # all or nothing
    division = feeds.token(scope="division", key="surgery")
    [reply] = feeds.post({"readings": [reading()]}, division)
    assert reply.status == 403 and reply.body["error"].startswith("item 0")
    medicine = feeds.token(scope="division", key="medicine")
    [reply] = feeds.post(body, medicine)
    assert reply.status == 200
    assert [outcome for _, outcome in feeds.audit("readings.api")] == ["denied", "denied", "ok"]


def test_a_patient_identifier_in_the_source_is_refused_and_never_echoed(
    feeds: Feeds, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = feeds.token()
    body = {"readings": [reading(), reading(measure="falls", value=1, source="bay 3 MRN 1234567")]}
    [reply] = feeds.post(body, secret)
    assert reply.status == 422
    assert reply.body["errors"][0]["index"] == 1 and reply.body["errors"][0]["field"] == "source"
    assert "hospital number" in reply.body["errors"][0]["problem"]
    assert "1234567" not in str(reply.body)
    assert feeds.readings("staffing") == [] and feeds.readings("falls") == []
    [(subject, outcome)] = feeds.audit("privacy.hospital_number")
    assert subject.startswith("token:") and outcome == "refused"
    nhs = reading(source="from 943 476 5919")
    [reply] = feeds.post({"readings": [nhs]}, secret)
    assert reply.status == 422 and "NHS number" in reply.body["errors"][0]["problem"]
    assert "1234567" not in caplog.text and "5919" not in caplog.text
    assert "refused" in caplog.text  # logged by token id and reason


def test_a_bad_value_names_the_item_and_field_and_nothing_is_stored(feeds: Feeds) -> None:
    secret = feeds.token()
    body = {
        "readings": [
            reading(),
            reading(measure="staffing", value=130),
            reading(measure="falls", value=1.5),
            reading(measure="mood", value=4),
            reading(measure="nope"),
            reading(date="2027-03-02"),
            reading(date="1 March"),
            {"team": "ward-7", "measure": "falls", "date": "2027-03-01", "source": "x"},
            reading(colour="red"),
        ]
    }
    [reply] = feeds.post(body, secret)
    assert reply.status == 422
    fields = [(e["index"], e["field"]) for e in reply.body["errors"]]
    assert fields == [
        (1, "value"),
        (2, "value"),
        (3, "measure"),
        (4, "measure"),
        (5, "date"),
        (6, "date"),
        (7, "value"),
        (8, "colour"),
    ]
    assert "outside 0–100%" in reply.body["errors"][0]["problem"]
    assert "whole number" in reply.body["errors"][1]["problem"]
    assert "anonymous" in reply.body["errors"][2]["problem"]
    assert reply.body["error"].startswith("item 1, value:")
    assert feeds.readings("staffing") == []
    [reply] = feeds.post(None, secret, raw=b"{not json")
    assert reply.status == 400
    [reply] = feeds.post({"readings": []}, secret)
    assert reply.status == 400


def test_an_oversized_body_or_too_many_items_gets_413(feeds: Feeds) -> None:
    secret = feeds.token()
    [big] = feeds.post(None, secret, raw=b'{"readings": [' + b" " * 600_000 + b"]}")
    assert big.status == 413
    many = {"readings": [reading(date=str(TODAY - timedelta(days=i % 90))) for i in range(1001)]}
    assert len(many["readings"]) > MAX_ITEMS
    [reply] = feeds.post(many, secret)
    assert reply.status == 413 and "1000" in reply.body["error"]
    assert feeds.readings("staffing") == []


def test_too_many_requests_get_429_with_retry_after(feeds: Feeds) -> None:
    from dataclasses import replace

    feeds.runtime.settings = replace(feeds.runtime.settings, api_per_minute=30)
    secret = feeds.token()
    replies = feeds.post({"readings": [reading()]}, secret, times=8)
    statuses = [r.status for r in replies]
    assert statuses[:5] == [200] * 5 and 429 in statuses
    limited = next(r for r in replies if r.status == 429)
    assert int(limited.headers["Retry-After"]) >= 1


def test_the_served_openapi_document_is_valid_and_describes_what_the_server_takes(
    feeds: Feeds,
) -> None:
    served = feeds.get("/api/v1/openapi.json")
    assert served.status == 200
    document = served.body
    validate(document)
    schemas = document["components"]["schemas"]
    resolver_doc = {"$defs": schemas}
    request_schema = {
        "$ref": "#/$defs/Readings",
        **resolver_doc,
    }
    request_schema = _local_refs(request_schema)
    operation = document["paths"]["/api/v1/readings"]["post"]
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    for example in examples.values():
        jsonschema.validate(example["value"], request_schema)
    accepted = {"readings": [reading(), reading(measure="falls", value=0)]}
    jsonschema.validate(accepted, request_schema)
    secret = feeds.token()
    [reply] = feeds.post(accepted, secret)
    assert reply.status == 200
    result_schema = _local_refs({"$ref": "#/$defs/Results", **resolver_doc})
    jsonschema.validate(reply.body, result_schema)
    [refused] = feeds.post({"readings": [reading(value=130)]}, secret)
    error_schema = _local_refs({"$ref": "#/$defs/Error", **resolver_doc})
    jsonschema.validate(refused.body, error_schema)
    assert str(refused.status) in operation["responses"]
    bad = {"readings": [{"team": "ward-7"}]}
    try:
        jsonschema.validate(bad, request_schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("the document accepts an item the server refuses")


def _local_refs(schema: dict) -> dict:  # type: ignore[type-arg]
    """The document's `#/components/schemas/X` references, pointed at `$defs`."""
    import json

    text = json.dumps(schema).replace("#/components/schemas/", "#/$defs/")
    return json.loads(text)
