"""Loopback HTTP origins for the benches: asyncio servers on 127.0.0.1, each on a port of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def serve_origins(handle: Handler, origins: int, report: Callable[[list[int]], None]) -> None:
    """Serve ``handle`` on ``origins`` ports, tell ``report`` the ports once they listen, then
    serve until the process ends (the benches run this in a process of its own)."""

    async def main() -> None:
        servers = [await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024) for _ in range(origins)]
        report([server.sockets[0].getsockname()[1] for server in servers])
        await asyncio.gather(*(server.serve_forever() for server in servers))

    asyncio.run(main())
