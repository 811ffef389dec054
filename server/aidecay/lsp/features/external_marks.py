"""Regions other processes wrote (``aidecay mark``, agent hooks) appear in open documents.

Every ``POLL_S`` seconds (never on the keystroke path) the server asks SQLite whether another
connection committed (``PRAGMA data_version``); if so it flushes, adopts new live regions of
its open documents and sends ``aidecay/regionsChanged``.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3

log = logging.getLogger(__name__)

POLL_S = 2.0


def start(server) -> None:
    """Begin polling (idempotent); called from ``start_session`` inside the event loop."""
    if getattr(server, "_external_marks_timer", None) is not None:
        return
    server._external_marks_version = None
    _schedule(server)


def _schedule(server) -> None:
    loop = asyncio.get_running_loop()
    server._external_marks_timer = loop.call_later(POLL_S, _tick, server)


def _tick(server) -> None:
    try:
        check(server)
    except Exception as exc:  # noqa: BLE001 - a failed check must not stop the polling
        log.warning("checking for regions marked outside the editor failed: %s", exc)
    _schedule(server)


def check(server) -> list[str]:
    """Adopt regions written by other processes; the URIs whose regions changed."""
    session = server._session
    if session is None or not session.tracker.documents:
        return []
    store = session.store
    try:
        version = (id(store), store.db.execute("pragma data_version").fetchone()[0])
    except sqlite3.Error:
        return []
    if version == server._external_marks_version:
        return []
    server._external_marks_version = version
    session.flush()
    changed = []
    for uri in list(session.tracker.documents):
        adopted = session.tracker.adopt_new_regions(uri)
        if adopted:
            log.info("%s: %d region(s) marked outside the editor", uri, len(adopted))
            session.regions_changed(uri)
            changed.append(uri)
    if changed:
        session.schedule_flush()
    return changed
