"""`huddlebot teams package` writes a zip Teams accepts: a 1.17 manifest naming the bot, its
scopes, a command menu of real commands, the "Post an idea" extension, and valid icons."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.routes import SUBCOMMANDS
from huddlebot.cli import main

APP_ID = "11111111-2222-4333-8444-555555555555"


def _png(data: bytes) -> tuple[int, int, list[int]]:
    """Width, height and the alpha values of an 8-bit RGBA PNG (checking its CRCs)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 6)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = 1 + width * 4
    alphas = [raw[row * stride + 1 + x * 4 + 3] for row in range(height) for x in range(width)]
    return width, height, alphas


@pytest.fixture
def package(tmp_path: Path) -> zipfile.ZipFile:
    out = tmp_path / "huddlebot-teams.zip"
    assert main(["teams", "package", "--out", str(out), "--app-id", APP_ID]) == 0
    return zipfile.ZipFile(out)


def test_manifest_names_the_bot_scopes_and_extension(package: zipfile.ZipFile) -> None:
    assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["manifestVersion"] == "1.17" and manifest["id"] == APP_ID
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    (extension,) = manifest["composeExtensions"]
    (command,) = extension["commands"]
    assert command["type"] == "action" and command["fetchTask"] is True
    assert command["title"] == "Post an idea" and command["id"] == "postIdea"
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80


def test_command_menu_lists_only_commands_that_work(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    (menu,) = manifest["bots"][0]["commandLists"]
    titles = [c["title"] for c in menu["commands"]]
    assert "huddle" in titles and "idea" in titles and "help" in titles
    assert len(titles) <= 10
    for item in menu["commands"]:
        assert len(item["title"]) <= 32 and len(item["description"]) <= 128
        command, _, rest = item["title"].partition(" ")
        assert (command, rest.split(" ")[0]) in SUBCOMMANDS


def test_icons_are_the_sizes_teams_demands(package: zipfile.ZipFile) -> None:
    width, height, alphas = _png(package.read("color.png"))
    assert (width, height) == (192, 192) and min(alphas) == 255  # full colour, opaque
    width, height, alphas = _png(package.read("outline.png"))
    assert (width, height) == (32, 32)
    assert 0 in alphas and 255 in alphas  # white shape on a transparent background


@pytest.mark.parametrize("app_id", ["", "not-a-guid"])
def test_a_package_needs_the_bots_app_id(tmp_path: Path, app_id: str, monkeypatch, capsys) -> None:
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    out = tmp_path / "x.zip"
    assert main(["teams", "package", "--out", str(out), "--app-id", app_id]) == 2
    assert "app id" in capsys.readouterr().err
    assert not out.exists()
