"""A round-robin load balancer for webhook POSTs: one public URL in front of several bot
processes, as nginx or a cloud balancer would be. A process that refuses the connection (it
died) is skipped for the next one. For the multi-process test and benchmark."""

from __future__ import annotations

import itertools
import socket

import aiohttp
from aiohttp import web


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return sock.getsockname()[1]


class RoundRobinProxy:
    def __init__(self, backends: list[str], path: str = "/telegram/webhook") -> None:
        self.backends, self.path = backends, path
        self._next = itertools.cycle(range(len(backends)))
        self.accepted_by: dict[int, int] = {}  # update_id -> index of the backend that took it
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{path}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(self.path, self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def stop(self) -> None:
        await self._http.close()
        await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-telegram")}
        headers["Content-Type"] = "application/json"
        first = next(self._next)
        for index in [(first + i) % len(self.backends) for i in range(len(self.backends))]:
            try:
                async with self._http.post(self.backends[index], data=body, headers=headers) as response:
                    reply = await response.read()
                    if response.status == 200:
                        self.accepted_by.setdefault((await request.json())["update_id"], index)
                    return web.Response(status=response.status, body=reply, content_type="application/json")
            except aiohttp.ClientConnectionError:
                continue  # that process is gone: the next one
        return web.Response(status=502)
