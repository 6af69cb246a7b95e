"""The board pack in a real browser (headless Chromium): it prints to PDF, takes a screenshot,
logs no console error, every image loads, and its matrix is `export summary`'s rows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from charts_kit import Ward
from pack_kit import csv_keys, matrix_keys
from PIL import Image

from huddlebot.commands import export, report

# Added to a copy of the page only: after load, the page records each image's natural width.
CHECK = """<script>
window.addEventListener("load", () => {
  const widths = [...document.images].map((i) => i.complete ? i.naturalWidth : -1);
  document.body.setAttribute("data-image-widths", widths.join(","));
});
</script>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing in CI: .ci/run installs Debian's chromium package")
    pytest.skip("chromium is not installed here (CI installs it; `apt-get install chromium`)")


def browse(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    command += ["--enable-logging=stderr", "--v=0", "--disable-extensions", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_errors(stderr: str) -> list[str]:
    """Lines where the page logged to the console or failed to load something."""
    return [
        line
        for line in stderr.splitlines()
        if ":CONSOLE" in line or "Failed to load resource" in line or "net::ERR" in line
    ]


def test_the_board_pack_prints_and_every_image_loads_in_chromium(
    ward: Ward, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    browser = chromium()
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", ward.runtime.settings.database_url)
    assert export.main(["summary", "--as-of", "2027-03-01"]) == 0
    exported = capsys.readouterr().out
    out = tmp_path / "pack"
    assert report.main(["--as-of", "2027-03-01", "--out", str(out), "--workers", "0"]) == 0
    page = out / "board-pack-trust-2027-03-01.html"
    url = page.resolve().as_uri()

    pdf = tmp_path / "pack.pdf"
    printed = browse(browser, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
    assert pdf.read_bytes().startswith(b"%PDF"), printed.stderr[-2000:]
    assert console_errors(printed.stderr) == []
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())
    assert len(pages) >= 3  # the front page, then one per division

    shot = tmp_path / "pack.png"
    taken = browse(browser, f"--screenshot={shot}", "--window-size=1280,1600", url)
    assert console_errors(taken.stderr) == []
    with Image.open(shot) as picture:
        assert picture.size == (1280, 1600)
        assert len(set(picture.convert("RGB").getdata())) > 50  # drawn, not a blank page

    checked = tmp_path / "checked.html"
    checked.write_text(page.read_text(encoding="utf-8").replace("</body>", CHECK + "</body>"))
    dumped = browse(browser, "--dump-dom", "--virtual-time-budget=10000", checked.as_uri())
    assert console_errors(dumped.stderr) == []
    widths = re.search(r'data-image-widths="([^"]*)"', dumped.stdout)
    assert widths is not None, dumped.stderr[-2000:]
    numbers = [int(w) for w in widths.group(1).split(",") if w]
    assert len(numbers) == 8 and all(w > 0 for w in numbers)
    assert matrix_keys(dumped.stdout) == csv_keys(exported)
