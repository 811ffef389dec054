"""Per-server state, with one owner: settings, the store, the tracker, the analysis and the
timers that flush and notify.

Features call two things when something happens: ``regions_changed(uri)`` (tell the client,
flush soon, analyse again) and ``apply_settings(...)`` (a settings change, from the client or
a quick fix). Nothing else mutates the session's state from outside.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aidecay.analysis.engine import AnalysisResult, DocumentSnapshot
from aidecay.core.regions import Region
from aidecay.core.settings import Settings, parse_settings
from aidecay.core.text import UTF16
from aidecay.core.uris import uri_to_path
from aidecay.lsp.analysis import AnalysisHooks, AnalysisRunner
from aidecay.lsp.gate import DocumentGate
from aidecay.store import Store, StoreError
from aidecay.store.paths import resolve_db_path
from aidecay.tracking.analysis_record import AnalysisRecord
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
        #: Settings of each workspace folder (its URI) that has its own; ``settings`` otherwise.
        self.folder_settings: dict[str, Settings] = {}
        self.store = self._open_store(self.settings)
        self.tracker = Tracker(self.store, self.settings)
        self.tracker.apply_retention()
        self.record = AnalysisRecord(self.store)
        self._flush_timer: asyncio.TimerHandle | None = None
        self._pending_notifications: dict[str, asyncio.TimerHandle] = {}
        self._watcher = None
        #: Documents whose re-anchoring runs in a thread; their messages wait (in order).
        self.gate = DocumentGate()
        self.analysis = AnalysisRunner(
            AnalysisHooks(
                settings=lambda: self.settings,
                settings_for=self.settings_for,
                snapshot=self.snapshot,
                current=self._current,
                record=self._record,
                on_result=on_analysis or (lambda uri, result: None),
                db_path=lambda: self.store.path,
            )
        )

    # -- what features call ----------------------------------------------------------------

    def regions_changed(self, uri: str, *, analyse_in_ms: int | None = None) -> None:
        """``uri``'s regions changed: tell the client (once per burst), flush within the flush
        interval, and analyse the document again (after the debounce, or ``analyse_in_ms``)."""
        self._notify_soon(uri)
        self.schedule_flush()
        self.analysis.schedule(uri, analyse_in_ms)

    def apply_settings(
        self,
        raw: object = None,
        *,
        folders: dict[str, object] | None = None,
        edit: Callable[[Settings], Settings] | None = None,
    ) -> None:
        """A settings change, then every open document is analysed again.

        Either the client's ``aidecay`` section (``raw``, over the initializationOptions) and
        its workspace folders' own (``folders``: URI -> section; None keeps them), or an
        ``edit`` of the settings in force (a quick fix), applied to every folder's too.
        Ill-typed values are logged and left as they were."""
        if edit is not None:
            settings = edit(self.settings)
            self.folder_settings = {uri: edit(s) for uri, s in self.folder_settings.items()}
        else:
            settings = self._parse(raw, self.initial_settings)
        if folders is not None:
            self.folder_settings = {
                uri.rstrip("/"): self._parse(section, settings)
                for uri, section in folders.items()
                if section is not None
            }
        old_path = self._db_path(self.settings)
        self.settings = settings
        self.tracker.settings = settings
        if self._db_path(settings) != old_path:
            self._switch_store(settings)
        self.analysis.schedule_all(list(self.tracker.documents), 0)

    def settings_for(self, uri: str) -> Settings:
        """The settings in force for ``uri``: its workspace folder's, else the session's."""
        if not self.folder_settings:
            return self.settings
        folders = [f for f in self.folder_settings if uri == f or uri.startswith(f + "/")]
        return self.folder_settings[max(folders, key=len)] if folders else self.settings

    def review(self, region_id: str, reviewer: str | None = None) -> Region | None:
        """The user accepts the region as it is now (its findings shown now go silent)."""
        region = self.tracker.review(region_id, reviewer)
        if region is not None and region.live:
            self.record.accept(region.id, region.sittings, self.analysis.shown(region.id))
        return region

    def unreview(self, region_id: str) -> Region | None:
        """Undo the region's last review: what it accepted shows again, measured from the
        baseline in force before it. None when there is no review to undo."""
        undone = self.tracker.unreview(region_id)
        if undone is None:
            return None
        region, _ = undone
        self.flush()  # the restored baseline is what the next pass reads
        self.record.unaccept(region.id)
        return region

    # -- settings and the database ---------------------------------------------------------

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
        self.record.attach(self.store)
        for uri, (text, version) in open_docs.items():
            self.tracker.open(uri, text, version)

    # -- analysis --------------------------------------------------------------------------

    def snapshot(self, uri: str) -> DocumentSnapshot | None:
        """The document as the analysis sees it: frozen text, regions and baselines."""
        entry = self.tracker.documents.get(uri)
        if entry is None:
            return None
        path = uri_to_path(uri)
        return DocumentSnapshot(
            uri, str(path) if path else None, entry.doc.text, entry.doc.version,
            self.record.states(entry.regions, entry.doc.text), self.tracker.clock(),
            self.tracker.encoding,
        )  # fmt: skip

    def _current(self, snap: DocumentSnapshot) -> bool:
        entry = self.tracker.documents.get(snap.uri)
        return (
            entry is not None and entry.doc.version == snap.version and entry.doc.text is snap.text
        )

    def _record(self, snap: DocumentSnapshot, result: AnalysisResult) -> AnalysisResult:
        result = self.record.unaccepted(snap, result)
        entry = self.tracker.documents.get(snap.uri)
        live = {r.id for r in entry.regions} if entry is not None else set()
        self.record.record(snap, result, live)
        self.schedule_flush()
        return result

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

    def _notify_soon(self, uri: str) -> None:
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
