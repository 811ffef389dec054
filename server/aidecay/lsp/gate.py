"""Keeps each document's messages in order while its re-anchoring runs off the event loop.

While a document is held, its notifications (changes, saves, closes) are queued and run in
arrival order once it is released; requests that read its regions wait for the release.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class DocumentGate:
    def __init__(self) -> None:
        self._held: dict[str, list[Callable[[], None]]] = {}
        self._released: dict[str, asyncio.Event] = {}
        self._finish: dict[str, Callable[[], None]] = {}

    def hold(self, uri: str, finish: Callable[[], None]) -> None:
        """Queue ``uri``'s messages until ``release``; ``finish`` does the held work inline
        (and releases) when a request cannot wait (see ``settle``)."""
        self._held.setdefault(uri, [])
        self._released.setdefault(uri, asyncio.Event())
        self._finish[uri] = finish

    def held(self, uri: str) -> bool:
        return uri in self._held

    def settle(self, uri: str) -> None:
        """Finish ``uri``'s held work now, on the event loop (for a request that must see
        the document as it will be, and must answer in order)."""
        finish = self._finish.get(uri)
        if finish is not None:
            finish()

    def defer(self, uri: str, handler: Callable[[], None]) -> bool:
        """Queue ``handler`` if ``uri`` is held (True), else leave it to the caller (False)."""
        queue = self._held.get(uri)
        if queue is None:
            return False
        queue.append(handler)
        return True

    def release(self, uri: str) -> None:
        """Run what was queued for ``uri``, in order, then let waiting requests go on."""
        queue = self._held.pop(uri, [])
        self._finish.pop(uri, None)
        try:
            for handler in queue:
                try:
                    handler()
                except Exception:  # noqa: BLE001 - one bad message must not block the rest
                    log.exception("a message held during re-anchoring failed")
        finally:
            event = self._released.pop(uri, None)
            if event is not None:
                event.set()

    async def wait(self, uri: str | None = None) -> None:
        """Until ``uri`` (or every held document) is released."""
        while True:
            events = [self._released[uri]] if uri in self._released else []
            if uri is None:
                events = list(self._released.values())
            if not events:
                return
            await asyncio.gather(*(e.wait() for e in events))
