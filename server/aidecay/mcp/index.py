"""The language server's persisted workspace index, loaded (and kept current) here.

One ``WorkspaceIndex`` per root, backed by the same database rows the language server
writes (``index_files``): unchanged files come from the rows, changed ones are parsed (in
the index's own worker processes, which never import workspace code). It builds in a
background thread; until it is done, answers come from the part already loaded and say so.
While the server runs, a query older than ``REFRESH_S`` since the last look starts a quick
rescan (sizes and times) in the background, so files the agent wrote are seen.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from aidecay.analysis.index.words import WordIndex
from aidecay.analysis.index.workspace import WorkspaceIndex

log = logging.getLogger(__name__)

REFRESH_S = 5.0
#: While the index builds, the word index is rebuilt from what is loaded at most this often.
WORDS_PARTIAL_S = 5.0


class LiveIndex:
    """A ``WorkspaceIndex`` that builds in the background and follows the files on disk."""

    def __init__(self, root: Path, db_path: str | None) -> None:
        self.index = WorkspaceIndex(root, cache_path=db_path)
        self._lock = threading.Lock()
        self._stats: dict[Path, tuple[int, int]] = {}
        self._words = WordIndex(())
        self._words_key: tuple[bool, int, int] = (False, -1, -1)
        self._words_at = 0.0
        self._looked_at = 0.0
        self._busy = False
        #: Bumped whenever a file is re-read after the build.
        self._generation = 0

    @property
    def root(self) -> Path:
        return self.index.root

    @property
    def ready(self) -> bool:
        return self.index.ready.is_set()

    def status(self) -> dict:
        done, total = self.index.progress
        return {"root": str(self.root), "ready": self.ready, "files_done": done, "files": total}

    def start(self) -> None:
        self._background(self._build)

    def _background(self, work) -> None:
        with self._lock:
            if self._busy:
                return
            self._busy = True

        def run() -> None:
            try:
                work()
            except Exception:  # noqa: BLE001 - the index is an aid; queries still answer
                log.exception("indexing %s failed", self.root)
                self.index.ready.set()
            finally:
                with self._lock:
                    self._busy = False
                    self._looked_at = time.monotonic()

        threading.Thread(target=run, name="aidecay-mcp-index", daemon=True).start()

    def _build(self) -> None:
        started = time.perf_counter()
        count = self.index.build()
        self._stats = self._scan()
        log.info(
            "index of %s ready: %d files in %.1f s", self.root, count, time.perf_counter() - started
        )

    def _scan(self) -> dict[Path, tuple[int, int]]:
        stats = {}
        for path in self.index.iter_files():
            try:
                stat = path.stat()
            except OSError:
                continue
            stats[path] = (stat.st_size, stat.st_mtime_ns)
        return stats

    def refresh(self) -> None:
        """Start a rescan when the last look is older than ``REFRESH_S`` (never waits)."""
        if self.ready and time.monotonic() - self._looked_at > REFRESH_S:
            self._background(self._rescan)

    def _rescan(self) -> None:
        now = self._scan()
        changed = [path for path, stat in now.items() if self._stats.get(path) != stat]
        gone = self._stats.keys() - now.keys()
        for path in changed:
            self.index.update_file(path)
        for path in gone:
            self.index.remove_file(path)
        self._stats = now
        if changed or gone:
            self._generation += 1

    def touched(self, path: Path) -> None:
        """A file the server knows changed (``mark_ai``): index it now."""
        if self.index.is_indexable(path):
            self.index.update_file(path)
            self._generation += 1

    def words(self) -> WordIndex:
        """Definitions by name and docstring words (rebuilt when the index changed)."""
        key = (self.ready, len(self.index), self._generation)
        if key != self._words_key and (
            self.ready or time.monotonic() - self._words_at > WORDS_PARTIAL_S
        ):
            self._words = WordIndex(self.index.definitions())
            self._words_key, self._words_at = key, time.monotonic()
        return self._words
