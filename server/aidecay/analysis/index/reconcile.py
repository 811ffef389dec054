"""What the saved index still knows: the rows of unchanged files are reused, the rest is
parsed and saved in batches.

A file whose size and mtime match its row is unchanged; one whose size matches and whose
content hash does too is unchanged with a new mtime (the row's mtime is refreshed).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .discovery import Found, read_bytes
from .persist import FileRow, IndexCache, decode

SAVE_BATCH = 200


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def reuse(
    found: Iterable[Found], saved: dict[str, tuple[int, int, str, bytes]], cache: IndexCache
) -> Iterator[tuple[Path, os.stat_result, list[tuple] | None]]:
    """Each found file with its saved records, or None when it must be parsed. Rows whose
    file only got a new mtime are refreshed in ``cache`` once the iteration ends."""
    touched: list[tuple[str, int, int]] = []
    for path, stat in found:
        row = saved.get(str(path))
        records = None
        if row is not None:
            size, mtime, digest, blob = row
            if (size, mtime) == (stat.st_size, stat.st_mtime_ns):
                records = decode(blob)
            elif size == stat.st_size:
                data = read_bytes(path)
                if data is not None and content_hash(data) == digest:
                    records = decode(blob)
                    touched.append((str(path), stat.st_size, stat.st_mtime_ns))
        yield path, stat, records
    cache.touch(touched)


class RowWriter:
    """Reads the files to parse (remembering what their rows need) and saves their records
    in batches."""

    def __init__(self, cache: IndexCache) -> None:
        self._cache = cache
        self._digests: dict[str, tuple[int, int, str]] = {}
        self._pending: list[FileRow] = []

    def read(self, found: Iterable[Found]) -> Iterator[tuple[str, bytes]]:
        """(path, bytes) of each readable file, for the parser."""
        for path, stat in found:
            data = read_bytes(path)
            if data is None:
                continue
            self._digests[str(path)] = (stat.st_size, stat.st_mtime_ns, content_hash(data))
            yield str(path), data

    def add(self, name: str, records: list[tuple] | None) -> None:
        """Queue the parsed file's row (None: it could not be parsed, nothing to save)."""
        size, mtime, digest = self._digests.pop(name)
        if records is None:
            return
        self._pending.append(FileRow(name, size, mtime, digest, records))
        if len(self._pending) >= SAVE_BATCH:
            self.flush()

    def flush(self) -> None:
        self._cache.save(self._pending)
        self._pending = []
