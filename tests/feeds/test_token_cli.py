"""`huddlebot token create|list|revoke` as an administrator uses them: the secret is printed
once, listed never, and a revoked token stops working at once."""

from __future__ import annotations

import pytest
from feeds_kit import Feeds, reading

from huddlebot.commands import token


@pytest.fixture
def cli(feeds: Feeds, monkeypatch: pytest.MonkeyPatch) -> Feeds:
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", feeds.runtime.settings.database_url)
    return feeds


def test_create_prints_the_secret_once_list_never_and_revoke_stops_it(
    cli: Feeds, capsys: pytest.CaptureFixture
) -> None:
    assert token.main(["create", "--team", "ward-7", "--name", "e-roster feed"]) == 0
    out = capsys.readouterr().out
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("hbt_") and "for the team ward-7" in out
    assert token.main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "e-roster feed" in listed and "team ward-7" in listed and "active" in listed
    assert secret not in listed and secret[4:] not in listed
    [reply] = cli.post({"readings": [reading()]}, secret)
    assert reply.status == 200
    assert token.main(["revoke", "e-roster feed"]) == 0
    assert "no longer works" in capsys.readouterr().out
    [refused] = cli.post({"readings": [reading(value=95)]}, secret)
    assert refused.status == 401 and "revoked" in refused.body["error"]
    assert token.main(["list"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert [o for _, o in cli.audit("token.create")] == ["ok"]
    assert [o for _, o in cli.audit("token.revoke")] == ["ok"]


def test_an_unknown_scope_is_refused_plainly(cli: Feeds, capsys: pytest.CaptureFixture) -> None:
    assert token.main(["create", "--team", "ward-99", "--name", "x"]) == 2
    assert "there is no team 'ward-99'" in capsys.readouterr().err
    assert token.main(["revoke", "nothing-like-it"]) == 2
    assert "no active token" in capsys.readouterr().err
