"""Every line the walk has met: its region, its death, a hash of its text and the file it was
last placed in, plus an index of lines by text so moved and copied blocks can be found.

Hashes are stable across processes (crc32 and adler32 of the UTF-8 text), so a walk saved by
one run (``replay.state``) is continued by the next with the same hashes.
"""

from __future__ import annotations

import zlib
from array import array

ALIVE = -1
UNKNOWN_REGION = -1  # a line that existed before the replayed history (``--since``)
#: A text met more often than this (``)``, ``return None``) anchors no moved block: common
#: lines are still part of a block found through its rarer lines.
COMMON = 64
_NOT_ALNUM = bytes(c for c in range(256) if not (chr(c).isascii() and chr(c).isalnum()))


def text_hash(text: str) -> int:
    """A 64-bit hash of one line's text, the same in every process."""
    data = text.encode("utf-8", "surrogateescape")
    return ((zlib.crc32(data) << 32) | zlib.adler32(data)) - (1 << 63)


def alnum(text: str) -> int:
    """Letters and digits in ``text``, counted as ``git blame`` scores a moved block (ASCII
    bytes only)."""
    return len(text.encode("utf-8", "surrogateescape").translate(None, _NOT_ALNUM))


class Lines:
    """Parallel arrays indexed by line id, and the text index (``candidates``)."""

    def __init__(self) -> None:
        self.region = array("i")
        self.died = array("i")
        self.hash = array("q")
        self.path = array("i")
        self.paths: list[str] = []
        self._path_ids: dict[str, int] = {}
        #: text hash -> line ids with that text; None once the text is too common to anchor
        self._by_hash: dict[int, list[int] | None] = {}

    def __len__(self) -> int:
        return len(self.region)

    def path_id(self, path: str) -> int:
        found = self._path_ids.get(path)
        if found is None:
            found = self._path_ids[path] = len(self.paths)
            self.paths.append(path)
        return found

    def new(self, digest: int, region: int, path: int, indexed: bool = True) -> int:
        """A new line id (``indexed``: findable by ``candidates``; blank lines need not be)."""
        line = len(self.region)
        self.region.append(region)
        self.died.append(ALIVE)
        self.hash.append(digest)
        self.path.append(path)
        if indexed:
            self._index(line, digest)
        return line

    def _index(self, line: int, digest: int) -> None:
        found = self._by_hash.get(digest, [])
        if found is not None:
            found.append(line)
            self._by_hash[digest] = found if len(found) <= COMMON else self._live(found)

    def _live(self, found: list[int]) -> list[int] | None:
        live = [line for line in found if self.died[line] == ALIVE]
        return live if len(live) <= COMMON // 2 else None

    def die(self, line: int, commit: int) -> None:
        if self.died[line] == ALIVE:
            self.died[line] = commit

    def candidates(self, digest: int) -> list[int]:
        """Line ids with this text, or [] when there are too many live ones to be useful."""
        return self._by_hash.get(digest) or []

    def reindex(self, blank: int) -> None:
        """Rebuild the text index (after ``restore``); lines hashed as ``blank`` stay out."""
        self._by_hash = {}
        for line, digest in enumerate(self.hash):
            if digest != blank:
                self._index(line, digest)
        self._path_ids = {path: k for k, path in enumerate(self.paths)}
