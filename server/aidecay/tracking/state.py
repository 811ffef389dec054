"""What the tracking parts share: the open documents, what the client must hear, what waits to
be written, and the small helpers every part uses to record a touch or queue a document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from aidecay.core.clock import utc_now
from aidecay.core.delta import DeltaLog
from aidecay.core.edits import to_ms
from aidecay.core.regions import Region, RegionSet, Touch
from aidecay.core.settings import Settings
from aidecay.core.text import UTF16, Position, TextDocument
from aidecay.store import Store
from aidecay.tracking.recorder import History, Keystroke

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


class TrackingState:
    """The tracker's state; the parts (changes, marking, re-anchoring, queries) work on it."""

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
        self.recorder = History(
            store,
            clock,
            edit_gap_ms=lambda: int(self.settings.history.edit_gap_seconds * 1000),
            sitting_gap_ms=lambda: int(self.settings.thresholds.sitting_gap_minutes * 60_000),
            text_of=self.text_of,
        )
        self.documents: dict[str, OpenDocument] = {}
        #: What changed in each document's regions since the client was told (``core.delta``).
        self.deltas = DeltaLog()
        #: Documents whose text and region positions must be written at the next flush.
        self.dirty: set[str] = set()

    def text_of(self, region: Region) -> str | None:
        """The region's text in its open document ("" when dead there; None when closed)."""
        entry = self.documents.get(region.uri)
        if entry is None or not region.live:
            return None if entry is None else ""
        return entry.doc.text[region.start : region.end]

    def edit_starts(
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

    def record(
        self,
        entry: OpenDocument,
        touch: Touch,
        version: int | None,
        author: str,
        span: tuple[int, int],
        before: str | None = None,
    ) -> None:
        """Fold one touch of a region into its edit (kept for a following mark)."""
        stroke = self.recorder.touched(touch, version, author, span, lambda: before)
        if stroke is not None:
            entry.recent.append(stroke)

    def queue_entry(self, entry: OpenDocument) -> None:
        """The document's text and its regions' positions in it (rows that moved)."""
        self.store.queue_document(entry.uri, entry.doc.text, entry.doc.version)
        for region in entry.regions:
            self.store.queue_position(region)

    def flush(self) -> None:
        """Write what changed: edits, region counters and events; the text and positions of
        documents that need them (marked, saved, closed, re-anchored). Ends idle edits."""
        if self.recorder.open_edits:
            self.recorder.close_edits((), idle_only=True)
        for uri in self.dirty:
            entry = self.documents.get(uri)
            if entry is not None:
                self.queue_entry(entry)
        self.dirty.clear()
        self.store.flush(self.clock())

    def find(self, region_id: str) -> Region | None:
        """A region by id: live in an open document, else as stored."""
        for entry in self.documents.values():
            for region in entry.regions:
                if region.id == region_id:
                    return region
        self.flush()
        return self.store.load_region(region_id)
