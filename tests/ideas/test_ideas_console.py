"""The ideas flows typed at the console: buttons with :press, the form with :form, and the
review prompt arriving through the scheduler as the simulated clock moves on."""

from __future__ import annotations

import io
from pathlib import Path

from idea_kit import NOW, Ward

from adapters.console import ConsolePlatform, ConsoleSession
from huddlebot.console_loop import chat


def _chat(ward: Ward, script: str, tmp_path: Path, user: str = "Demo Nurse") -> str:
    session = ConsoleSession(user=user, team="ward-7", now=NOW)
    out = io.StringIO()
    console = ConsolePlatform(out=out, out_dir=tmp_path)
    ward.runtime.platforms["console"] = console
    assert chat(ward.runtime, session, io.StringIO(script), out, console) == 0
    return out.getvalue()


def test_posting_supporting_the_form_and_listing_at_the_console(ward: Ward, tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/idea Night lights in the bay",
            ":press 1",
            ":press 1",
            ":user Demo Lead",
            "/idea",
            ":form what=Fewer interruptions at drug rounds; why=Errors; measure=falls",
            "/idea list",
            ":press 2",
        ]
    )
    out = _chat(ward, script, tmp_path)
    assert (
        "[#ward-7]\nIdea #4 from Demo Nurse: Night lights in the bay\n"
        "  [Support] (:press 1) · [Discuss] (:press 2)" in out
    )
    assert "[@Demo Nurse]\nThanks: you support idea #4. It now has 1 supporter." in out
    assert "You already support idea #4. Thank you!" in out
    assert "Post an improvement idea" in out and "  measure: Which measure might it move?" in out
    assert "[#ward-7]\nIdea #5 from Demo Lead: Fewer interruptions at drug rounds" in out
    assert "#4 [new] Ward 7: Night lights in the bay (1 supporter)" in out
    assert "Threads aren't available here: discuss idea #5 in this channel." in out


def test_a_test_of_change_from_plan_to_review_prompt_to_celebration(
    ward: Ward, tmp_path: Path
) -> None:
    script = "\n".join(
        [
            "/idea Night lights in the bay",
            ":user Demo Nurse",
            "/idea status 4 reviewing",
            ":user Demo Lead",
            "/idea status 4 testing measure=falls review=2027-03-05 note bay B",
            ":advance 1m",
            ":now 2027-03-05T09:00",
            ":advance 2m",
            "/idea review 4 adopt Fewer falls at night",
            "/idea show 4",
        ]
    )
    out = _chat(ward, script, tmp_path, user="Demo Nurse")
    assert "Only idea #4's owner, Ward 7's team lead or an improvement lead" in out
    assert "[#ward-7]\nIdea #4 is now being tested (bay B).\nPlan: trying: Night lights" in out
    assert "[@Demo Nurse]\nYour idea #4 (Night lights in the bay) is now being tested" in out
    prompt = out.index("[@Demo Lead]\nTime to review a test of change\nIdea #4 (Night lights")
    assert out.count("Time to review a test of change\nIdea #4") == 1
    adopted = out.index("Idea adopted!\nWard 7 has adopted idea #4: Night lights in the bay")
    assert prompt < adopted
    assert "Thank you to Demo Nurse, Demo Lead." in out
    assert "[chart] " in out and list(tmp_path.glob("falls-*.png"))
    assert "being tested → adopted by Demo Lead: review: adopt" in out
    assert "Learned: Fewer falls at night · Next: adopt" in out
