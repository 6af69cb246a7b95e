"""Where Teams traffic may go: the insecure dev mode listens on loopback only and talks only to a
loopback service URL; with authentication on, Huddlebot sends only to service URLs a Teams token
vouched for or that the allowlist (`HUDDLEBOT_TEAMS_SERVICE_URLS`) names."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.teams import TeamsSettings, teams_platform
from adapters.teams.service_urls import DEFAULT_ALLOWED, ServiceUrls, allowlist_from_env
from bot.ports import DeliveryFailed
from bot.stores.tables.ideas import Idea
from fakes import teams_activities as act
from fakes.server_process import ROOT, free_port
from fakes.teams_connector import FakeConnector, FakeSigningKeys
from huddlebot.settings import Settings
from tests.teams.conftest import serving
from tests.teams.test_teams_sending import post

APP_ID = "11111111-2222-4333-8444-555555555555"
OFF_MACHINE = "http://192.0.2.10:9/"  # TEST-NET-1: never this machine


def _idea_count(runtime: Any) -> int:
    with runtime.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Idea)) or 0)


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HUDDLEBOT_", "TEAMS_"))}
    return subprocess.run(
        [sys.executable, "-m", "huddlebot.cli", "run"],
        cwd=ROOT,
        env={**clean, "HUDDLEBOT_PORT": str(free_port()), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_insecure_dev_mode_listens_on_loopback_by_default() -> None:
    assert Settings.from_env({"HUDDLEBOT_INSECURE_DEV": "1"}).host == "127.0.0.1"
    assert Settings.from_env({}).host == "0.0.0.0"  # behind a load balancer, as before
    signed = {"HUDDLEBOT_INSECURE_DEV": "1", "TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": "x"}
    assert Settings.from_env(signed).bind_problem() is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "huddlebot.example"])
def test_insecure_dev_mode_refuses_to_listen_anywhere_else(tmp_path, host: str) -> None:
    database = f"sqlite:///{tmp_path / 'hosts.db'}"
    done = _run(
        {"HUDDLEBOT_INSECURE_DEV": "1", "HUDDLEBOT_HOST": host, "HUDDLEBOT_DATABASE_URL": database}
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "127.0.0.1 only" in done.stderr and repr(host) in done.stderr
    assert "Traceback" not in done.stderr


def test_the_server_itself_refuses_an_open_host_in_insecure_mode(runtime) -> None:
    from huddlebot.server import UnsafeHost, run_server

    runtime.settings = Settings(insecure_dev=True, host="0.0.0.0", port=free_port())
    with pytest.raises(UnsafeHost, match="127.0.0.1 only"):
        asyncio.run(run_server(runtime, "web", asyncio.Event()))


def test_insecure_mode_never_answers_to_a_service_url_off_this_machine(
    runtime, connector: FakeConnector
) -> None:
    before = _idea_count(runtime)
    far = act.message(OFF_MACHINE, "idea a quieter drug round")
    near = act.message(connector.url, "idea a quieter drug round")
    by_name = act.message(connector.url.replace("127.0.0.1", "localhost"), "help")

    async def scenario() -> list[int]:
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            return [(await endpoint.post(a))[0] for a in (far, near, by_name)]

    far_status, near_status, name_status = asyncio.run(scenario())
    assert far_status in (401, 403)
    assert (near_status, name_status) == (201, 201)
    assert _idea_count(runtime) == before + 1  # only the loopback one
    assert len(connector.sent()) == 2


def test_insecure_mode_sends_nothing_to_a_stored_service_url_off_this_machine(
    connector: FakeConnector,
) -> None:
    teams = teams_platform(TeamsSettings(insecure_dev=True))
    for url in (OFF_MACHINE, DEFAULT_ALLOWED[0] + "uk/"):
        with pytest.raises(DeliveryFailed, match="service_url_not_allowed") as failed:
            asyncio.run(teams.send(post(url)))
        assert failed.value.kind == "permanent"
    asyncio.run(teams.send(post(connector.url)))
    assert len(connector.sent()) == 1


def _secure(service_urls: tuple[str, ...] = DEFAULT_ALLOWED, metadata: str = "") -> TeamsSettings:
    return TeamsSettings(
        app_id=APP_ID,
        app_password="not-a-real-secret",
        openid_metadata_url=metadata,
        service_urls=service_urls,
    )


def _send_refusal(teams: Any, url: str) -> str:
    """How a send to `url` failed ("" if it did not): offline, an allowed send still fails,
    later, when it asks Microsoft for a token."""
    try:
        asyncio.run(teams.send(post(url)))
    except DeliveryFailed as failure:
        return failure.reason
    return ""


def test_secure_mode_sends_only_to_allowlisted_or_proven_service_urls(
    runtime, connector: FakeConnector
) -> None:
    unknown = teams_platform(_secure())
    assert _send_refusal(unknown, connector.url) == "service_url_not_allowed"
    listed = teams_platform(_secure(service_urls=(connector.url,)))
    assert _send_refusal(listed, connector.url) != "service_url_not_allowed"
    assert _send_refusal(listed, "https://evil.example/") == "service_url_not_allowed"

    with FakeSigningKeys() as keys:
        teams = teams_platform(_secure(metadata=keys.metadata_url))
        runtime.platforms["teams"] = teams
        typing = act.message(connector.url, "")
        typing["type"] = "typing"
        token = keys.token(APP_ID, connector.url)

        async def scenario() -> int:
            async with serving(runtime, _secure(metadata=keys.metadata_url)) as endpoint:
                return (await endpoint.post(typing, token))[0]

        assert _send_refusal(teams, connector.url) == "service_url_not_allowed"
        assert asyncio.run(scenario()) == 201  # a token vouched for this service URL
        assert _send_refusal(teams, connector.url) != "service_url_not_allowed"
    assert connector.sent() == []  # offline: no token for the connector, so nothing got out


def test_the_allowlist_matches_whole_hosts_and_paths() -> None:
    env = {"HUDDLEBOT_TEAMS_SERVICE_URLS": "https://smba.trafficmanager.net/uk, https://x.example"}
    policy = ServiceUrls(authenticated=True, allowed=allowlist_from_env(env))
    assert policy.may_send_to("https://smba.trafficmanager.net/uk/")
    assert policy.may_send_to("https://SMBA.trafficmanager.net/uk/v3/")
    assert policy.may_send_to("https://x.example/anything/")
    for url in (
        "https://smba.trafficmanager.net/emea/",
        "https://smba.trafficmanager.net.evil.example/uk/",
        "https://smba.trafficmanager.net@evil.example/uk/",
        "http://smba.trafficmanager.net/uk/",
        "https://x.example.evil/",
        "",
        None,
        {"url": "https://x.example/"},
    ):
        assert not policy.may_send_to(url), url
    assert allowlist_from_env({}) == DEFAULT_ALLOWED


def _address_off_loopback() -> str | None:
    """This machine's address on its outward network (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def test_a_running_insecure_server_cannot_be_reached_from_the_network(tmp_path) -> None:
    outward = _address_off_loopback()
    if outward is None:
        pytest.skip("this machine has no address besides loopback")
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HUDDLEBOT_", "TEAMS_"))}
    env = {
        **clean,
        "HUDDLEBOT_INSECURE_DEV": "1",
        "HUDDLEBOT_PORT": str(port),
        "HUDDLEBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'open.db'}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "huddlebot.cli", "run", "--role", "web"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers("127.0.0.1", port):
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        assert not _answers(outward, port)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
