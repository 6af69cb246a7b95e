"""The Slack endpoint served for real: the Bolt app on an aiohttp server on loopback, in its own
thread and event loop (as `huddlebot run` serves it), driven over HTTP by the tests."""

from __future__ import annotations

import asyncio
import http.client
import threading
from typing import Any

from aiohttp import web

from adapters.slack.app import build_slack_app, slack_routes


class RunningSlack:
    def __init__(self, runtime: Any, settings: Any, **options: Any) -> None:
        self.runtime, self.settings, self.options = runtime, settings, options
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        self.app = build_slack_app(self.runtime.host(), self.settings, **self.options)
        web_app = web.Application()
        web_app.add_routes(slack_routes(None, self.settings, app=self.app))
        self._runner = web.AppRunner(web_app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def __enter__(self) -> RunningSlack:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the Slack endpoint did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            await self._runner.cleanup()
            busy = asyncio.all_tasks() - {asyncio.current_task()}
            if busy:  # replies still under way after their acks
                await asyncio.wait(busy, timeout=3)

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        """POST /slack/events; the status and body Slack would see."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("POST", "/slack/events", body=body.encode(), headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.read().decode()
        finally:
            connection.close()
