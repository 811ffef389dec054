"""Marks and reviews: text recorded as AI-written (by a client, a hook or the heuristic), a
region unmarked or reviewed, and regions another process stored taken in."""

from __future__ import annotations

import logging

from aidecay.core import anchoring
from aidecay.core.regions import Region, trim_blank_lines
from aidecay.core.text import Position
from aidecay.tracking.documents import open_from_disk
from aidecay.tracking.recorder import new_id, standing_reviews
from aidecay.tracking.state import ORIGINS, OpenDocument, TrackingError, TrackingState

log = logging.getLogger(__name__)


def mark(
    state: TrackingState,
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
    entry = state.documents.get(uri) or open_from_disk(state, uri)
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
    created = mark_offsets(state, entry, *sorted((a, b)), origin, tool, model)
    if entry.uri not in state.documents:  # marked on disk: write it down now
        state.queue_entry(entry)
        state.flush()
    return created


def mark_offsets(
    state: TrackingState,
    entry: OpenDocument,
    a: int,
    b: int,
    origin: str,
    tool: str | None,
    model: str | None,
) -> list[Region]:
    """Mark ``[a, b)`` (blank edge lines trimmed): new regions in the gaps, heuristic regions
    inside it relabeled, the rest of what it covers re-attributed."""
    doc = entry.doc
    a, b = trim_blank_lines(doc.text, a, b)
    if a >= b:
        return []
    gaps, overlapped = entry.regions.uncovered(a, b)
    state.deltas.touched(entry.uri, [r.id for r in overlapped])
    relabeled = []
    for region in overlapped:
        if region.origin == "heuristic" != origin and a <= region.start and region.end <= b:
            region.origin, region.tool, region.model = origin, tool, model
            state.recorder.relabeled(region, doc.version)
            relabeled.append(region)
        else:
            state.recorder.written_by(
                region, origin, max(a, region.start), min(b, region.end), doc.version,
                entry.recent,
            )  # fmt: skip
    created = []
    for gap in gaps:
        start, end = trim_blank_lines(doc.text, *gap)
        if start < end:
            created.append(_create(state, entry, start, end, origin, tool, model))
    if created:
        state.dirty.add(entry.uri)
    return sorted(created + relabeled, key=lambda r: r.start)


def _create(
    state: TrackingState,
    entry: OpenDocument,
    start: int,
    end: int,
    origin: str,
    tool: str | None,
    model: str | None,
) -> Region:
    region = Region(
        new_id(), entry.uri, start, end, origin, tool, model,
        created_at=state.clock(), original_text=entry.doc.text[start:end],
    )  # fmt: skip
    entry.regions.add(region)
    state.recorder.created(region, entry.doc.version)
    return region


def unmark(state: TrackingState, region_id: str) -> Region | None:
    """The user says a region was not AI-written."""
    region = state.find(region_id)
    if region is None or not region.live:
        return region
    entry = state.documents.get(region.uri)
    if entry is not None:
        entry.regions.remove(region)
    state.recorder.unmarked(region)
    return region


def review(state: TrackingState, region_id: str, reviewer: str | None = None) -> Region | None:
    """The user reviewed (accepted) a region as it is now."""
    region = state.find(region_id)
    if region is not None and region.live:
        state.recorder.reviewed(region, reviewer)
    return region


def unreview(state: TrackingState, region_id: str) -> tuple[Region, str] | None:
    """Undo the region's last review: the review before it stands again (or none), and the
    baseline in force before it comes back. The region and the moment undone; None when there
    is no such region or no review to undo."""
    region = state.find(region_id)
    if region is None or not region.reviewed_at:
        return None
    state.flush()
    standing = standing_reviews(state.store.load_events(region_id))
    undone = standing.pop().at if standing else region.reviewed_at
    state.recorder.unreviewed(region, standing[-1] if standing else None)
    state.store.restore_baseline(region_id, undone, state.clock())
    return region, undone


def adopt_new_regions(state: TrackingState, uri: str) -> list[Region]:
    """Take in live regions of open ``uri`` that another process stored since it opened.

    They are re-anchored from the stored snapshot to the open text; flush first, so regions
    this tracker has ended are not taken back.
    """
    entry = state.documents.get(uri)
    if entry is None:
        return []
    known = {r.id for r in entry.regions}
    fresh = [r for r in state.store.load_regions(uri) if r.id not in known]
    if not fresh:
        return []
    snapshot = state.store.load_snapshot(uri)
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
        state.dirty.add(uri)
    return adopted
