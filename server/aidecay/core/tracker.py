"""The tracking service: open documents, their regions, and what gets recorded.

Edits are applied in the order they arrive; each change is classified against the regions
(see ``regions``) and every touch of a region becomes an event in the store's queue.
Nothing here knows about the LSP: positions come in as ``text.Position``.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from aidecay.core import anchoring
from aidecay.core.clock import utc_now
from aidecay.core.regions import (
    RULE_COVER,
    Region,
    RegionSet,
    Status,
    Touch,
    trim_blank_lines,
)
from aidecay.core.settings import Settings
from aidecay.core.store import Event, Store
from aidecay.core.text import UTF16, Position, TextDocument
from aidecay.core.uris import uri_to_path

log = logging.getLogger(__name__)

ORIGINS = ("inline-completion", "agent", "chat", "paste", "manual", "heuristic", "import")
HUMAN = "human"
EXTERNAL = "external"


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
    #: Events of the latest version, so a mark that follows its change can re-attribute them.
    recent: list[Event] = field(default_factory=list)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


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
        self.encoding = encoding
        self.documents: dict[str, OpenDocument] = {}
        self._dirty: set[str] = set()

    # -- document lifecycle ----------------------------------------------------------------

    def open(self, uri: str, text: str, version: int | None) -> bool:
        """Start following ``uri``; re-anchor its regions if it changed since last seen."""
        regions = self._normalise(self.store.load_regions(uri))
        entry = OpenDocument(uri, TextDocument(text, version, self.encoding), RegionSet(regions))
        self.documents[uri] = entry
        if not regions:
            return False
        snapshot = self.store.load_snapshot(uri)
        if snapshot is None or snapshot.text != text:
            self._reanchor(entry, snapshot.text if snapshot else None, text, version)
        self._dirty.add(uri)
        return True

    def close(self, uri: str) -> None:
        """Stop following ``uri`` (its state is queued for the next flush)."""
        entry = self.documents.pop(uri, None)
        if entry is not None and uri in self._dirty:
            self._dirty.discard(uri)
            self._queue_entry(entry)

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
        if len(entry.regions) or changed:
            self._dirty.add(uri)
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
        heuristic = self._heuristic_spans(old_text, a, b, change.text)
        touches = entry.regions.apply(a, b, change.text, old_text)
        doc.apply(a, b, change.text)
        for touch in touches:
            self._record_touch(entry, touch, version, HUMAN, a, a + len(change.text))
        for start, end in heuristic:
            self._mark_offsets(entry, start, end, "heuristic", None, None)
        shifted = len(change.text) != b - a and any(r.end > a for r in entry.regions.regions[-1:])
        return bool(touches or heuristic or shifted)

    def _heuristic_spans(self, old: str, a: int, b: int, new: str) -> list[tuple[int, int]]:
        """Bulk insertions the server-side heuristic takes for AI output."""
        rules = self.settings.heuristic
        if not rules.enabled or new.count("\n") + new.count("\r") < rules.min_lines - 1:
            return []
        if a == 0 and b == len(old):  # a whole-document re-send: look at the inserted hunks
            mapper = anchoring.SpanMapper(old, new)
            hunks, cursor = [], 0
            for run in mapper.runs:
                if run.j > cursor:
                    hunks.append((cursor, run.j))
                cursor = run.j + run.n
            if cursor < len(new):
                hunks.append((cursor, len(new)))
        else:
            hunks = [(0, len(new))]
        spans = []
        for start, end in hunks:
            start, end = trim_blank_lines(new, start, end)
            piece = new[start:end]
            if end > start and piece.count("\n") + 1 >= rules.min_lines:
                spans.append((a + start, a + end))
        return spans

    def _record_touch(
        self,
        entry: OpenDocument,
        touch: Touch,
        version: int | None,
        author: str,
        text_start: int,
        text_end: int,
    ) -> None:
        region = touch.region
        now = self.clock()
        if touch.died:
            region.status = Status.DELETED
            region.deleted_at = now
            kind = "deleted"
        elif touch.edited:
            kind = "edit"
        else:
            self.store.queue_region(region)  # moved by a covering change, text intact
            return
        region.edit_count += 1
        region.chars_inserted += touch.inserted
        region.chars_deleted += touch.deleted
        region.last_edited_at = now
        event = Event(
            new_id(),
            region.id,
            entry.uri,
            now,
            version,
            kind,
            author,
            touch.inserted,
            touch.deleted,
            touch.rule,
            text_start,
            text_end,
        )
        self.store.queue_event(event)
        self.store.queue_region(region)
        entry.recent.append(event)

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
        relabeled = []
        for region in overlapped:
            if region.origin == "heuristic" != origin and a <= region.start and region.end <= b:
                self._relabel(entry, region, origin, tool, model)
                relabeled.append(region)
            else:
                self._attribute(entry, region, max(a, region.start), min(b, region.end), origin)
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

    def _relabel(
        self, entry: OpenDocument, region: Region, origin: str, tool: str | None, model: str | None
    ) -> None:
        """A precise report replaces the bulk-insert heuristic's guess for the same text."""
        region.origin, region.tool, region.model = origin, tool, model
        self.store.queue_region(region)
        self.store.queue_event(
            Event(
                new_id(),
                region.id,
                entry.uri,
                self.clock(),
                entry.doc.version,
                "relabeled",
                origin,
                rule="mark",
                text_start=region.start,
                text_end=region.end,
            )
        )

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
        now = self.clock()
        text = entry.doc.text[start:end]
        region = Region(
            new_id(),
            entry.uri,
            start,
            end,
            origin,
            tool,
            model,
            created_at=now,
            original_text=text,
        )
        entry.regions.add(region)
        self.store.queue_region(region)
        self.store.queue_event(
            Event(
                new_id(),
                region.id,
                entry.uri,
                now,
                version,
                "created",
                origin,
                len(text),
                0,
                "mark",
                start,
                end,
            )
        )
        return region

    def _attribute(self, entry: OpenDocument, region: Region, a: int, b: int, origin: str) -> None:
        """Text inside ``region`` was written by ``origin``: re-attribute or record an edit."""
        for event in entry.recent:
            if (
                event.region_id == region.id
                and event.author == HUMAN
                and event.text_start is not None
                and event.text_start < b
                and a < (event.text_end or 0)
            ):
                self.store.queue_author(event.id, origin)
                entry.recent[entry.recent.index(event)] = dataclasses.replace(event, author=origin)
                return
        now = self.clock()
        region.edit_count += 1
        region.chars_inserted += b - a
        region.last_edited_at = now
        self.store.queue_region(region)
        self.store.queue_event(
            Event(
                new_id(),
                region.id,
                entry.uri,
                now,
                entry.doc.version,
                "edit",
                origin,
                b - a,
                0,
                "mark",
                a,
                b,
            )
        )

    def unmark(self, region_id: str) -> Region | None:
        """The user says a region was not AI-written."""
        region = self._find(region_id)
        if region is None or not region.live:
            return region
        entry = self.documents.get(region.uri)
        if entry is not None:
            entry.regions.remove(region)
        now = self.clock()
        region.status = Status.UNMARKED
        region.deleted_at = now
        self.store.queue_region(region)
        self.store.queue_event(Event(new_id(), region.id, region.uri, now, None, "unmarked", HUMAN))
        return region

    def review(self, region_id: str) -> Region | None:
        """The user reviewed a region: its diagnostics stay silent until it is edited again."""
        region = self._find(region_id)
        if region is None or not region.live:
            return region
        now = self.clock()
        region.reviewed_at = now
        self.store.queue_region(region)
        self.store.queue_event(Event(new_id(), region.id, region.uri, now, None, "reviewed", HUMAN))
        return region

    # -- external changes ------------------------------------------------------------------

    def file_changed(self, uri: str) -> bool:
        """A tracked file changed on disk while not open here: re-anchor its regions."""
        if uri in self.documents:
            return False  # the editor's text is the truth; it sends its own changes
        regions = self._normalise(self.store.load_regions(uri))
        if not regions:
            return False
        text = read_text(uri)
        if text is None:
            return False
        snapshot = self.store.load_snapshot(uri)
        if snapshot is not None and snapshot.text == text:
            return False
        entry = OpenDocument(uri, TextDocument(text, None, self.encoding), RegionSet(regions))
        self._reanchor(entry, snapshot.text if snapshot else None, text, None)
        self._queue_entry(entry)
        self.flush()
        return True

    def _reanchor(
        self, entry: OpenDocument, old: str | None, new: str, version: int | None
    ) -> None:
        if old is None:  # no snapshot: keep what still fits
            for region in list(entry.regions):
                if region.end > len(new):
                    entry.regions.remove(region)
                    self._record_touch(
                        entry, Touch(region, RULE_COVER, 0, 0, True), version, EXTERNAL, 0, 0
                    )
            return
        log.info(
            "%s changed outside the editor; re-anchoring %d regions", entry.uri, len(entry.regions)
        )
        touches = entry.regions.apply(0, len(old), new, old)
        for touch in touches:
            self._record_touch(entry, touch, version, EXTERNAL, 0, 0)

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
        self.flush()
        return self.store.load_regions(uri, include_dead=include_deleted)

    def history(self, region_id: str) -> tuple[Region, list[Event]] | None:
        self.flush()
        region = self.store.load_region(region_id)
        return None if region is None else (region, self.store.load_events(region_id))

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
        """Whether anything waits to be flushed."""
        return bool(self._dirty) or self.store.dirty

    def flush(self) -> None:
        """Write all queued history, with the current text and ranges of changed documents."""
        for uri in self._dirty:
            entry = self.documents.get(uri)
            if entry is not None:
                self._queue_entry(entry)
        self._dirty.clear()
        self.store.flush(self.clock())

    def _queue_entry(self, entry: OpenDocument) -> None:
        self.store.queue_document(entry.uri, entry.doc.text, entry.doc.version)
        for region in entry.regions:
            self.store.queue_region(region)

    # -- helpers ---------------------------------------------------------------------------

    def _find(self, region_id: str) -> Region | None:
        for entry in self.documents.values():
            for region in entry.regions:
                if region.id == region_id:
                    return region
        self.flush()
        return self.store.load_region(region_id)

    @staticmethod
    def _normalise(regions: list[Region]) -> list[Region]:
        """Sorted, non-overlapping, non-empty (rows from two writers may disagree)."""
        kept: list[Region] = []
        for region in sorted(regions, key=lambda r: (r.start, r.end)):
            if kept and region.start < kept[-1].end:
                region.start = kept[-1].end
            if region.start < region.end:
                kept.append(region)
        return kept


def read_text(uri: str) -> str | None:
    """The text of a local file, or None (with a log line) when it cannot be had."""
    path = uri_to_path(uri)
    if path is None:
        log.info("%s is not a file URI; nothing to read", uri)
        return None
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.warning("%s is not UTF-8 text (%s); its regions are left as they were", path, exc)
        return None
