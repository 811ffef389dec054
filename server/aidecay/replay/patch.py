"""One file's ``-U0`` diff applied to the line ids of its parent version.

The result keeps the parent's ids for unchanged lines and a placeholder (``NEW``) where the
commit added a line; the walk then fills each placeholder with a line found elsewhere (a
merged side-branch line, a moved or copied block) or a newly born line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aidecay.replay.diff import FileDiff

NEW = -1


@dataclass
class Hunk:
    """Where a hunk applies (0-based in the old file), the ids it removed and the indices in
    the new file of the lines it added."""

    position: int
    removed: list[int]
    removed_text: list[str]
    added: list[int]


@dataclass
class Patch:
    fd: FileDiff
    old: list[int]
    new: list[int] | None  # None: the file is gone (deleted, or now binary)
    hunks: list[Hunk] = field(default_factory=list)
    #: (index in ``new``, text) of every line still to be filled
    born: list[tuple[int, str]] = field(default_factory=list)

    @property
    def removed(self) -> list[int]:
        if self.new is None:
            return self.old
        return [line for hunk in self.hunks for line in hunk.removed]

    def born_texts(self) -> list[list[str]]:
        """Per hunk, the texts of its added lines that are born in this commit."""
        pending = dict(self.born)
        return [[pending[i] for i in hunk.added if i in pending] for hunk in self.hunks]

    def runs(self) -> list[list[tuple[int, str]]]:
        """``born`` split into runs of consecutive lines of the new file."""
        runs: list[list[tuple[int, str]]] = []
        last = -2
        for index, text in self.born:
            if index != last + 1:
                runs.append([])
            runs[-1].append((index, text))
            last = index
        return runs


def apply(old: list[int], fd: FileDiff) -> Patch:
    """``fd`` applied to ``old`` (the ids of the parent version)."""
    if fd.new_path is None or fd.binary:
        return Patch(fd, old, None)
    if not fd.hunks:
        return Patch(fd, old, old)
    patch = Patch(fd, old, [])
    new = patch.new
    assert new is not None
    prev = 0
    for hunk in fd.hunks:
        pos = min(hunk.position, len(old))
        new.extend(old[prev:pos])
        added = []
        for text in hunk.added:
            added.append(len(new))
            patch.born.append((len(new), text))
            new.append(NEW)
        patch.hunks.append(Hunk(pos, old[pos : pos + hunk.old_count], hunk.removed, added))
        prev = pos + hunk.old_count
    new.extend(old[prev:])
    return patch
