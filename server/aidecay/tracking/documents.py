"""Document lifecycle: open (re-anchoring regions if the file changed since last seen),
save, close, files changed outside the editor, and the retention of keystroke detail."""

from __future__ import annotations

import logging

from aidecay.core import anchoring
from aidecay.core.clock import format_time, parse_time
from aidecay.core.regions import RULE_COVER, RegionSet, Touch
from aidecay.core.text import TextDocument
from aidecay.store import StoreError
from aidecay.store.edits import retention_cutoff
from aidecay.tracking.disk import read_text
from aidecay.tracking.recorder import EXTERNAL
from aidecay.tracking.state import OpenDocument, TrackingError, TrackingState

log = logging.getLogger(__name__)


def reanchor_source(state: TrackingState, uri: str, text: str) -> str | None:
    """The last text seen of ``uri`` when opening it with ``text`` will re-anchor its regions
    from it (None when there is nothing to re-anchor)."""
    if not state.store.load_regions(uri):
        return None
    snapshot = state.store.load_snapshot(uri)
    return None if snapshot is None or snapshot.text == text else snapshot.text


def open_document(
    state: TrackingState,
    uri: str,
    text: str,
    version: int | None,
    mapped: tuple[str, anchoring.SpanMapper] | None = None,
) -> bool:
    """Start following ``uri``; re-anchor its regions if it changed since last seen.

    ``mapped``: ``(old text, SpanMapper(old text, text))`` computed beforehand (off the event
    loop); used when the stored snapshot is still that old text."""
    regions = RegionSet.of(state.store.load_regions(uri))
    entry = OpenDocument(uri, TextDocument(text, version, state.encoding), regions)
    state.documents[uri] = entry
    if not len(regions):
        return False
    state.deltas.reset(uri)
    snapshot = state.store.load_snapshot(uri)
    if snapshot is None or snapshot.text != text:
        mapper = mapped[1] if mapped and snapshot and mapped[0] == snapshot.text else None
        reanchor(state, entry, snapshot.text if snapshot else None, text, version, mapper)
    state.dirty.add(uri)
    return True


def close_document(state: TrackingState, uri: str) -> None:
    """Stop following ``uri``: its edits end; its text and regions are queued."""
    entry = state.documents.get(uri)
    if entry is None:
        return
    state.recorder.close_edits(entry.regions)
    del state.documents[uri]
    state.dirty.discard(uri)
    state.queue_entry(entry)


def saved(state: TrackingState, uri: str) -> None:
    """A save ends the document's edits and stores its text and region positions."""
    entry = state.documents.get(uri)
    if entry is not None and len(entry.regions):
        state.recorder.close_edits(entry.regions)
        state.dirty.add(uri)


def file_changed(state: TrackingState, uri: str) -> bool:
    """A tracked file changed on disk while not open here: re-anchor its regions."""
    if uri in state.documents:
        return False  # the editor's text is the truth; it sends its own changes
    regions = RegionSet.of(state.store.load_regions(uri))
    if not len(regions):
        return False
    text = read_text(uri)
    if text is None:
        return False
    snapshot = state.store.load_snapshot(uri)
    if snapshot is not None and snapshot.text == text:
        return False
    entry = OpenDocument(uri, TextDocument(text, None, state.encoding), regions)
    reanchor(state, entry, snapshot.text if snapshot else None, text, None)
    state.deltas.reset(uri)
    state.queue_entry(entry)
    state.flush()
    return True


def reanchor(
    state: TrackingState,
    entry: OpenDocument,
    old: str | None,
    new: str,
    version: int | None,
    mapper: anchoring.SpanMapper | None = None,
) -> None:
    """Map every region from ``old`` to ``new`` (one outside edit); with no ``old`` text, keep
    the regions that still fit."""
    if old is None:
        for region in list(entry.regions):
            if region.end > len(new):
                entry.regions.remove(region)
                touch = Touch(region, RULE_COVER, 0, 0, True)
                state.record(entry, touch, version, EXTERNAL, (0, 0))
        return
    log.info(
        "%s changed outside the editor; re-anchoring %d regions", entry.uri, len(entry.regions)
    )
    befores = state.edit_starts(entry, 0, len(old), EXTERNAL, old)
    touches = entry.regions.apply(0, len(old), new, old, mapper)
    for touch in touches:
        state.record(entry, touch, version, EXTERNAL, (0, 0), befores.get(touch.region.id))
    state.recorder.close_edits(entry.regions)  # an outside change is one edit


def open_from_disk(state: TrackingState, uri: str) -> OpenDocument:
    """The file as it is on disk, its regions re-anchored, without keeping it open."""
    text = read_text(uri)
    if text is None:
        raise TrackingError(f"{uri} is neither open in the editor nor a readable text file")
    open_document(state, uri, text, None)
    return state.documents.pop(uri)


def apply_retention(state: TrackingState) -> None:
    """Drop keystroke-level detail older than ``history.retention`` (logged, never fatal)."""
    retention = state.settings.history.retention
    try:
        cutoff = retention_cutoff(retention, parse_time(state.clock()))
    except ValueError as exc:
        log.warning("setting 'history.retention': %s; nothing compacted", exc)
        return
    try:
        removed = state.store.compact(format_time(cutoff))
    except StoreError as exc:
        log.warning("%s", exc)
        return
    if any(removed.values()):
        log.info("history retention %s: removed %s", retention, removed)
