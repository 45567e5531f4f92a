"""The HTTP/1.1 protocol the mock serves with: uvicorn's, with two changes that matter under load.

* **One send per answer.** Uvicorn writes the status line and headers, then the body, as two
  ``send()`` calls; with Nagle off (see :func:`ministry_mock.server.bind_socket`) each becomes its
  own packet and wakes the client twice. :class:`CoalescingTransport` collects what is written in
  one turn of the event loop and sends it at the end of that turn: one system call, one packet.
  Measured: socket writes were a fifth of the mock's CPU under 200 clients.
* **The time a request arrived.** :class:`StampedHttpToolsProtocol` writes the event-loop time at
  which a request's first bytes were parsed into its ASGI scope (``RECEIVED_AT``), so admission
  control (:class:`ministry_mock.ratelimit.AdmissionGate`) can shed a request that has already
  waited too long in the event loop's queue, before doing any of its work.

Uvicorn picks its C parser (httptools, a dependency) when installed; without it the pure-Python
h11 protocol gets the coalescing only.
"""

from __future__ import annotations

import asyncio
from typing import Any

RECEIVED_AT = "ministry_mock.received_at"  # ASGI scope key: loop.time() when parsing began


class CoalescingTransport:
    """A transport proxy: writes in one loop turn leave in one ``write`` of the real transport.

    Everything but ``write``/``writelines``/``close``/``abort`` is the real transport's
    (``__getattr__``), so flow control, ``get_extra_info`` and ``is_closing`` behave as before.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def writelines(self, chunks: Any) -> None:
        for chunk in chunks:
            self.write(chunk)

    def flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending) if len(self._pending) > 1 else self._pending[0]
            self._pending.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self.flush()  # an answer with "connection: close" is written, then the socket closed
        self._transport.close()

    def abort(self) -> None:
        self._pending.clear()
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def _coalescing(base: type[Any]) -> type[Any]:
    class Coalescing(base):  # type: ignore[misc]
        def connection_made(self, transport: asyncio.Transport) -> None:
            proxy = CoalescingTransport(transport, asyncio.get_running_loop())
            super().connection_made(proxy)

    return Coalescing


def protocol_class() -> type[asyncio.Protocol]:
    """The protocol class for ``uvicorn.Config(http=...)``: httptools when importable."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # no C parser: the pure-Python one, without arrival stamps
        from uvicorn.protocols.http.h11_impl import H11Protocol

        return _coalescing(H11Protocol)

    class StampedHttpToolsProtocol(_coalescing(HttpToolsProtocol)):  # type: ignore[misc]
        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.scope[RECEIVED_AT] = self.loop.time()

    return StampedHttpToolsProtocol
