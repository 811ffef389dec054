"""Sibling modules (other ``.py`` files of the same folder), parsed once per modification.

They give the convention checks a fallback when a file alone has too few samples.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from ..conventions.source import ParsedSource, parse_source
from .definitions import decode_python

MAX_FILES = 20
MAX_BYTES = 200_000
#: Parsed files kept (least recently used dropped first): the siblings of two folders.
MAX_CACHED = 2 * MAX_FILES


class SiblingCache:
    """Parsed siblings keyed by path, re-read when their mtime or size changes; the last
    ``MAX_CACHED`` used are kept."""

    def __init__(self, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES) -> None:
        self.max_files = max_files
        self.max_bytes = max_bytes
        self._parsed: OrderedDict[Path, tuple[tuple[int, int], ParsedSource]] = OrderedDict()
        self._lock = threading.Lock()

    def siblings(self, path: str | Path | None) -> tuple[ParsedSource, ...]:
        """Up to ``max_files`` parsed siblings of ``path`` (never ``path`` itself)."""
        if path is None:
            return ()
        own = Path(path)
        try:
            entries = sorted(os.scandir(own.parent), key=lambda e: e.name)
        except OSError:
            return ()
        found: list[ParsedSource] = []
        for entry in entries:
            if len(found) >= self.max_files:
                break
            if not entry.name.endswith(".py") or entry.name == own.name:
                continue
            parsed = self._load(Path(entry.path))
            if parsed is not None:
                found.append(parsed)
        return tuple(found)

    def _load(self, path: Path) -> ParsedSource | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        if not path.is_file() or stat.st_size > self.max_bytes:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._parsed.get(path)
            if cached is not None and cached[0] == key:
                self._parsed.move_to_end(path)
                return cached[1]
        try:
            text = decode_python(path.read_bytes())
        except OSError:
            return None
        if text is None:
            return None
        parsed = parse_source(text, str(path))
        with self._lock:
            self._parsed[path] = (key, parsed)
            self._parsed.move_to_end(path)
            while len(self._parsed) > MAX_CACHED:
                self._parsed.popitem(last=False)
        return parsed
