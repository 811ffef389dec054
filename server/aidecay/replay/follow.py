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
#: Called for every copied line: (the source line's region, the new line, its path, its index
#: in the new file, its text).
Copied = Callable[[int, int, str, int, str], None]


class Follower:
    """Fills the placeholders of a commit's patches with lines that existed before."""

    def __init__(self, lines: Lines, on_copy: Copied, sizes: MoveSizes = GIT_SIZES) -> None:
        self.lines = lines
        self.sizes = sizes
        self.on_copy = on_copy
        #: id(list) -> (the list, its index or None, lookups so far)
        self._positions: OrderedDict[int, tuple[Sequence[int], dict[int, int] | None, int]] = (
            OrderedDict()
        )

    def position(self, ids: Sequence[int], line: int) -> int | None:
        """Where ``line`` is in ``ids`` (lists never change once they are in a state). The
        first lookups in a list scan it (fast, in C); a list asked often gets an index."""
        found = self._positions.get(id(ids))
        if found is None or found[0] is not ids:
            found = self._positions[id(ids)] = (ids, None, 0)
            if len(self._positions) > 16:
                self._positions.popitem(last=False)
        else:
            self._positions.move_to_end(id(ids))
        where = found[1]
        if where is None:
            if found[2] < 8:
                self._positions[id(ids)] = (ids, None, found[2] + 1)
                try:
                    return ids.index(line)
                except ValueError:
                    return None
            where = {item: k for k, item in enumerate(ids)}
            self._positions[id(ids)] = (ids, where, found[2])
        return where.get(line)

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
            if sum(scores) < min(self.sizes.within, self.sizes.across):
                continue  # too small to be a moved block anywhere
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
        for index in _anchors(hashes, scores, lines.candidates, min_chars):
            for line in lines.candidates(hashes[index]):
                path = lines.paths[lines.path[line]]
                if not allowed(path):
                    continue
                for k, parent in enumerate(parents):
                    ids = parent.get(path)
                    at = self.position(ids, line) if ids else None
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
        first = parents[0].get(block.path) or [] if block.parent else []
        for offset in range(block.length):
            index, text = run[block.start + offset]
            source = block.source[block.at + offset]
            gone = source in removed or (block.parent > 0 and self.position(first, source) is None)
            if gone and source not in reused:  # moved: the same line, at its new place
                reused.add(source)
                lines.path[source] = path
                new[index] = source
            else:  # copied: a new line, credited as its source is
                region = lines.region[source]
                new[index] = lines.new(lines.hash[source], region, path)
                if region != UNKNOWN_REGION:
                    self.on_copy(region, new[index], patch.fd.new_path, index, text)
            filled.add(index)


def _anchors(
    hashes: list[int], scores: list[int], candidates: Callable[[int], list[int]], min_chars: int
) -> list[int]:
    """Lines of a run worth looking up: found elsewhere, and either big enough to be a block
    alone or next to another such line (blank lines between them aside): an isolated common
    line can never start a block of the minimum size, and looking it up is the costly part."""
    found = [i for i, h in enumerate(hashes) if candidates(h)]
    keep = []
    for k, index in enumerate(found):
        if scores[index] >= min_chars:
            keep.append(index)
            continue
        before = found[k - 1] if k else None
        after = found[k + 1] if k + 1 < len(found) else None
        if (before is not None and _blank_between(scores, before, index)) or (
            after is not None and _blank_between(scores, index, after)
        ):
            keep.append(index)
    return keep


def _blank_between(scores: list[int], a: int, b: int) -> bool:
    """Only lines without letters or digits (blank lines, brackets) between ``a`` and ``b``."""
    return all(scores[i] == 0 for i in range(a + 1, b))
