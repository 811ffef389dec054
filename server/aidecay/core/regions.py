"""The range engine: how AI regions move, resize, split off and die as their document changes.

A region is ``[start, end)`` in character offsets, ``start < end``; the live regions of one
document never overlap. A change replaces ``[a, b)`` with ``text`` and each region follows one
of five rules (see docs/architecture.md):

1. the change is entirely before the region (``b <= start``): the region shifts;
2. the change is entirely after it (``a >= end``): nothing happens;
3. the change is inside it: the region resizes; an edit of the region;
4. the change crosses one boundary: the surviving part stays and the inserted text joins;
5. the change covers the region: the region is mapped through a diff of the replaced text;
   it survives if most of its text did, otherwise it is deleted.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum

from aidecay.core.anchoring import SpanMapper, change_size

RULE_SHIFT = "shift"
RULE_INSIDE = "inside"
RULE_BOUNDARY = "boundary"
RULE_COVER = "cover"


class Status(str, Enum):
    LIVE = "live"
    DELETED = "deleted"
    UNMARKED = "unmarked"


@dataclass(slots=True)
class Region:
    """One AI-written region and the running totals of what happened to it."""

    id: str
    uri: str
    start: int
    end: int
    origin: str
    tool: str | None = None
    model: str | None = None
    status: Status = Status.LIVE
    created_at: str = ""
    edit_count: int = 0
    chars_inserted: int = 0
    chars_deleted: int = 0
    last_edited_at: str | None = None
    deleted_at: str | None = None
    original_text: str = ""
    reviewed_at: str | None = None
    #: Raw content changes folded into the edits (``edit_count`` counts edits).
    change_count: int = 0
    #: Sittings the region was edited in (edits closer than the sitting gap share one).
    sittings: int = 0
    reviewed_by: str | None = None

    @property
    def live(self) -> bool:
        return self.status is Status.LIVE


@dataclass(frozen=True)
class Touch:
    """What one change did to one region (rules 3 to 5)."""

    region: Region
    rule: str
    inserted: int
    deleted: int
    died: bool = False

    @property
    def edited(self) -> bool:
        return self.died or self.inserted > 0 or self.deleted > 0


@dataclass
class RegionSet:
    """The live regions of one document, sorted by start."""

    regions: list[Region] = field(default_factory=list)

    @classmethod
    def of(cls, regions: list[Region]) -> RegionSet:
        """Sorted, non-overlapping, non-empty (rows from two writers may disagree)."""
        kept: list[Region] = []
        for region in sorted(regions, key=lambda r: (r.start, r.end)):
            if kept and region.start < kept[-1].end:
                region.start = kept[-1].end
            if region.start < region.end:
                kept.append(region)
        return cls(kept)

    def __iter__(self):
        return iter(self.regions)

    def __len__(self) -> int:
        return len(self.regions)

    def add(self, region: Region) -> None:
        """Insert a live region; it must not overlap another (see ``uncovered``)."""
        k = bisect_right(self.regions, region.start, key=lambda r: r.start)
        self.regions.insert(k, region)

    def remove(self, region: Region) -> None:
        self.regions.remove(region)

    def near(self, start: int, end: int) -> list[Region]:
        """Regions that overlap or touch ``[start, end]``."""
        k = bisect_right(self.regions, start - 1, key=lambda r: r.end)
        found = []
        for region in self.regions[k:]:
            if region.start > end:
                break
            found.append(region)
        return found

    def uncovered(self, start: int, end: int) -> tuple[list[tuple[int, int]], list[Region]]:
        """The parts of ``[start, end)`` outside every region, and the regions it overlaps."""
        gaps: list[tuple[int, int]] = []
        overlapped: list[Region] = []
        cursor = start
        k = bisect_right(self.regions, start, key=lambda r: r.end)
        for region in self.regions[k:]:
            if region.start >= end:
                break
            overlapped.append(region)
            if region.start > cursor:
                gaps.append((cursor, region.start))
            cursor = max(cursor, region.end)
        if cursor < end:
            gaps.append((cursor, end))
        return gaps, overlapped

    def apply(
        self, a: int, b: int, text: str, old_text: str, mapper: SpanMapper | None = None
    ) -> list[Touch]:
        """Follow the change ``old_text[a:b] -> text`` and report the regions it edited.

        ``mapper``: a ``SpanMapper(old_text[a:b], text)`` computed beforehand (off the event
        loop) for a change that covers whole regions."""
        delta = len(text) - (b - a)
        regions = self.regions
        first = bisect_right(regions, a, key=lambda r: r.end)  # rule 2 for all before
        stop = first
        touches: list[Touch] = []
        claimed = -1  # end of the previous touched region: the inserted text goes to one only
        while stop < len(regions) and b > regions[stop].start:
            region = regions[stop]
            s, e = region.start, region.end
            if a <= s and b >= e:
                if mapper is None:
                    mapper = SpanMapper(old_text[a:b], text)
                touches.append(self._cover(region, mapper, a))
            elif s <= a and b <= e:
                region.end = e + delta
                touches.append(Touch(region, RULE_INSIDE, len(text), b - a))
            elif a < s:  # a < s < b < e: the change ends inside
                region.start, region.end = a, e + delta
                touches.append(Touch(region, RULE_BOUNDARY, len(text), b - s))
            else:  # s < a < e < b: the change starts inside
                region.end = a + len(text)
                touches.append(Touch(region, RULE_BOUNDARY, len(text), e - a))
            if not touches[-1].died:
                if region.start < claimed:  # two regions claim the inserted text
                    region.start = claimed
                if region.start >= region.end:
                    touches[-1] = Touch(region, touches[-1].rule, 0, e - s, died=True)
                else:
                    claimed = region.end
            stop += 1
        if delta:
            for region in regions[stop:]:
                region.start += delta
                region.end += delta
        dead = [t.region for t in touches if t.died]
        for region in dead:
            regions.remove(region)
        return touches

    @staticmethod
    def _cover(region: Region, mapper: SpanMapper, a: int) -> Touch:
        s, e = region.start - a, region.end - a
        mapped = mapper.map_span(s, e)
        if not mapped.alive:
            return Touch(region, RULE_COVER, 0, e - s, died=True)
        inserted, deleted = change_size(mapper.old[s:e], mapper.new[mapped.start : mapped.end])
        region.start, region.end = a + mapped.start, a + mapped.end
        return Touch(region, RULE_COVER, inserted, deleted)


def trim_blank_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` of ``text`` by its leading and trailing whitespace-only lines."""
    while start < end:
        newline = text.find("\n", start, end)
        if newline < 0 or text[start:newline].strip():
            break
        start = newline + 1
    while start < end:
        line_start = max(text.rfind("\n", start, end), text.rfind("\r", start, end))
        if line_start < 0 or text[line_start + 1 : end].strip():
            break
        end = line_start
        if end > start and text[end - 1] == "\r" and text[end] == "\n":
            end -= 1
    if start < end and not text[start:end].strip():
        return start, start
    return start, end
