"""Runs the decay analysis off the keystroke path and records what it measured.

A change only (re)arms a per-document timer. When it fires, a frozen snapshot of the document
and its regions is analysed in a worker thread; the result is kept (for hover and pull
diagnostics), handed to ``on_result`` only if the document is still at that version, and its
metrics and findings are queued for the store.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path

from aidecay.analysis.engine import AnalysisResult, DocumentSnapshot
from aidecay.analysis.rules.model import Measurement, RegionState
from aidecay.analysis.worker import AnalysisProcess
from aidecay.core.uris import uri_to_path
from aidecay.store.analysis import FindingRow, MetricsRow
from aidecay.store.database import Store

log = logging.getLogger(__name__)

#: Files up to this size learn their conventions in the same pass; larger files get a fast
#: pass first (conventions reused from the last learned text) and a full one right after.
INLINE_LEARN_CHARS = 60_000
#: How often to ask whether the workspace index is built.
INDEX_POLL_S = 1.0


class AnalysisRunner:
    def __init__(self, session, on_result: Callable[[str, AnalysisResult], None]) -> None:
        self.session = session
        self.on_result = on_result
        self.worker = AnalysisProcess()
        self._indexing: asyncio.TimerHandle | None = None
        #: Called with (files done, files in total, finished) while the index builds.
        self.on_index_progress: Callable[[int, int, bool], Awaitable[None]] | None = None
        self._tasks: set[asyncio.Task] = set()
        self.results: dict[str, AnalysisResult] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._running: set[str] = set()  # one pass per document at a time
        self._again: set[str] = set()  # changed while its pass ran: run once more
        self._baselines: dict[str, Measurement] = {}
        self._samples: dict[str, Measurement] = {}
        self._known: set[str] = set()  # regions whose stored baseline was looked up
        #: Reviewed regions: the next measurement becomes their baseline; the findings of the
        #: review moment are accepted (code, message) until the region is edited in a new sitting.
        self._rebase: set[str] = set()
        self._accepted: dict[str, tuple[frozenset[tuple[str, str]], int]] = {}
        self._active: dict[str, dict[str, set[str]]] = {}  # uri -> region -> codes
        self._store: Store | None = None
        self.attach(session.store)

    # -- store -----------------------------------------------------------------------------

    def attach(self, store: Store) -> None:
        """Read baselines from ``store`` (again after the database was switched)."""
        self._store = store
        self._baselines.clear()
        self._samples.clear()
        self._known.clear()

    def accept(self, region_id: str, sittings: int) -> None:
        """A review accepts the region as it is: metrics are measured from the next pass,
        the findings shown now stay silent (until a new sitting for churn)."""
        self._baselines.pop(region_id, None)
        self._rebase.add(region_id)
        shown = {
            (f.code, f.message)
            for result in self.results.values()
            for f in result.findings
            if f.region_id == region_id
        }
        self._accepted[region_id] = (frozenset(shown), sittings)
        store = self.session.store
        for code, message in shown:
            store.queue_accepted(
                region_id, code, f"sittings:{sittings}" if code == "churn" else message
            )

    def _unaccepted(self, snap: DocumentSnapshot, result: AnalysisResult) -> AnalysisResult:
        if not self._accepted:
            return result
        sittings = {r.id: r.sittings for r in snap.regions}
        kept = []
        for finding in result.findings:
            accepted = self._accepted.get(finding.region_id)
            if accepted is not None:
                shown, at_review = accepted
                if finding.code == "churn":
                    if (sittings.get(finding.region_id) or 0) <= at_review:
                        continue
                elif (finding.code, finding.message) in shown:
                    continue
            kept.append(finding)
        return dataclasses.replace(result, findings=tuple(kept))

    # -- scheduling ------------------------------------------------------------------------

    def schedule(self, uri: str, delay_ms: int | None = None) -> None:
        """(Re)arm the document's timer; O(1), safe on the keystroke path."""
        settings = self.session.settings.analysis
        if not settings.enabled or uri not in self.session.tracker.documents:
            return
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        delay = (settings.debounce_ms if delay_ms is None else delay_ms) / 1000
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(delay, lambda: self.background(self.run(uri)))

    def schedule_all(self, delay_ms: int = 0) -> None:
        for uri in list(self.session.tracker.documents):
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
        snap = self.snapshot(uri)
        if snap is None:
            return None
        settings = self.session.settings
        learn = len(snap.text) <= INLINE_LEARN_CHARS
        try:
            result = await asyncio.to_thread(self.worker.analyze, snap, settings, learn)
            self._accept(snap, result)
            if not result.conventions_fresh and self._current(snap):
                result = await asyncio.to_thread(self.worker.analyze, snap, settings, True)
                self._accept(snap, result)
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

    def _current(self, snap: DocumentSnapshot) -> bool:
        entry = self.session.tracker.documents.get(snap.uri)
        return (
            entry is not None and entry.doc.version == snap.version and entry.doc.text is snap.text
        )

    # -- snapshots -------------------------------------------------------------------------

    def snapshot(self, uri: str) -> DocumentSnapshot | None:
        tracker = self.session.tracker
        entry = tracker.documents.get(uri)
        if entry is None:
            return None
        regions = list(entry.regions)
        unknown = [r.id for r in regions if r.id not in self._known]
        if unknown:
            self._load(unknown)
        states = tuple(
            RegionState(
                r.id,
                r.start,
                r.end,
                r.origin,
                r.tool,
                r.model,
                r.created_at,
                r.edit_count,
                r.chars_inserted + r.chars_deleted,
                len(r.original_text),
                r.last_edited_at,
                r.reviewed_at,
                self._baselines.get(r.id),
                (),
                r.original_text
                if r.id not in self._baselines and r.id not in self._rebase and r.edit_count
                else None,
                r.sittings,
            )
            for r in regions
        )
        path = uri_to_path(uri)
        return DocumentSnapshot(
            uri, str(path) if path else None, entry.doc.text, entry.doc.version, states,
            tracker.clock(),
        )  # fmt: skip

    def _load(self, region_ids: list[str]) -> None:
        """Baselines and latest samples of regions seen for the first time."""
        store = self.session.store
        for rid, row in store.load_metrics(region_ids, "baseline").items():
            if rid not in self._rebase:
                self._baselines[rid] = _measurement(row)
        for rid, row in store.load_metrics(region_ids, "sample").items():
            self._samples[rid] = _measurement(row)
        for rid, codes in store.load_accepted(region_ids).items():
            churn = codes.pop("churn", "sittings:0")
            at_review = int(churn.split(":", 1)[1]) if churn.startswith("sittings:") else 0
            self._accepted[rid] = (frozenset(codes.items()), at_review)
        self._known.update(region_ids)

    # -- results ---------------------------------------------------------------------------

    def _accept(self, snap: DocumentSnapshot, result: AnalysisResult) -> None:
        result = self._unaccepted(snap, result)
        self._record(snap, result)
        if self._current(snap):
            self.results[snap.uri] = result
            self.on_result(snap.uri, result)

    def _record(self, snap: DocumentSnapshot, result: AnalysisResult) -> None:
        store = self.session.store
        live = {r.id for r in self.session.tracker.documents.get(snap.uri, _NoRegions()).regions}
        for region in snap.regions:
            measured = result.measurements.get(region.id)
            if measured is None or region.id not in live:
                continue
            if region.id not in self._baselines:
                baseline = result.baselines.get(region.id, measured)
                if region.id in self._rebase:  # reviewed: accepted as it is now
                    self._rebase.discard(region.id)
                    baseline = dataclasses.replace(measured, at=snap.at)
                self._baselines[region.id] = baseline
                store.queue_metrics(_row(region.id, snap, baseline, "baseline"))
            if not measured.same_values(self._samples.get(region.id)):
                self._samples[region.id] = measured
                store.queue_metrics(_row(region.id, snap, measured, "sample"))
        severity = self.session.settings.diagnostics.severity_of
        now: dict[str, dict[str, list[str]]] = {}
        for finding in result.findings:
            now.setdefault(finding.region_id, {}).setdefault(finding.code, []).append(
                finding.message
            )
        for rid, codes in now.items():
            for code, messages in codes.items():
                store.queue_finding(
                    FindingRow(
                        rid, code, snap.uri, "; ".join(messages), severity(code), snap.at, True
                    )
                )
        for rid, codes in self._active.get(snap.uri, {}).items():
            for code in codes - set(now.get(rid, {})):
                store.queue_finding(FindingRow(rid, code, snap.uri, "", "", snap.at, False))
        self._active[snap.uri] = {rid: set(codes) for rid, codes in now.items()}
        self.session.schedule_flush()

    def baseline(self, region_id: str) -> Measurement | None:
        return self._baselines.get(region_id)

    # -- workspace index -------------------------------------------------------------------

    async def start_index(self, root: Path | None) -> None:
        """Index the workspace once, in the analysis process; re-analyse when it is ready."""
        if root is None or not root.is_dir():
            return
        await asyncio.to_thread(self.worker.index, root, self.session.store.path)
        if self.on_index_progress is not None:
            await self.on_index_progress(0, 0, False)  # begin now, however quick the build
        self._poll_index()

    def _poll_index(self, seen: int = 0) -> None:
        """Ask for the index's progress every ``INDEX_POLL_S``; ``seen``: tenths built."""
        loop = asyncio.get_running_loop()

        async def check() -> None:
            done, total, ready = await asyncio.to_thread(self.worker.index_progress)
            if self.on_index_progress is not None:
                await self.on_index_progress(done, total, ready)
            if ready:
                log.info("workspace index ready (%d files)", total)
                self.schedule_all()
                return
            step = done * 10 // total if total else 0
            if step > seen:  # duplicates from the part already built, every tenth of it
                self.schedule_all()
            self._poll_index(max(step, seen))

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


class _NoRegions:
    regions: tuple = ()


def _measurement(row: MetricsRow) -> Measurement:
    functions = tuple(sorted((str(k), int(v)) for k, v in row.functions.items()))
    return Measurement(functions, row.mi, row.halstead_volume, row.sloc, row.at)


def _row(rid: str, snap: DocumentSnapshot, m: Measurement, kind: str) -> MetricsRow:
    return MetricsRow(
        rid, snap.uri, m.at or snap.at, snap.version, kind, m.mi, m.halstead_volume, m.sloc,
        m.function_map, m.max_cc,
    )  # fmt: skip
