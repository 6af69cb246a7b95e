"""App setup: the manifest an admin pastes, and refusing to run unverified."""

from __future__ import annotations

import pytest
import yaml

from adapters.slack.app import build_slack_app
from huddlebot.commands.slack import main


def manifest_from(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["manifest", *argv]) == 0
    return yaml.safe_load(capsys.readouterr().out)


def test_the_manifest_points_slack_at_our_one_endpoint(capsys) -> None:  # type: ignore[no-untyped-def]
    app = manifest_from(capsys, "--url", "https://huddle.trust.nhs.uk/")
    endpoint = "https://huddle.trust.nhs.uk/slack/events"

    commands = {c["command"]: c for c in app["features"]["slash_commands"]}
    assert set(commands) == {"/huddle", "/idea", "/visit"}
    assert {c["url"] for c in commands.values()} == {endpoint}
    settings = app["settings"]
    assert settings["event_subscriptions"]["request_url"] == endpoint
    assert settings["interactivity"] == {"is_enabled": True, "request_url": endpoint}
    assert settings["socket_mode_enabled"] is False


def test_without_a_url_the_manifest_asks_for_socket_mode(capsys) -> None:  # type: ignore[no-untyped-def]
    app = manifest_from(capsys)
    assert app["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in app["settings"]["event_subscriptions"]
    assert all("url" not in c for c in app["features"]["slash_commands"])


def test_the_manifest_asks_for_no_scope_it_does_not_use(capsys) -> None:  # type: ignore[no-untyped-def]
    scopes = set(manifest_from(capsys)["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "files:write"} <= scopes
    assert not scopes & {
        "chat:write.public",
        "chat:write.customize",
        "users:read.email",
        "files:read",
        "channels:manage",
        "admin",
    }


def test_a_plain_http_url_is_refused(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["manifest", "--url", "http://huddle.example"]) == 2
    assert "https" in capsys.readouterr().err


def test_http_mode_without_a_signing_secret_is_refused(runtime) -> None:  # type: ignore[no-untyped-def]
    from huddlebot.settings import Settings

    settings = Settings(database_url=runtime.settings.database_url, slack_bot_token="xoxb-test")
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        build_slack_app(runtime.host(), settings)
