"""Lines a commit adds that existed before: a side-branch line arriving through a merge, or a
block moved or copied from elsewhere (``moves``). Such a line keeps its id (moved, merged)
or gets a new id in the same region (copied), so it stays credited to the commit that wrote
it, and that region's history continues at the new place.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import replace

from aidecay.replay.lines import UNKNOWN_REGION, Lines, alnum, text_hash
from aidecay.replay.moves import GIT_SIZES, Anchor, Block, MoveSizes, best_blocks, leftovers
from aidecay.replay.patch import Patch

State = dict[str, list[int]]


class Follower:
    """Fills the placeholders of a commit's patches with lines that existed before."""

    def __init__(
        self, lines: Lines, on_copy: Callable[[int, int], None], sizes: MoveSizes = GIT_SIZES
    ) -> None:
        self.lines = lines
        self.sizes = sizes
        self.on_copy = on_copy  # (region, new line id) of every copied line
        self._positions: OrderedDict[int, tuple[Sequence[int], dict[int, int]]] = OrderedDict()

    def positions(self, ids: Sequence[int]) -> dict[int, int]:
        """line id -> index in ``ids`` (cached for the last few lists; lists never change once
        they are in a state)."""
        found = self._positions.get(id(ids))
        if found is not None and found[0] is ids:
            self._positions.move_to_end(id(ids))
            return found[1]
        where = {line: k for k, line in enumerate(ids)}
        self._positions[id(ids)] = (ids, where)
        if len(self._positions) > 16:
            self._positions.popitem(last=False)
        return where

    # -- merges -----------------------------------------------------------------------------

    def merged(self, patch: Patch, others: list[State]) -> None:
        """Lines a merge adds that a side branch wrote keep that branch's ids (same text, in
        order; lines of the replayed range before lines older than it)."""
        fd, new = patch.fd, patch.new
        if new is None or not patch.born:
            return
        present = set(new)
        recent: dict[int, deque[int]] = {}
        older: dict[int, deque[int]] = {}
        hashes, regions = self.lines.hash, self.lines.region
        for other in others:
            ids = other.get(fd.new_path or "") or (other.get(fd.old_path) if fd.old_path else None)
            for line in ids or ():
                if line not in present:
                    pools = older if regions[line] == UNKNOWN_REGION else recent
                    pools.setdefault(hashes[line], deque()).append(line)
        if not recent and not older:
            return
        path = self.lines.path_id(fd.new_path or "")
        left = []
        for index, text in patch.born:
            digest = text_hash(text)
            pool = recent.get(digest) or older.get(digest)
            if pool:
                line = pool.popleft()
                new[index] = line
                self.lines.path[line] = path
            else:
                left.append((index, text))
        patch.born[:] = left

    # -- moves and copies -------------------------------------------------------------------

    def moved(self, patches: list[Patch], parents: list[State]) -> set[int]:
        """Fill runs of added lines found as blocks in the parents; the ids moved (reused)."""
        removed = {line for patch in patches for line in patch.removed}
        changed = {p.fd.old_path for p in patches if p.fd.old_path}
        reused: set[int] = set()
        for patch in patches:
            if patch.new is not None and patch.born:
                self._patch(patch, parents, removed, changed, reused)
        return reused

    def _patch(
        self,
        patch: Patch,
        parents: list[State],
        removed: set[int],
        changed: set[str],
        reused: set[int],
    ) -> None:
        same = patch.fd.old_path
        if patch.fd.old_path != patch.fd.new_path:  # created or renamed: -C -C looks everywhere

            def elsewhere(path: str) -> bool:
                return path != same

        else:

            def elsewhere(path: str) -> bool:
                return path != same and path in changed

        filled: set[int] = set()
        for run in patch.runs():
            hashes = [text_hash(text) for _, text in run]
            if not any(self.lines.candidates(h) for h in hashes):
                continue
            scores = [alnum(text) for _, text in run]
            within, across = self.sizes.within, self.sizes.across
            blocks = self._search(hashes, scores, parents, lambda path: path == same, within)
            for lo, hi in leftovers(len(run), blocks):
                found = self._search(hashes[lo:hi], scores[lo:hi], parents, elsewhere, across)
                blocks += [replace(block, start=block.start + lo) for block in found]
            for block in blocks:
                self._fill(patch, run, block, parents, removed, reused, filled)
        if filled:
            patch.born[:] = [(i, t) for i, t in patch.born if i not in filled]

    def _search(
        self,
        hashes: list[int],
        scores: list[int],
        parents: list[State],
        allowed: Callable[[str], bool],
        min_chars: int,
    ) -> list[Block]:
        lines = self.lines
        anchors: list[Anchor] = []
        for index, digest in enumerate(hashes):
            for line in lines.candidates(digest):
                path = lines.paths[lines.path[line]]
                if not allowed(path):
                    continue
                for k, parent in enumerate(parents):
                    ids = parent.get(path)
                    at = self.positions(ids).get(line) if ids else None
                    if at is not None:
                        anchors.append((index, ids, at, k, path))
        if not anchors:
            return []
        return best_blocks(hashes, scores, anchors, lines.hash.__getitem__, min_chars)

    def _fill(
        self,
        patch: Patch,
        run: list[tuple[int, str]],
        block: Block,
        parents: list[State],
        removed: set[int],
        reused: set[int],
        filled: set[int],
    ) -> None:
        lines, new = self.lines, patch.new
        assert new is not None and patch.fd.new_path is not None
        path = lines.path_id(patch.fd.new_path)
        first = self.positions(parents[0].get(block.path) or []) if block.parent else {}
        for offset in range(block.length):
            index = run[block.start + offset][0]
            source = block.source[block.at + offset]
            gone = source in removed or (block.parent > 0 and source not in first)
            if gone and source not in reused:  # moved: the same line, at its new place
                reused.add(source)
                lines.path[source] = path
                new[index] = source
            else:  # copied: a new line of the same region
                region = lines.region[source]
                new[index] = lines.new(lines.hash[source], region, path)
                if region != UNKNOWN_REGION:
                    self.on_copy(region, new[index])
            filled.add(index)
