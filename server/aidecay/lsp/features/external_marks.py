"""Regions other processes wrote (``aidecay mark``, agent hooks, ``aidecay replay``) reach the
client: in open documents, and in documents that are not open.

Every ``POLL_S`` seconds (never on the keystroke path) the server asks SQLite whether another
connection committed (``PRAGMA data_version``); if so it flushes, adopts new live regions of
its open documents, and compares the stored live regions of the other documents with what the
client was told; each document that differs gets ``aidecay/regionsChanged``.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3

log = logging.getLogger(__name__)

POLL_S = 2.0


class ExternalMarkWatcher:
    """Polls the session's database for regions written by other processes."""

    def __init__(self, session) -> None:
        self.session = session
        self._timer: asyncio.TimerHandle | None = None
        self._seen: tuple[int, int] | None = None

    def start(self) -> None:
        """Begin polling (idempotent); needs the running event loop."""
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(POLL_S, self._tick)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _tick(self) -> None:
        try:
            self.check()
        except Exception as exc:  # noqa: BLE001 - a failed check must not stop the polling
            log.warning("checking for regions marked outside the editor failed: %s", exc)
        self._timer = None
        self.start()

    def check(self) -> list[str]:
        """Adopt regions written by other processes; the URIs whose regions changed."""
        session = self.session
        store = session.store
        try:
            version = (id(store), store.data_version())
        except sqlite3.Error:
            return []
        if version == self._seen:
            return []
        self._seen = version
        session.flush()
        changed = []
        for uri in list(session.tracker.documents):
            adopted = session.tracker.adopt_new_regions(uri)
            if adopted:
                log.info("%s: %d region(s) marked outside the editor", uri, len(adopted))
                session.regions_changed(uri)
                changed.append(uri)
        closed = session.tracker.deltas.stale(
            store.live_region_ids(), skip=set(session.tracker.documents)
        )
        for uri in closed:
            log.info("%s: regions changed outside the editor", uri)
            session.regions_changed(uri)
        return changed + closed
