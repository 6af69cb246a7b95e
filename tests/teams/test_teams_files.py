"""The board pack in Teams: offered as a file with a consent card in the personal chat, put in
the person's OneDrive (a loopback fake of the upload place Teams gives) when they allow it, and
shown as a file card; declined, nothing is kept; in a channel the bot says where to ask."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from adapters.teams import TeamsSettings
from adapters.teams.files import CONSENT, FILE_INFO
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from tests.charting.pack_kit import decoded_images, matrix_keys
from tests.teams.conftest import NOW, serving

DIRECTOR = {"id": "29:director", "name": "Demo Director"}


class FakeOneDrive:
    """Takes PUTs of whole files, as an upload session URL does."""

    def __init__(self) -> None:
        self.files: list[tuple[str, str, bytes]] = []  # (path, Content-Range, body)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                owner.files.append((self.path, self.headers.get("Content-Range", ""), body))
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def consent_answer(service_url: str, action: str, context: Any, upload_url: str) -> dict[str, Any]:
    activity = act._base(service_url, act.personal_chat(DIRECTOR), DIRECTOR)
    value: dict[str, Any] = {"type": "fileUpload", "action": action, "context": context}
    if action == "accept":
        value["uploadInfo"] = {
            "name": "board-pack-trust-2027-03-01.html", "uploadUrl": upload_url,
            "contentUrl": "https://contoso.sharepoint.com/personal/director/board-pack.html",
            "uniqueId": "1A2B3C", "fileType": "html",
        }  # fmt: skip
    activity.update(type="invoke", name="fileConsent/invoke", value=value)
    return activity


def cards(connector: FakeConnector, kind: str, since: int = 0) -> list[dict[str, Any]]:
    return [
        a for sent in connector.sent()[since:] for a in sent.body.get("attachments") or []
        if a.get("contentType") == kind
    ]  # fmt: skip


def test_the_board_pack_comes_as_a_file_in_the_personal_chat(
    demo_runtime: Any, connector: FakeConnector
) -> None:
    from scheduler.service import step

    runtime = demo_runtime  # the pack's charts are drawn from the demo's history

    drive = FakeOneDrive()

    async def scenario() -> None:
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            status, _ = await endpoint.post(act.message(connector.url, "huddle report", DIRECTOR))
            assert status == 201
            assert cards(connector, CONSENT) == []  # nothing drawn in the turn: the outbox sends
            await step(runtime, NOW + timedelta(seconds=5))
            [offer] = cards(connector, CONSENT)
            assert offer["name"] == "board-pack-trust-2027-03-01.html"
            assert "9 measures" in offer["content"]["description"]
            size = offer["content"]["sizeInBytes"]
            context = offer["content"]["acceptContext"]

            accept = consent_answer(connector.url, "accept", context, f"{drive.url}/upload/1")
            status, _ = await endpoint.post(accept)
            assert status == 200
            [(path, span, body)] = drive.files
            assert path == "/upload/1" and span == f"bytes 0-{size - 1}/{size}"
            page = body.decode("utf-8")
            assert len(matrix_keys(page)) == 9 and len(decoded_images(page)) == 8
            [shown] = cards(connector, FILE_INFO)
            assert shown["content"] == {"uniqueId": "1A2B3C", "fileType": "html"}
            assert shown["contentUrl"].endswith("board-pack.html")

            before = len(connector.sent())  # the same answer again: the file was handed over
            again = consent_answer(connector.url, "accept", context, f"{drive.url}/upload/2")
            status, _ = await endpoint.post(again)
            assert status == 200 and len(drive.files) == 1
            assert "no longer here" in connector.sent()[before].body["text"]

    try:
        asyncio.run(scenario())
    finally:
        drive.close()


def test_a_declined_pack_is_not_kept_and_a_channel_is_told_where_to_ask(
    runtime: Any, connector: FakeConnector
) -> None:
    from sqlalchemy import func, select

    from bot.stores.tables.inbound import FileOffer
    from scheduler.service import step

    def offers() -> int:
        with runtime.db.session() as s:
            return int(s.scalar(select(func.count()).select_from(FileOffer)) or 0)

    async def scenario() -> None:
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            await endpoint.post(act.message(connector.url, "huddle report medicine", DIRECTOR))
            await step(runtime, NOW + timedelta(seconds=5))
            [offer] = cards(connector, CONSENT)
            assert offers() == 1
            before = len(connector.sent())
            decline = consent_answer(
                connector.url, "decline", offer["content"]["declineContext"], ""
            )
            status, _ = await endpoint.post(decline)
            assert status == 200 and offers() == 0
            assert "not sent the file" in connector.sent()[before].body["text"]

            before = len(connector.sent())
            typed = act.message(connector.url, "huddle report", DIRECTOR, in_channel=True)
            await endpoint.post(typed)
            await step(runtime, NOW + timedelta(seconds=10))
            said = " ".join(s.body.get("text") or "" for s in connector.sent()[before:])
            assert "personal chat" in said and cards(connector, CONSENT, before) == []

    asyncio.run(scenario())
