"""Content changes, applied in the order they arrive: each is classified against the regions
(``core.regions``), every touch becomes part of an edit, and the client's delta is noted."""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Iterable

from aidecay.core.heuristic import bulk_insertions
from aidecay.core.regions import Touch
from aidecay.tracking.marking import mark_offsets
from aidecay.tracking.recorder import HUMAN
from aidecay.tracking.state import Change, OpenDocument, TrackingError, TrackingState

log = logging.getLogger(__name__)


def apply_changes(
    state: TrackingState, uri: str, version: int | None, changes: Iterable[Change]
) -> bool:
    """Apply ``changes`` in order; True when the document's regions changed."""
    entry = state.documents.get(uri)
    if entry is None:
        raise TrackingError(f"change for {uri}, which is not open; ignored")
    doc = entry.doc
    if version is not None and doc.version is not None and version <= doc.version:
        log.warning("%s: version %s after %s; applying in arrival order", uri, version, doc.version)
    entry.recent = []
    changed = False
    for change in changes:
        changed |= _apply(state, entry, change, version)
    doc.version = version
    return changed


def _offsets(entry: OpenDocument, change: Change) -> tuple[int, int]:
    """The change's range as character offsets; out-of-range positions are clamped (logged)."""
    doc = entry.doc
    if change.start is None or change.end is None:
        return 0, len(doc.text)
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
    return a, b


def _apply(state: TrackingState, entry: OpenDocument, change: Change, version: int | None) -> bool:
    doc = entry.doc
    a, b = _offsets(entry, change)
    old_text = doc.text
    if old_text[a:b] == change.text:
        return False  # an identical re-send changes nothing
    rules = state.settings.heuristic
    heuristic = (
        bulk_insertions(old_text, a, b, change.text, rules.min_lines) if rules.enabled else []
    )
    befores = state.edit_starts(entry, a, b, HUMAN, old_text)
    touches = entry.regions.apply(a, b, change.text, old_text)
    line, lines = doc.position_at(b).line, doc.line_count
    doc.apply(a, b, change.text)
    _note_moves(state, entry, touches, a + len(change.text), line, doc.line_count - lines)
    for touch in touches:
        span = (a, a + len(change.text))
        state.record(entry, touch, version, HUMAN, span, befores.get(touch.region.id))
    for start, end in heuristic:
        mark_offsets(state, entry, start, end, "heuristic", None, None)
    shifted = len(change.text) != b - a and any(r.end > a for r in entry.regions.regions[-1:])
    return bool(touches or heuristic or shifted)


def _note_moves(
    state: TrackingState,
    entry: OpenDocument,
    touches: list[Touch],
    after: int,
    line: int,
    lines: int,
) -> None:
    """Record for the client: the edited regions, the untouched ones that start on the edited
    line after the change (their column moved), and the shift of later lines."""
    pending = state.deltas.of(entry.uri)
    pending.changed.update(t.region.id for t in touches)
    regions, doc = entry.regions.regions, entry.doc
    line_end = doc.line_end_offset(doc.position_at(after).line)
    k = bisect_left(regions, after, key=lambda r: r.start)
    while k < len(regions) and regions[k].start <= line_end:
        pending.changed.add(regions[k].id)
        k += 1
    pending.shift(line, lines)
