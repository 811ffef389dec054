"""Per-server state: settings, the store, the tracker, and the timers that flush and notify."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aidecay.core.settings import Settings, parse_settings
from aidecay.core.text import UTF16
from aidecay.lsp.analysis import AnalysisResult, AnalysisRunner
from aidecay.lsp.gate import DocumentGate
from aidecay.store.database import Store, StoreError
from aidecay.store.paths import resolve_db_path
from aidecay.tracking.tracker import Tracker

log = logging.getLogger(__name__)

NOTIFY_DELAY_S = 0.05


class Session:
    """Everything one running server knows; created at initialize."""

    def __init__(
        self,
        notify: Callable[[str], None],
        raw_settings: object = None,
        db_override: str | None = None,
        on_analysis: Callable[[str, AnalysisResult], None] | None = None,
    ) -> None:
        self._notify = notify
        self._db_override = db_override
        self.settings = self.initial_settings = self._parse(raw_settings)
        self.store = self._open_store(self.settings)
        self.tracker = Tracker(self.store, self.settings)
        self.tracker.apply_retention()
        self._flush_timer: asyncio.TimerHandle | None = None
        self._pending_notifications: dict[str, asyncio.TimerHandle] = {}
        self._watcher = None
        #: Documents whose re-anchoring runs in a thread; their messages wait (in order).
        self.gate = DocumentGate()
        self.analysis = AnalysisRunner(self, on_analysis or (lambda uri, result: None))

    # -- settings --------------------------------------------------------------------------

    def configure(self, raw: object) -> None:
        """Apply settings from the client's configuration, over the initializationOptions.

        Ill-typed values are logged and left as they were.
        """
        settings = self._parse(raw, self.initial_settings)
        old_path = self._db_path(self.settings)
        self.settings = settings
        self.tracker.settings = settings
        if self._db_path(settings) != old_path:
            self._switch_store(settings)

    @staticmethod
    def _parse(raw: object, base: Settings | None = None) -> Settings:
        settings, warnings = parse_settings(raw, base)
        for warning in warnings:
            log.warning("aidecay: %s", warning)
        return settings

    def set_encoding(self, encoding: str | None) -> None:
        self.tracker.encoding = encoding or UTF16

    def _db_path(self, settings: Settings) -> str:
        return str(resolve_db_path(self._db_override or settings.database_path))

    def _open_store(self, settings: Settings) -> Store:
        path = self._db_path(settings)
        try:
            store = Store(path)
        except StoreError as exc:
            log.error("%s; history is kept in memory only until this is fixed", exc)
            return Store(":memory:")
        log.info("aidecay database: %s", path)
        return store

    def _switch_store(self, settings: Settings) -> None:
        self.tracker.end_edits()
        self.flush()
        open_docs = {uri: (e.doc.text, e.doc.version) for uri, e in self.tracker.documents.items()}
        self.store.close()
        self.store = self._open_store(settings)
        self.tracker = Tracker(self.store, settings, encoding=self.tracker.encoding)
        self.analysis.attach(self.store)
        for uri, (text, version) in open_docs.items():
            self.tracker.open(uri, text, version)

    # -- timers ----------------------------------------------------------------------------

    def schedule_flush(self) -> None:
        """Flush within the flush interval (1 s by default), once."""
        if self._flush_timer is None:
            loop = asyncio.get_running_loop()
            delay = self.settings.flush_interval_ms / 1000
            self._flush_timer = loop.call_later(delay, self.flush)

    def flush(self) -> None:
        if self._flush_timer is not None:
            self._flush_timer.cancel()
            self._flush_timer = None
        try:
            self.tracker.flush()
        except StoreError as exc:
            log.error("%s; will retry", exc)
            with contextlib.suppress(RuntimeError):  # no loop when shutting down
                self.schedule_flush()
            return
        if self.tracker.pending():  # an open edit ends when its pause passes
            with contextlib.suppress(RuntimeError):
                self.schedule_flush()

    def regions_changed(self, uri: str) -> None:
        """Tell the client, once per burst of changes, that ``uri``'s regions changed."""
        if uri in self._pending_notifications:
            return
        loop = asyncio.get_running_loop()
        self._pending_notifications[uri] = loop.call_later(NOTIFY_DELAY_S, self._send, uri)

    def _send(self, uri: str) -> None:
        self._pending_notifications.pop(uri, None)
        self._notify(uri)

    def watch_external_marks(self, watcher) -> None:
        """Poll for regions other processes write (stopped with the session)."""
        self._watcher = watcher
        watcher.start()

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        self.analysis.close()
        self.tracker.end_edits()
        self.flush()
        for timer in self._pending_notifications.values():
            timer.cancel()
        self._pending_notifications.clear()
