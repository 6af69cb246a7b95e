"""The Making Data Count matrix (what needs attention first) in `/huddle summary`, `huddlebot
export summary` and the board pack; `huddlebot report` and `/huddle report`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from charts_kit import Ward, only_summary, texts
from pack_kit import csv_keys, decoded_images, matrix_keys, read_pack
from sqlalchemy import func, select

from bot.messages import ChartsFile, Post
from bot.spc.drawing import chart_message
from bot.stores.tables.core import Audit
from huddlebot.commands import export, report
from huddlebot.render_pool import RenderPool

# The order a board reads, written out here independently of the code under test.
TIERS = [
    ("concern", "fail"),
    ("concern", None),
    (None, "fail"),
    ("improvement", None),
    ("neutral", None),
    ("common", None),
    ("too few", None),
    ("no data", None),
]


def tier(variation_icon: str, assurance_icon: str, latest: str, chart: str) -> int:
    """Where a row of the CSV belongs, from its columns alone."""
    if not latest:
        return TIERS.index(("no data", None))
    if not variation_icon and chart != "run":
        return TIERS.index(("too few", None))
    kind = variation_icon.split("_")[0] if variation_icon else "common"
    failing = assurance_icon == "fail"
    if kind == "concern":
        return TIERS.index(("concern", "fail" if failing else None))
    if failing:
        return TIERS.index((None, "fail"))
    return TIERS.index((kind if kind in ("improvement", "neutral") else "common", None))


def export_rows(ward: Ward, monkeypatch: pytest.MonkeyPatch, capsys, *extra: str) -> str:
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", ward.runtime.settings.database_url)
    assert export.main(["summary", "--as-of", "2027-03-01", *extra]) == 0
    return capsys.readouterr().out


def test_every_summary_view_shows_what_needs_attention_first_and_names_the_signals(
    ward: Ward, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    ward.say("Demo Nurse", "/huddle falls 9")  # far above Ward 7's falls limits: a concern
    raw = export_rows(ward, monkeypatch, capsys)
    rows = list(csv.DictReader(io.StringIO(raw)))
    tiers = [tier(r["variation_icon"], r["assurance_icon"], r["latest"], r["chart"]) for r in rows]
    assert tiers == sorted(tiers)
    assert tiers[0] < TIERS.index(("common", None)) and tiers[-1] == TIERS.index(("no data", None))
    assert rows[0]["measure"] == "Falls" and rows[0]["variation_icon"] == "concern_high"
    assert all(r["division"] for r in rows)

    post, spec = only_summary(ward.say("Demo Director", "/huddle summary"))
    assert [(r.team, r.measure) for r in spec.rows] == [(r["team"], r["measure"]) for r in rows]
    alt = post.message.alt  # type: ignore[union-attr]
    special = [r for r in rows if r["variation_icon"] not in ("", "common_cause")]
    assert special
    for r in special:  # every signalling measure named in full, with its team
        assert f"{r['team']} {r['measure']}" in alt
    for r in rows:
        if r["variation_icon"] in ("", "common_cause") and r["assurance_icon"] != "fail":
            assert f"{r['team']} {r['measure']} (" not in alt  # only signals are named so
    assert "Ward 7 Team mood: no data" in alt


def test_the_report_command_writes_one_self_contained_page_and_the_matrix_as_csv(
    ward: Ward, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    ward.say("Demo Lead", "/huddle escalate no hoist on bay 4")
    ward.say("Demo Nurse", "/huddle falls 9")  # a concern: first in the matrix, marked
    exported = export_rows(ward, monkeypatch, capsys)
    assert report.main(["--as-of", "2027-03-01", "--out", str(tmp_path), "--workers", "0"]) == 0
    assert "9 measures" in capsys.readouterr().out
    page = (tmp_path / "board-pack-trust-2027-03-01.html").read_text(encoding="utf-8")
    table = (tmp_path / "board-pack-trust-2027-03-01.csv").read_text(encoding="utf-8-sig")
    assert table == exported  # the CSV is `export summary`'s, row for row
    assert matrix_keys(page) == csv_keys(exported)
    assert matrix_keys(page)[0] == ("Medicine", "Ward 7", "Falls")
    assert page.count('<tr class="attention">') == 1
    assert "9 measures; 1 needs attention and is listed first." in page
    parsed = read_pack(page)
    assert parsed.outside == []  # nothing fetched from the network
    assert "<script" not in page and "@import" not in page and "url(" not in page
    images = decoded_images(page)
    recorded = [r for r in csv.DictReader(io.StringIO(exported)) if r["latest"]]
    assert len(images) == len(recorded) == 8  # one chart per measure with data
    assert all(img.size[0] >= 600 and img.size[1] >= 300 for img in images)
    assert all(len(img.get("alt", "")) > 40 for img in parsed.images)
    assert parsed.captions >= 1 + len(recorded) and parsed.scoped_headers > 20
    assert "@media print" in page and "page-break-before" in page
    assert page.count('<section class="division">') == 2  # Medicine, Surgery
    assert "no hoist on bay 4" in page and "Open escalations — Medicine" in page
    assert "#00b0f0" in page and "#e46c0a" in page and "#a6a6a6" in page


def test_one_division_only_and_bad_input_is_refused_politely(
    ward: Ward, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", ward.runtime.settings.database_url)
    args = ["--as-of", "2027-03-01", "--out", str(tmp_path), "--workers", "0"]
    assert report.main([*args, "--division", "surgery"]) == 0
    page = (tmp_path / "board-pack-surgery-2027-03-01.html").read_text(encoding="utf-8")
    assert {d for d, _, _ in matrix_keys(page)} == {"Surgery"}
    assert report.main([*args, "--division", "nowhere"]) == 2
    assert "no division 'nowhere'" in capsys.readouterr().err
    assert report.main(["--as-of", "1 March", "--out", str(tmp_path)]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_senior_leaders_and_improvement_leads_get_the_pack_in_chat_others_are_refused(
    ward: Ward,
) -> None:
    [post] = ward.say("Demo Director", "/huddle report")
    assert isinstance(post, Post) and isinstance(post.message, ChartsFile)
    assert post.to.visible_to == "Demo Director"
    assert post.message.filename == "board-pack-trust-2027-03-01.html"
    assert "9 measures" in post.message.alt and "web browser" in post.message.alt
    # the request draws no chart: the shell's render pool draws them as the file is sent
    assert len(post.message.charts) == 8 and "data:image/png" not in post.message.text
    with RenderPool(workers=1) as pool:
        pngs = [f.result() for f in [pool.submit(spec) for spec in post.message.charts]]
    page = post.message.filled(pngs).content.decode("utf-8")
    assert len(matrix_keys(page)) == 9 and len(decoded_images(page)) == 8
    reader = read_pack(page)
    assert not reader.outside  # every chart inline
    assert {image["alt"] for image in reader.images} == {
        chart_message(spec).alt for spec in post.message.charts
    }

    [post] = ward.say("Demo Improver", "/huddle report medicine")
    assert isinstance(post.message, ChartsFile)
    assert {d for d, _, _ in matrix_keys(post.message.text)} == {"Medicine"}

    with ward.runtime.db.session() as s:
        before = s.scalar(select(func.count()).where(Audit.outcome == "denied"))
    for who in ("Demo Nurse", "Demo Lead"):
        [refused] = texts(ward.say(who, "/huddle report"))
        assert refused.startswith("The board pack is for senior leaders and improvement leads")
    with ward.runtime.db.session() as s:
        after = s.scalar(select(func.count()).where(Audit.outcome == "denied"))
    assert after == (before or 0) + 2
    assert texts(ward.say("Demo Director", "/huddle report nowhere")) == [
        "There is no division called “nowhere”."
    ]
