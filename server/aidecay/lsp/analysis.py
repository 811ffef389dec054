"""Runs the decay analysis off the keystroke path.

A change only (re)arms a per-document timer. When it fires, a frozen snapshot of the document
and its regions is analysed in the analysis process; the result is kept (for hover and pull
diagnostics), handed to ``on_result`` only if the document is still at that version, and
given to ``record`` (the tracker's analysis record) in any case.

The runner knows the rest of the server only through the narrow callables it is given.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path

from aidecay.analysis.engine import AnalysisResult, DocumentSnapshot
from aidecay.analysis.worker import AnalysisProcess
from aidecay.core.settings import Settings
from aidecay.core.uris import uri_to_path

log = logging.getLogger(__name__)

#: Files up to this size learn their conventions in the same pass; larger files get a fast
#: pass first (conventions reused from the last learned text) and a full one right after.
INLINE_LEARN_CHARS = 60_000
#: How often to ask whether the workspace index is built.
INDEX_POLL_S = 1.0


@dataclass(frozen=True)
class AnalysisHooks:
    """What the runner needs from the server, and nothing more."""

    #: The session's settings (debounce, whether analysis is on).
    settings: Callable[[], Settings]
    #: The settings in force for a document (its workspace folder's).
    settings_for: Callable[[str], Settings]
    #: The document's snapshot now, or None when it is not open.
    snapshot: Callable[[str], DocumentSnapshot | None]
    #: Whether the document is still exactly at the snapshot's text and version.
    current: Callable[[DocumentSnapshot], bool]
    #: Filters what a review accepted and queues what the result means for history.
    record: Callable[[DocumentSnapshot, AnalysisResult], AnalysisResult]
    #: Publish a result that is current.
    on_result: Callable[[str, AnalysisResult], None]
    #: The database the workspace index is saved in.
    db_path: Callable[[], str]


class AnalysisRunner:
    def __init__(self, hooks: AnalysisHooks) -> None:
        self.hooks = hooks
        self.worker = AnalysisProcess()
        self.results: dict[str, AnalysisResult] = {}
        #: Called with (files done, files in total, finished) while the index builds.
        self.on_index_progress: Callable[[int, int, bool], Awaitable[None]] | None = None
        self._indexing: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task] = set()
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._running: set[str] = set()  # one pass per document at a time
        self._again: set[str] = set()  # changed while its pass ran: run once more
        self._open: Callable[[], list[str]] = list

    def shown(self, region_id: str) -> set[tuple[str, str]]:
        """(code, message) of the findings shown now on the region."""
        return {
            (f.code, f.message)
            for result in self.results.values()
            for f in result.findings
            if f.region_id == region_id
        }

    # -- scheduling ------------------------------------------------------------------------

    def schedule(self, uri: str, delay_ms: int | None = None) -> None:
        """(Re)arm the document's timer; O(1), safe on the keystroke path."""
        settings = self.hooks.settings().analysis
        if not settings.enabled:
            return
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        delay = (settings.debounce_ms if delay_ms is None else delay_ms) / 1000
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(delay, lambda: self.background(self.run(uri)))

    def schedule_all(self, uris: list[str], delay_ms: int = 0) -> None:
        for uri in uris:
            self.schedule(uri, delay_ms)

    def forget(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.results.pop(uri, None)
        self.background(asyncio.to_thread(self.worker.forget, uri))  # a pass may be running

    async def run(self, uri: str) -> AnalysisResult | None:
        self._timers.pop(uri, None)
        if uri in self._running:
            self._again.add(uri)
            return None
        self._running.add(uri)
        try:
            return await self._run(uri)
        finally:
            self._running.discard(uri)
            if uri in self._again:
                self._again.discard(uri)
                self.schedule(uri)

    async def _run(self, uri: str) -> AnalysisResult | None:
        snap = self.hooks.snapshot(uri)
        if snap is None:
            return None
        settings = self.hooks.settings_for(uri)
        learn = len(snap.text) <= INLINE_LEARN_CHARS
        try:
            result = await asyncio.to_thread(self.worker.analyze, snap, settings, learn)
            result = self._accept(snap, result)
            if not result.conventions_fresh and self.hooks.current(snap):
                result = await asyncio.to_thread(self.worker.analyze, snap, settings, True)
                result = self._accept(snap, result)
        except Exception:  # noqa: BLE001 - analysis must never take the server down
            log.exception("analysis of %s failed", uri)
            return None
        return result

    async def analyze_now(self, uri: str) -> AnalysisResult | None:
        """A pass right away (pull diagnostics with nothing cached yet)."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        await self.run(uri)
        return self.results.get(uri)

    def _accept(self, snap: DocumentSnapshot, result: AnalysisResult) -> AnalysisResult:
        result = self.hooks.record(snap, result)
        if self.hooks.current(snap):
            self.results[snap.uri] = result
            self.hooks.on_result(snap.uri, result)
        return result

    # -- workspace index -------------------------------------------------------------------

    async def start_index(self, roots: list[Path], open_uris: Callable[[], list[str]]) -> None:
        """Index the workspace folders once, in the analysis process; re-analyse the open
        documents (``open_uris``) as the index grows and when it is ready."""
        roots = [root for root in roots if root.is_dir()]
        if not roots:
            return
        self._open = open_uris
        if self._indexing is not None:  # the folders changed: one poll for the new build
            self._indexing.cancel()
        await asyncio.to_thread(self.worker.index, roots, self.hooks.db_path())
        if self.on_index_progress is not None:
            await self.on_index_progress(0, 0, False)  # begin now, however quick the build
        self._poll_index()

    def _poll_index(self, seen: int = 0, focused: int = 0) -> None:
        """Ask for the index's progress every ``INDEX_POLL_S``; ``seen``: tenths built,
        ``focused``: packages of open files built."""
        loop = asyncio.get_running_loop()

        async def check() -> None:
            done, total, ready, packages = await asyncio.to_thread(self.worker.index_progress)
            if self.on_index_progress is not None:
                await self.on_index_progress(done, total, ready)
            if ready:
                log.info("workspace index ready (%d files)", total)
                self.schedule_all(self._open())
                return
            step = done * 10 // total if total else 0
            if step > seen or packages > focused:  # duplicates from the part already built
                self.schedule_all(self._open())
            self._poll_index(max(step, seen), packages)

        self._indexing = loop.call_later(INDEX_POLL_S, lambda: self.background(check()))

    def background(self, work: Coroutine) -> None:
        """Run ``work`` without waiting for it (keeping a reference until it is done)."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def file_saved(self, uri: str, deleted: bool = False) -> None:
        path = uri_to_path(uri)
        if path is not None and path.suffix == ".py":
            await asyncio.to_thread(self.worker.update_file, path, deleted)

    def close(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        if self._indexing is not None:
            self._indexing.cancel()
        self.worker.close()
