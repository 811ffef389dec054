"""The tracking service: a small front over the open documents, their changes, marks and
re-anchoring, and the history each writes (``state``, ``changes``, ``marking``, ``documents``).

Edits are applied in the order they arrive; each change is classified against the regions
(see ``core.regions``) and every touch of a region becomes part of an edit in the store's
queue. Nothing here knows about the LSP: positions come in as ``core.text.Position``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aidecay.core import anchoring
from aidecay.core.clock import utc_now
from aidecay.core.regions import Region
from aidecay.core.settings import Settings
from aidecay.core.text import UTF16, Position, TextDocument
from aidecay.store import Event, Store
from aidecay.tracking import documents, marking
from aidecay.tracking.changes import apply_changes
from aidecay.tracking.state import ORIGINS, Change, TrackingError, TrackingState

__all__ = ["ORIGINS", "Change", "Tracker", "TrackingError"]


class Tracker(TrackingState):
    """Follows AI regions through edits and queues their history for the store."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        *,
        clock: Callable[[], str] = utc_now,
        encoding: str = UTF16,
    ) -> None:
        super().__init__(store, settings, clock=clock, encoding=encoding)

    # -- documents -------------------------------------------------------------------------

    def reanchor_source(self, uri: str, text: str) -> str | None:
        return documents.reanchor_source(self, uri, text)

    def open(
        self,
        uri: str,
        text: str,
        version: int | None,
        mapped: tuple[str, anchoring.SpanMapper] | None = None,
    ) -> bool:
        return documents.open_document(self, uri, text, version, mapped)

    def close(self, uri: str) -> None:
        documents.close_document(self, uri)

    def saved(self, uri: str) -> None:
        documents.saved(self, uri)

    def file_changed(self, uri: str) -> bool:
        return documents.file_changed(self, uri)

    def apply_retention(self) -> None:
        documents.apply_retention(self)

    def end_edits(self) -> None:
        """End every open edit (the server stops or switches databases)."""
        for entry in self.documents.values():
            self.recorder.close_edits(entry.regions)

    def change(self, uri: str, version: int | None, changes: Iterable[Change]) -> bool:
        return apply_changes(self, uri, version, changes)

    # -- marks -----------------------------------------------------------------------------

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
        return marking.mark(self, uri, start, end, origin, tool, model, version)

    def unmark(self, region_id: str) -> Region | None:
        return marking.unmark(self, region_id)

    def review(self, region_id: str, reviewer: str | None = None) -> Region | None:
        return marking.review(self, region_id, reviewer)

    def unreview(self, region_id: str) -> tuple[Region, str] | None:
        return marking.unreview(self, region_id)

    def adopt_new_regions(self, uri: str) -> list[Region]:
        return marking.adopt_new_regions(self, uri)

    # -- queries (each flushes first, so it sees this tracker's own writes) ------------------

    def list_regions(self, uri: str | None = None, include_deleted: bool = False) -> list[Region]:
        """Stored regions, with the live state (position, counters) of open documents."""
        self.flush()
        live = {r.id: r for e in self.documents.values() for r in e.regions}
        stored = self.store.load_regions(uri, include_dead=include_deleted)
        return [live.get(r.id, r) for r in stored]

    def history(self, region_id: str) -> tuple[Region, list[Event]] | None:
        self.flush()
        region = self.find(region_id)
        return None if region is None else (region, self.store.load_events(region_id))

    def region_text(self, region: Region) -> str | None:
        """The region's text now (open document or stored snapshot); None when not live."""
        if not region.live:
            return None
        found = self.text_of(region)
        if found is not None:
            return found
        snapshot = self.store.load_snapshot(region.uri)
        return snapshot.text[region.start : region.end] if snapshot else None

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
        return bool(self.dirty) or self.store.dirty or bool(self.recorder.open_edits)
