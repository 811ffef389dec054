"""The tracking service: open documents, their regions, and what gets recorded.

Edits are applied in the order they arrive; each change is classified against the regions
(see ``regions``) and every touch of a region becomes an event in the store's queue.
Nothing here knows about the LSP: positions come in as ``text.Position``.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from aidecay.core import anchoring
from aidecay.core.clock import format_time, parse_time, utc_now
from aidecay.core.delta import DeltaLog
from aidecay.core.edits import to_ms
from aidecay.core.heuristic import bulk_insertions
from aidecay.core.regions import RULE_COVER, Region, RegionSet, Touch, trim_blank_lines
from aidecay.core.settings import Settings
from aidecay.core.text import UTF16, Position, TextDocument
from aidecay.store.database import Event, Store, StoreError
from aidecay.store.edits import retention_cutoff
from aidecay.tracking.disk import read_text
from aidecay.tracking.recorder import EXTERNAL, HUMAN, History, Keystroke, new_id

log = logging.getLogger(__name__)

ORIGINS = ("inline-completion", "agent", "chat", "paste", "manual", "heuristic", "import")


class TrackingError(Exception):
    """A request that cannot be served; the message is meant for the user."""


@dataclass(frozen=True)
class Change:
    """One content change: replace ``start``..``end`` by ``text``; no range means everything."""

    text: str
    start: Position | None = None
    end: Position | None = None


@dataclass
class OpenDocument:
    uri: str
    doc: TextDocument
    regions: RegionSet
    #: Changes of the latest version, so a mark that follows its change can re-attribute them.
    recent: list[Keystroke] = field(default_factory=list)


class Tracker:
    """Follows AI regions through edits and queues their history for the store."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        *,
        clock: Callable[[], str] = utc_now,
        encoding: str = UTF16,
    ) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.clock = clock
        self.recorder = History(
            store,
            clock,
            edit_gap_ms=lambda: int(self.settings.history.edit_gap_seconds * 1000),
            sitting_gap_ms=lambda: int(self.settings.thresholds.sitting_gap_minutes * 60_000),
            text_of=self._text_of,
        )
        self.encoding = encoding
        self.documents: dict[str, OpenDocument] = {}
        #: What changed in each document's regions since the client was told (``core.delta``).
        self.deltas = DeltaLog()
        self._dirty: set[str] = set()

    # -- document lifecycle ----------------------------------------------------------------

    def reanchor_source(self, uri: str, text: str) -> str | None:
        """The last text seen of ``uri`` when opening it with ``text`` will re-anchor its
        regions from it (None when there is nothing to re-anchor)."""
        if not self.store.load_regions(uri):
            return None
        snapshot = self.store.load_snapshot(uri)
        return None if snapshot is None or snapshot.text == text else snapshot.text

    def open(
        self,
        uri: str,
        text: str,
        version: int | None,
        mapped: tuple[str, anchoring.SpanMapper] | None = None,
    ) -> bool:
        """Start following ``uri``; re-anchor its regions if it changed since last seen.

        ``mapped``: ``(old text, SpanMapper(old text, text))`` computed beforehand (off the
        event loop); used when the stored snapshot is still that old text."""
        regions = RegionSet.of(self.store.load_regions(uri))
        entry = OpenDocument(uri, TextDocument(text, version, self.encoding), regions)
        self.documents[uri] = entry
        if not len(regions):
            return False
        self.deltas.reset(uri)
        snapshot = self.store.load_snapshot(uri)
        if snapshot is None or snapshot.text != text:
            mapper = mapped[1] if mapped and snapshot and mapped[0] == snapshot.text else None
            self._reanchor(entry, snapshot.text if snapshot else None, text, version, mapper)
        self._dirty.add(uri)
        return True

    def close(self, uri: str) -> None:
        """Stop following ``uri``: its edits end; its text and regions are queued."""
        entry = self.documents.get(uri)
        if entry is None:
            return
        self.recorder.close_edits(entry.regions)
        del self.documents[uri]
        self._dirty.discard(uri)
        self._queue_entry(entry)

    def apply_retention(self) -> None:
        """Drop keystroke-level detail older than ``history.retention`` (logged, never fatal)."""
        retention = self.settings.history.retention
        try:
            cutoff = retention_cutoff(retention, parse_time(self.clock()))
        except ValueError as exc:
            log.warning("setting 'history.retention': %s; nothing compacted", exc)
            return
        try:
            removed = self.store.compact(format_time(cutoff))
        except StoreError as exc:
            log.warning("%s", exc)
            return
        if any(removed.values()):
            log.info("history retention %s: removed %s", retention, removed)

    def end_edits(self) -> None:
        """End every open edit (the server stops or switches databases)."""
        for entry in self.documents.values():
            self.recorder.close_edits(entry.regions)

    def saved(self, uri: str) -> None:
        """A save ends the document's edits and stores its text and region positions."""
        entry = self.documents.get(uri)
        if entry is not None and len(entry.regions):
            self.recorder.close_edits(entry.regions)
            self._dirty.add(uri)

    def change(self, uri: str, version: int | None, changes: Iterable[Change]) -> bool:
        """Apply ``changes`` in order; True when the document's regions changed."""
        entry = self.documents.get(uri)
        if entry is None:
            raise TrackingError(f"change for {uri}, which is not open; ignored")
        doc = entry.doc
        if version is not None and doc.version is not None and version <= doc.version:
            log.warning(
                "%s: version %s after %s; applying in arrival order", uri, version, doc.version
            )
        entry.recent = []
        changed = False
        for change in changes:
            changed |= self._apply(entry, change, version)
        doc.version = version
        return changed

    def _apply(self, entry: OpenDocument, change: Change, version: int | None) -> bool:
        doc = entry.doc
        if change.start is None or change.end is None:
            a, b = 0, len(doc.text)
        else:
            a, clamped_a = doc.offset_at(change.start)
            b, clamped_b = doc.offset_at(change.end)
            if clamped_a or clamped_b:
                log.warning(
                    "%s: range %s-%s lies outside the document (%d lines); clamped",
                    entry.uri,
                    change.start,
                    change.end,
                    doc.line_count,
                )
            if b < a:
                log.warning("%s: range end before start; swapped", entry.uri)
                a, b = b, a
        old_text = doc.text
        if old_text[a:b] == change.text:
            return False  # an identical re-send changes nothing
        rules = self.settings.heuristic
        heuristic = (
            bulk_insertions(old_text, a, b, change.text, rules.min_lines) if rules.enabled else []
        )
        befores = self._edit_starts(entry, a, b, HUMAN, old_text)
        touches = entry.regions.apply(a, b, change.text, old_text)
        line, lines = doc.position_at(b).line, doc.line_count
        doc.apply(a, b, change.text)
        self._note_moves(entry, touches, a + len(change.text), line, doc.line_count - lines)
        for touch in touches:
            self._record(
                entry,
                touch,
                version,
                HUMAN,
                (a, a + len(change.text)),
                befores.get(touch.region.id),
            )
        for start, end in heuristic:
            self._mark_offsets(entry, start, end, "heuristic", None, None)
        shifted = len(change.text) != b - a and any(r.end > a for r in entry.regions.regions[-1:])
        return bool(touches or heuristic or shifted)

    def _edit_starts(
        self, entry: OpenDocument, a: int, b: int, author: str, text: str
    ) -> dict[str, str]:
        """Regions a change at ``[a, b)`` may touch that will start a new edit: their open
        edit ends now (text before the change) and their text now is the new edit's before."""
        now = to_ms(self.clock())
        grouper = self.recorder.edits
        texts = {}
        for region in entry.regions.near(a, b):
            if not grouper.continues(region.id, author, now):
                self.recorder.close_edits([region])
                texts[region.id] = text[region.start : region.end]
        return texts

    def _note_moves(
        self, entry: OpenDocument, touches: list[Touch], after: int, line: int, lines: int
    ) -> None:
        """Record for the client: the edited regions, the untouched ones that start on the
        edited line after the change (their column moved), and the shift of later lines."""
        pending = self.deltas.of(entry.uri)
        pending.changed.update(t.region.id for t in touches)
        regions, doc = entry.regions.regions, entry.doc
        line_end = doc.line_end_offset(doc.position_at(after).line)
        k = bisect_left(regions, after, key=lambda r: r.start)
        while k < len(regions) and regions[k].start <= line_end:
            pending.changed.add(regions[k].id)
            k += 1
        pending.shift(line, lines)

    def _record(
        self,
        entry: OpenDocument,
        touch: Touch,
        version: int | None,
        author: str,
        span: tuple[int, int],
        before: str | None = None,
    ) -> None:
        stroke = self.recorder.touched(touch, version, author, span, lambda: before)
        if stroke is not None:
            entry.recent.append(stroke)

    # -- marking ---------------------------------------------------------------------------

    def mark(
        self,
        uri: str,
        start: Position,
        end: Position,
        origin: str,
        tool: str | None = None,
        model: str | None = None,
        version: int | None = None,
    ) -> list[Region]:
        """Record ``start``..``end`` as AI-written; returns the regions created."""
        if origin not in ORIGINS:
            raise TrackingError(f"unknown origin {origin!r}; expected one of {', '.join(ORIGINS)}")
        entry = self.documents.get(uri) or self._open_from_disk(uri)
        doc = entry.doc
        if version is not None and doc.version is not None and version != doc.version:
            raise TrackingError(
                f"stale mark for {uri}: it refers to version {version}, the document is at "
                f"version {doc.version}"
            )
        a, clamped_a = doc.offset_at(start)
        b, clamped_b = doc.offset_at(end)
        if clamped_a or clamped_b:
            log.warning("%s: mark range %s-%s clamped into the document", uri, start, end)
        created = self._mark_offsets(entry, *sorted((a, b)), origin, tool, model)
        if entry.uri not in self.documents:  # marked on disk: write it down now
            self._queue_entry(entry)
            self.flush()
        return created

    def _mark_offsets(
        self, entry: OpenDocument, a: int, b: int, origin: str, tool: str | None, model: str | None
    ) -> list[Region]:
        doc = entry.doc
        a, b = trim_blank_lines(doc.text, a, b)
        if a >= b:
            return []
        gaps, overlapped = entry.regions.uncovered(a, b)
        self.deltas.touched(entry.uri, [r.id for r in overlapped])
        relabeled = []
        for region in overlapped:
            if region.origin == "heuristic" != origin and a <= region.start and region.end <= b:
                region.origin, region.tool, region.model = origin, tool, model
                self.recorder.relabeled(region, doc.version)
                relabeled.append(region)
            else:
                self.recorder.written_by(
                    region, origin, max(a, region.start), min(b, region.end), doc.version,
                    entry.recent,
                )  # fmt: skip
        created = [
            region
            for gap in gaps
            if (
                region := self._create(
                    entry, *trim_blank_lines(doc.text, *gap), origin, tool, model, doc.version
                )
            )
        ]
        if created:
            self._dirty.add(entry.uri)
        return sorted(created + relabeled, key=lambda r: r.start)

    def _create(
        self,
        entry: OpenDocument,
        start: int,
        end: int,
        origin: str,
        tool: str | None,
        model: str | None,
        version: int | None,
    ) -> Region | None:
        if start >= end:
            return None
        region = Region(
            new_id(), entry.uri, start, end, origin, tool, model,
            created_at=self.clock(), original_text=entry.doc.text[start:end],
        )  # fmt: skip
        entry.regions.add(region)
        self.recorder.created(region, version)
        return region

    def unmark(self, region_id: str) -> Region | None:
        """The user says a region was not AI-written."""
        region = self._find(region_id)
        if region is None or not region.live:
            return region
        entry = self.documents.get(region.uri)
        if entry is not None:
            entry.regions.remove(region)
        self.recorder.unmarked(region)
        return region

    def review(self, region_id: str, reviewer: str | None = None) -> Region | None:
        """The user reviewed (accepted) a region as it is now."""
        region = self._find(region_id)
        if region is not None and region.live:
            self.recorder.reviewed(region, reviewer)
        return region

    # -- external changes ------------------------------------------------------------------

    def file_changed(self, uri: str) -> bool:
        """A tracked file changed on disk while not open here: re-anchor its regions."""
        if uri in self.documents:
            return False  # the editor's text is the truth; it sends its own changes
        regions = RegionSet.of(self.store.load_regions(uri))
        if not len(regions):
            return False
        text = read_text(uri)
        if text is None:
            return False
        snapshot = self.store.load_snapshot(uri)
        if snapshot is not None and snapshot.text == text:
            return False
        entry = OpenDocument(uri, TextDocument(text, None, self.encoding), regions)
        self._reanchor(entry, snapshot.text if snapshot else None, text, None)
        self.deltas.reset(uri)
        self._queue_entry(entry)
        self.flush()
        return True

    def _reanchor(
        self,
        entry: OpenDocument,
        old: str | None,
        new: str,
        version: int | None,
        mapper: anchoring.SpanMapper | None = None,
    ) -> None:
        if old is None:  # no snapshot: keep what still fits
            for region in list(entry.regions):
                if region.end > len(new):
                    entry.regions.remove(region)
                    self._record(
                        entry, Touch(region, RULE_COVER, 0, 0, True), version, EXTERNAL, (0, 0)
                    )
            return
        log.info(
            "%s changed outside the editor; re-anchoring %d regions", entry.uri, len(entry.regions)
        )
        befores = self._edit_starts(entry, 0, len(old), EXTERNAL, old)
        touches = entry.regions.apply(0, len(old), new, old, mapper)
        for touch in touches:
            self._record(entry, touch, version, EXTERNAL, (0, 0), befores.get(touch.region.id))
        self.recorder.close_edits(entry.regions)  # an outside change is one edit

    def _open_from_disk(self, uri: str) -> OpenDocument:
        text = read_text(uri)
        if text is None:
            raise TrackingError(f"{uri} is neither open in the editor nor a readable text file")
        self.open(uri, text, None)
        return self.documents.pop(uri)

    # -- regions written by another process (``aidecay mark``, hooks) ---------------------

    def adopt_new_regions(self, uri: str) -> list[Region]:
        """Take in live regions of open ``uri`` that another process stored since it opened.

        They are re-anchored from the stored snapshot to the open text; flush first, so regions
        this tracker has ended are not taken back.
        """
        entry = self.documents.get(uri)
        if entry is None:
            return []
        known = {r.id for r in entry.regions}
        fresh = [r for r in self.store.load_regions(uri) if r.id not in known]
        if not fresh:
            return []
        snapshot = self.store.load_snapshot(uri)
        text = entry.doc.text
        mapper = None
        if snapshot is not None and snapshot.text != text:
            mapper = anchoring.SpanMapper(snapshot.text, text)
        adopted = []
        for region in sorted(fresh, key=lambda r: r.start):
            if mapper is not None:
                mapped = mapper.map_span(region.start, region.end)
                if not mapped.alive:
                    continue
                region.start, region.end = mapped.start, mapped.end
            gaps, _ = entry.regions.uncovered(region.start, min(region.end, len(text)))
            if not gaps:
                continue
            region.start, region.end = max(gaps, key=lambda g: g[1] - g[0])
            entry.regions.add(region)
            adopted.append(region)
        if adopted:
            self._dirty.add(uri)
        return adopted

    # -- queries ---------------------------------------------------------------------------

    def list_regions(self, uri: str | None = None, include_deleted: bool = False) -> list[Region]:
        """Stored regions, with the live state (position, counters) of open documents."""
        self.flush()
        live = {r.id: r for e in self.documents.values() for r in e.regions}
        return [
            live.get(r.id, r) for r in self.store.load_regions(uri, include_dead=include_deleted)
        ]

    def history(self, region_id: str) -> tuple[Region, list[Event]] | None:
        self.flush()
        region = self._find(region_id)
        return None if region is None else (region, self.store.load_events(region_id))

    def region_text(self, region: Region) -> str | None:
        """The region's text now (open document or stored snapshot); None when not live."""
        if not region.live:
            return None
        found = self._text_of(region)
        if found is not None:
            return found
        snapshot = self.store.load_snapshot(region.uri)
        return snapshot.text[region.start : region.end] if snapshot else None

    def _text_of(self, region: Region) -> str | None:
        entry = self.documents.get(region.uri)
        if entry is None or not region.live:
            return None if entry is None else ""
        return entry.doc.text[region.start : region.end]

    def ranges(self, regions: Iterable[Region]) -> list[tuple[Position, Position]]:
        """The regions' current ranges, in the negotiated encoding."""
        docs: dict[str, TextDocument] = {}
        found = []
        for region in regions:
            doc = docs.get(region.uri)
            if doc is None:
                entry = self.documents.get(region.uri)
                if entry is not None:
                    doc = entry.doc
                else:
                    snapshot = self.store.load_snapshot(region.uri)
                    doc = TextDocument(snapshot.text if snapshot else "", None, self.encoding)
                docs[region.uri] = doc
            found.append((doc.position_at(region.start), doc.position_at(region.end)))
        return found

    def pending(self) -> bool:
        """Whether anything waits to be flushed (an open edit waits to be closed)."""
        return bool(self._dirty) or self.store.dirty or bool(self.recorder.open_edits)

    def flush(self) -> None:
        """Write what changed: edits, region counters and events; the text and positions of
        documents that need them (marked, saved, closed, re-anchored). Ends idle edits."""
        if self.recorder.open_edits:
            self.recorder.close_edits((), idle_only=True)
        for uri in self._dirty:
            entry = self.documents.get(uri)
            if entry is not None:
                self._queue_entry(entry)
        self._dirty.clear()
        self.store.flush(self.clock())

    def _queue_entry(self, entry: OpenDocument) -> None:
        """The document's text and its regions' positions in it (rows that moved)."""
        self.store.queue_document(entry.uri, entry.doc.text, entry.doc.version)
        for region in entry.regions:
            self.store.queue_position(region)

    # -- helpers ---------------------------------------------------------------------------

    def _find(self, region_id: str) -> Region | None:
        for entry in self.documents.values():
            for region in entry.regions:
                if region.id == region_id:
                    return region
        self.flush()
        return self.store.load_region(region_id)
