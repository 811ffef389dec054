"""The workspace's top-level functions and methods, searchable for near-miss clones.

Workspace code is only ever *parsed* (``ast``, falling back to parso for files with syntax
errors), in worker processes that receive file contents; it is never imported or executed.
``build()`` loads what the database remembers about unchanged files first, then parses the
rest, so queries answer from the part already built while it runs; ``focus()`` indexes the
folder of a file open in the editor at once and moves its package to the front of the
build. Line numbers are 0-based and inclusive; a definition starts at its first decorator.

The jobs live in their own modules: ``discovery`` (which files, in which order),
``reconcile`` (the saved rows), ``catalog`` (definitions, fingerprints and postings, and the
search), ``pool`` (parsing in worker processes).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from .catalog import Catalog, SimilarDef
from .definitions import IndexedDef, decode_python, def_from_record, extract_defs
from .discovery import Discovery, ParseOrder, read_bytes
from .fingerprint import Features
from .persist import FileRow, IndexCache
from .pool import extract_all
from .reconcile import RowWriter, content_hash, reuse

__all__ = ["SimilarDef", "WorkspaceIndex"]

#: Called with (files done, files in total) while the index builds.
Progress = Callable[[int, int], None]
#: ``focus()`` parses at most this much of the open file's folder in the calling thread; the
#: rest of the folder goes to the front of the build.
FOCUS_MAX_BYTES = 2_000_000


class WorkspaceIndex:
    """Thread-safe index of definitions under ``root``.

    ``build()`` scans everything (run it in a background thread); ``update_file`` /
    ``remove_file`` / ``focus`` keep it current and always win over a concurrent ``build()``.
    ``cache_path`` is the aidecay database that persists the index (None: not persisted).
    """

    def __init__(
        self,
        root: Path | str,
        *,
        cache_path: str | None = None,
        max_file_bytes: int = 1_000_000,
        max_files: int = 20_000,
    ) -> None:
        self.root = Path(root).resolve()
        self.cache_path = cache_path
        self.max_file_bytes = max_file_bytes
        self.max_files = max_files
        self.ready = threading.Event()
        #: Files done and files found by the running (or last) build.
        self.progress = (0, 0)
        #: How many times a focused package finished building (a cue to analyse again).
        self.focus_generation = 0
        self._discovery = Discovery(self.root, max_file_bytes, max_files)
        self._lock = threading.Lock()
        self._catalog = Catalog()
        self._seq = 0
        self._touched: dict[Path, int] = {}
        self._focused: set[Path] = set()
        self._order: ParseOrder | None = None
        self._awaited: set[Path] = set()
        #: Files ``focus()`` read from disk: the build neither parses nor replaces them.
        self._current: set[Path] = set()

    # ----------------------------------------------------------------- discovery
    def iter_files(self):
        """Python files that belong in the index (symlinked directories are not followed)."""
        for path, _stat in self._discovery.scan():
            yield path

    def relative(self, path: Path) -> Path:
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path

    def is_indexable(self, path: Path | str) -> bool:
        """Whether ``path`` is a ``.py`` file under root outside skipped directories."""
        return self._discovery.is_indexable(Path(path).resolve())

    # ----------------------------------------------------------------- building
    def build(self, progress: Progress | None = None) -> int:
        """Full scan: saved rows for unchanged files, parsing for the rest. Returns the number
        of files indexed; sets :attr:`ready` when done (also on failure)."""
        try:
            return self._build(progress or (lambda done, total: None))
        finally:
            self.ready.set()

    def _build(self, report: Progress) -> int:
        with self._lock:
            started = self._seq
        cache = IndexCache(self.cache_path, str(self.root))
        try:
            saved = cache.load()
            found = list(self._discovery.scan())
            total, done = len(found), 0

            def progress(step: int) -> None:
                if done % step == 0 or done == total:
                    self.progress = (done, total)
                    report(done, total)

            progress(1)
            changed = []
            for path, stat, records in reuse(found, saved, cache):
                if records is None:
                    changed.append((path, stat))
                    continue
                self._offer(path, records, started)
                done += 1
                progress(100)
            progress(1)
            with self._lock:  # files focus() indexed meanwhile need no parsing
                order = ParseOrder([f for f in changed if self._wanted(f[0], started)])
                self._order = order
                for folder in self._focused:
                    self._awaited.update(order.prefer(self._discovery.package_of(folder)))
            writer = RowWriter(cache)
            for name, records in extract_all(writer.read(order), len(changed), self.root):
                path = Path(name)
                done += 1
                if records is not None:
                    self._offer(path, records, started)
                writer.add(name, records)
                with self._lock:
                    self._settle_locked(path)
                progress(20)
            writer.flush()
            present = {str(p) for p, _ in found}
            cache.delete(p for p in saved if p not in present)
            with self._lock:
                self._order = None
                if self._awaited:  # files that could not be read
                    self._awaited.clear()
                    self.focus_generation += 1
                for path in [p for p in self._catalog.files if str(p) not in present]:
                    if self._touched.get(path, 0) <= started:
                        self._catalog.remove(path)
                self._catalog.compact()
                count = len(self._catalog.files)
            self.progress = (total, total)
            report(total, total)
            return count
        finally:
            cache.close()

    def _offer(self, path: Path, records: list[tuple], started: int) -> None:
        """Index ``records`` for ``path`` unless an editor update newer than the build exists."""
        defs = [def_from_record(r, path) for r in records]
        with self._lock:
            if self._wanted(path, started):
                self._catalog.replace(path, defs)

    def _wanted(self, path: Path, started: int) -> bool:
        """Whether the build that started at ``started`` should index ``path``: not if the
        editor updated it since, or ``focus()`` read it."""
        return self._touched.get(path, 0) <= started and path not in self._current

    def _settle_locked(self, path: Path) -> None:
        """``path`` is indexed: a focused package is built when it was its last file."""
        if path in self._awaited:
            self._awaited.discard(path)
            if not self._awaited:
                self.focus_generation += 1

    def focus(self, path: Path | str) -> None:
        """The editor opened ``path``: index its folder now (what is not indexed yet, up to
        ``FOCUS_MAX_BYTES``) and parse the rest of its package before other files."""
        path = Path(path).resolve()
        if not self._discovery.is_indexable(path):
            return
        folder = path.parent
        with self._lock:
            if folder in self._focused:
                return
            self._focused.add(folder)
            indexed = set(self._catalog.files)
        budget = FOCUS_MAX_BYTES
        rows: list[FileRow] = []
        for file, stat in self._discovery.folder(folder):
            if file in indexed or stat.st_size > budget:
                continue
            data = read_bytes(file, self.max_file_bytes)
            text = decode_python(data) if data is not None else None
            if text is None:
                continue
            budget -= len(data)
            defs = extract_defs(text, file)
            self._apply(file, defs)
            with self._lock:
                self._current.add(file)
            rows.append(_row(file, stat, data, defs))
        self._save(rows)
        with self._lock:
            if self._order is not None:
                self._awaited.update(self._order.prefer(self._discovery.package_of(folder)))

    # ----------------------------------------------------------------- editor updates
    def update_file(self, path: Path | str, text: str | None = None) -> bool:
        """(Re)index one file from ``text`` or from disk (and save it). Returns whether it is
        indexed."""
        path = Path(path).resolve()
        if not self._discovery.is_indexable(path):
            return False
        data: bytes | None = None
        if text is None:
            data = read_bytes(path, self.max_file_bytes)
            text = decode_python(data) if data is not None else None
        elif len(text) > self.max_file_bytes:
            text = None
        defs = extract_defs(text, path) if text is not None else None
        self._apply(path, defs)
        if data is not None and defs is not None:
            with contextlib.suppress(OSError):  # deleted meanwhile: nothing to save
                self._save([_row(path, path.stat(), data, defs)])
        return defs is not None

    def remove_file(self, path: Path | str) -> None:
        """Forget a deleted file."""
        path = Path(path).resolve()
        self._apply(path, None)
        if self.cache_path:
            cache = IndexCache(self.cache_path, str(self.root))
            cache.delete([str(path)])
            cache.close()

    def _apply(self, path: Path, defs: list[IndexedDef] | None) -> None:
        """An editor-side update of ``path`` (None: it has no definitions any more)."""
        with self._lock:
            self._seq += 1
            self._touched[path] = self._seq
            self._current.discard(path)
            if self._order is not None:
                self._order.drop(path)
            if defs is None:
                self._catalog.remove(path)
            else:
                self._catalog.replace(path, defs)
            self._settle_locked(path)

    def _save(self, rows: list[FileRow]) -> None:
        if not rows or not self.cache_path:
            return
        cache = IndexCache(self.cache_path, str(self.root))
        try:
            cache.save(rows)
        finally:
            cache.close()

    # ----------------------------------------------------------------- queries
    def definitions(self, path: Path | str | None = None) -> list[IndexedDef]:
        """All indexed definitions, or those of one file."""
        with self._lock:
            return self._catalog.definitions(None if path is None else Path(path).resolve())

    def __len__(self) -> int:
        with self._lock:
            return len(self._catalog)

    def similar(
        self,
        features: Features,
        threshold: float,
        *,
        exclude_path: Path | str | None = None,
        accept: Callable[[IndexedDef], bool] | None = None,
        limit: int = 10,
    ) -> list[SimilarDef]:
        """Indexed clone candidates at least ``threshold`` similar to ``features``, most
        similar first; definitions in ``exclude_path`` and those ``accept`` rejects are
        skipped."""
        if not features.candidate:
            return []
        excluded = Path(exclude_path).resolve() if exclude_path is not None else None
        with self._lock:
            found = self._catalog.similar(features, threshold, excluded, accept)
        return found[:limit]


def _row(path: Path, stat: os.stat_result, data: bytes, defs: list[IndexedDef]) -> FileRow:
    records = [d.record() for d in defs]
    return FileRow(str(path), stat.st_size, stat.st_mtime_ns, content_hash(data), records)
