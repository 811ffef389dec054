"""What changed in a document's regions since the client was last told.

Each applied change records the regions it edited (or created, relabeled) by id, and how many
lines the text after it moved. When the server notifies, ``DeltaLog.take`` turns that into
created / changed / removed regions plus line shifts, so a client keeps its view current
without asking for every region again. Cost: proportional to what changed, plus one pass
over the document's region ids per notification.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LineShift:
    """Regions not listed otherwise that start after ``line`` moved by ``delta`` lines."""

    line: int
    delta: int


@dataclass
class Pending:
    """Changes of one document since its last notification."""

    changed: set[str] = field(default_factory=set)
    shifts: list[LineShift] = field(default_factory=list)
    #: Positions may have changed anywhere (re-anchoring): every region counts as changed.
    reset: bool = False

    def shift(self, line: int, delta: int) -> None:
        if delta and not self.reset:
            self.shifts.append(LineShift(line, delta))


@dataclass(frozen=True)
class Delta:
    created: list[str]
    changed: list[str]
    removed: list[str]
    shifts: list[LineShift]
    #: ``created`` lists every live region: the server did not know what the client had.
    complete: bool
    #: Increases with every delta; a listing answers with the latest, so a client can drop
    #: deltas it receives while waiting for a listing that already contains them.
    seq: int


class DeltaLog:
    """Per-document pending changes and the region ids the client was told about."""

    def __init__(self) -> None:
        self._pending: dict[str, Pending] = {}
        self._known: dict[str, set[str]] = {}
        self.seq = 0
        #: The client listed every document's regions: it shows documents that are not open.
        self.listed_all = False

    def of(self, uri: str) -> Pending:
        pending = self._pending.get(uri)
        if pending is None:
            pending = self._pending[uri] = Pending()
        return pending

    def touched(self, uri: str, ids: Iterable[str]) -> None:
        self.of(uri).changed.update(ids)

    def reset(self, uri: str) -> None:
        pending = self.of(uri)
        pending.reset = True
        pending.shifts.clear()

    def take(self, uri: str, live_ids: Iterable[str]) -> Delta:
        """The delta from what the client knows to ``live_ids`` (in document order)."""
        pending = self._pending.pop(uri, None) or Pending()
        complete = uri not in self._known
        known = self._known.get(uri, set())
        order = list(live_ids)
        live = set(order)
        created = [rid for rid in order if rid not in known]
        if pending.reset:
            changed = [rid for rid in order if rid in known]
        else:
            changed = [rid for rid in order if rid in pending.changed and rid in known]
        removed = sorted(known - live)
        self._known[uri] = live
        self.seq += 1
        shifts = [] if pending.reset or complete else pending.shifts
        return Delta(created, changed, removed, shifts, complete, self.seq)

    def stale(
        self, live: dict[str, set[str]], skip: set[str] | frozenset[str] = frozenset()
    ) -> list[str]:
        """Documents (not in ``skip``) whose live region ids differ from what the client was
        told; none unless the client listed every document (else it does not show them)."""
        if not self.listed_all:
            return []
        uris = (set(live) | {u for u, ids in self._known.items() if ids}) - set(skip)
        return sorted(u for u in uris if live.get(u, set()) != self._known.get(u, set()))

    def listed(self, uri: str | None, regions: Iterable[tuple[str, str]]) -> int:
        """The client was sent the live ``(uri, id)`` regions of ``uri`` (or of every
        document): it knows them, and nothing pending for those documents is news."""
        if uri is None:
            self._pending.clear()
            self._known = {}
            self.listed_all = True
        else:
            self._pending.pop(uri, None)
            self._known[uri] = set()
        for owner, rid in regions:
            self._known.setdefault(owner, set()).add(rid)
        return self.seq
