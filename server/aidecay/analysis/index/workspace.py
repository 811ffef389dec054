"""The workspace's top-level functions and methods, searchable for near-miss clones.

Workspace code is only ever *parsed* (``ast``, falling back to parso for files with syntax
errors), in worker processes that receive file contents; it is never imported or executed.
``build()`` loads what the database remembers about unchanged files first, then parses the
rest, so queries answer from the part already built while it runs. Line numbers are 0-based
and inclusive; a definition starts at its first decorator.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_module
import threading
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .definitions import SKIPPED_DIRS, IndexedDef, decode_python, def_from_record, extract_defs
from .fingerprint import Features
from .persist import FileRow, IndexCache, decode
from .pool import extract_all
from .similarity import (
    MAX_VERIFIED,
    PostingIndex,
    min_shared_marks,
    shingle_count,
    shingle_set,
    similarity,
    size_compatible,
)

#: Called with (files done, files in total) while the index builds.
Progress = Callable[[int, int], None]
SAVE_BATCH = 200


@dataclass(frozen=True)
class SimilarDef:
    """An indexed definition and how similar it is to the query (0..1)."""

    item: IndexedDef
    similarity: float


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class WorkspaceIndex:
    """Thread-safe index of definitions under ``root``.

    ``build()`` scans everything (run it in a background thread); ``update_file`` /
    ``remove_file`` keep it current and always win over a concurrent ``build()``.
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
        self._lock = threading.Lock()
        self._files: dict[Path, tuple[int, ...]] = {}
        self._defs: dict[int, IndexedDef] = {}
        self._fingerprints: dict[str, list[int]] = {}
        self._postings = PostingIndex()
        self._next_id = 0
        self._dead = 0
        self._seq = 0
        self._touched: dict[Path, int] = {}

    @cached_property
    def project(self):
        """jedi's project for ``root`` (import-path settings of a checked-in
        ``.jedi/project.json`` honoured; its unsafe settings are dropped by jedi)."""
        import jedi

        if (self.root / ".jedi" / "project.json").is_file():
            try:
                loaded = jedi.Project.load(self.root)
                return jedi.Project(
                    self.root,
                    sys_path=loaded.sys_path,
                    added_sys_path=loaded.added_sys_path,
                    smart_sys_path=loaded.smart_sys_path,
                )
            except Exception:  # noqa: BLE001 - corrupt or newer config: defaults
                pass
        return jedi.Project(self.root)

    # ----------------------------------------------------------------- discovery
    def _skip_dir(self, dirpath: str, name: str) -> bool:
        return (
            name in SKIPPED_DIRS
            or name.startswith(".")
            or os.path.isfile(os.path.join(dirpath, name, "pyvenv.cfg"))
        )

    def iter_files(self) -> Iterator[Path]:
        """Python files that belong in the index (symlinked directories are not followed)."""
        for path, _stat in self._scan():
            yield path

    def _scan(self) -> Iterator[tuple[Path, os.stat_result]]:
        count = 0
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not self._skip_dir(dirpath, d))
            for filename in sorted(filenames):
                if not filename.endswith(".py") or filename.startswith("."):
                    continue
                path = Path(dirpath, filename)
                try:
                    stat = path.lstat()
                except OSError:
                    continue
                if not _regular(stat) or stat.st_size > self.max_file_bytes:
                    continue
                count += 1
                if count > self.max_files:
                    return
                yield path, stat

    def _normalize(self, path: Path | str) -> Path:
        return Path(path).resolve()

    def relative(self, path: Path) -> Path:
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path

    def is_indexable(self, path: Path | str) -> bool:
        """Whether ``path`` is a ``.py`` file under root outside skipped directories."""
        path = self._normalize(path)
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return False
        if path.suffix != ".py" or path.name.startswith("."):
            return False
        parent = self.root
        for part in relative.parts[:-1]:
            if self._skip_dir(str(parent), part):
                return False
            parent = parent / part
        return True

    # ----------------------------------------------------------------- building
    def build(self, progress: Progress | None = None) -> int:
        """Full scan: saved rows for unchanged files, parsing for the rest. Returns the number
        of files indexed; sets :attr:`ready` when done (also on failure)."""
        try:
            return self._build(progress or (lambda done, total: None))
        finally:
            self.ready.set()

    def _build(self, progress: Progress) -> int:
        with self._lock:
            started = self._seq
        cache = IndexCache(self.cache_path, str(self.root))
        try:
            saved = cache.load()
            found = list(self._scan())
            total = len(found)
            done = 0
            self.progress = (0, total)
            progress(0, total)
            changed: list[tuple[Path, os.stat_result]] = []
            touched: list[tuple[str, int, int]] = []
            for path, stat in found:
                row = saved.get(str(path))
                records = None
                if row is not None:
                    size, mtime, digest, blob = row
                    if (size, mtime) == (stat.st_size, stat.st_mtime_ns):
                        records = decode(blob)
                    elif size == stat.st_size:
                        data = _read_bytes(path)
                        if data is not None and content_hash(data) == digest:
                            records = decode(blob)
                            touched.append((str(path), stat.st_size, stat.st_mtime_ns))
                if records is None:
                    changed.append((path, stat))
                    continue
                self._offer(path, [def_from_record(r, path) for r in records], started)
                done += 1
                if done % 100 == 0:
                    self.progress = (done, total)
                    progress(done, total)
            cache.touch(touched)
            self.progress = (done, total)
            progress(done, total)
            digests: dict[str, tuple[int, int, str]] = {}

            def jobs() -> Iterator[tuple[str, bytes]]:
                for path, stat in changed:
                    data = _read_bytes(path)
                    if data is None:
                        continue
                    digests[str(path)] = (stat.st_size, stat.st_mtime_ns, content_hash(data))
                    yield str(path), data

            pending: list[FileRow] = []
            for name, records in extract_all(jobs(), len(changed), self.root):
                path = Path(name)
                done += 1
                if records is not None:
                    self._offer(path, [def_from_record(r, path) for r in records], started)
                    size, mtime, digest = digests[name]
                    pending.append(FileRow(name, size, mtime, digest, records))
                if len(pending) >= SAVE_BATCH:
                    cache.save(pending)
                    pending = []
                if done % 20 == 0 or done == total:
                    self.progress = (done, total)
                    progress(done, total)
            cache.save(pending)
            present = {str(p) for p, _ in found}
            cache.delete(p for p in saved if p not in present)
            with self._lock:
                for path in [p for p in self._files if str(p) not in present]:
                    if self._touched.get(path, 0) <= started:
                        self._remove_locked(path)
                self._postings.compact(self._defs.__contains__)
                self._dead = 0
                count = len(self._files)
            self.progress = (total, total)
            progress(total, total)
            return count
        finally:
            cache.close()

    def _offer(self, path: Path, defs: list[IndexedDef], started: int) -> None:
        """Index ``defs`` for ``path`` unless an editor update newer than the build exists."""
        with self._lock:
            if self._touched.get(path, 0) > started:
                return
            self._replace_locked(path, defs)

    def update_file(self, path: Path | str, text: str | None = None) -> bool:
        """(Re)index one file from ``text`` or from disk (and save it). Returns whether it is
        indexed."""
        path = self._normalize(path)
        if not self.is_indexable(path):
            return False
        data: bytes | None = None
        if text is None:
            data = _read_bytes(path, self.max_file_bytes)
            text = decode_python(data) if data is not None else None
        elif len(text) > self.max_file_bytes:
            text = None
        defs = extract_defs(text, path) if text is not None else None
        with self._lock:
            self._seq += 1
            self._touched[path] = self._seq
            if defs is None:
                self._remove_locked(path)
            else:
                self._replace_locked(path, defs)
        if data is not None and defs is not None and self.cache_path:
            self._save_one(path, data, defs)
        return defs is not None

    def _save_one(self, path: Path, data: bytes, defs: list[IndexedDef]) -> None:
        try:
            stat = path.stat()
        except OSError:
            return
        cache = IndexCache(self.cache_path, str(self.root))
        try:
            records = [d.record() for d in defs]
            digest = content_hash(data)
            cache.save([FileRow(str(path), stat.st_size, stat.st_mtime_ns, digest, records)])
        finally:
            cache.close()

    def remove_file(self, path: Path | str) -> None:
        """Forget a deleted file."""
        path = self._normalize(path)
        with self._lock:
            self._seq += 1
            self._touched[path] = self._seq
            self._remove_locked(path)
        if self.cache_path:
            cache = IndexCache(self.cache_path, str(self.root))
            cache.delete([str(path)])
            cache.close()

    def _replace_locked(self, path: Path, defs: list[IndexedDef]) -> None:
        self._remove_locked(path)
        ids = []
        for item in defs:
            def_id = self._next_id
            self._next_id += 1
            ids.append(def_id)
            self._defs[def_id] = item
            features = item.features
            if features is None or not features.candidate:
                continue
            self._fingerprints.setdefault(features.fingerprint, []).append(def_id)
            self._postings.add(def_id, features.marks)
        self._files[path] = tuple(ids)

    def _remove_locked(self, path: Path) -> None:
        for def_id in self._files.pop(path, ()):
            item = self._defs.pop(def_id)
            features = item.features
            if features is None or not features.candidate:
                continue
            self._dead += 1
            same = self._fingerprints.get(features.fingerprint)
            if same is not None:
                same.remove(def_id)
                if not same:
                    del self._fingerprints[features.fingerprint]
        if self._dead > 10_000 and self._dead > len(self._defs):
            self._postings.compact(self._defs.__contains__)
            self._dead = 0

    # ----------------------------------------------------------------- queries
    def definitions(self, path: Path | str | None = None) -> list[IndexedDef]:
        """All indexed definitions, or those of one file."""
        with self._lock:
            if path is not None:
                ids = self._files.get(self._normalize(path), ())
                return [self._defs[i] for i in ids]
            return list(self._defs.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._defs)

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
        excluded = self._normalize(exclude_path) if exclude_path is not None else None
        query = shingle_set(features)
        size = len(query)
        marks = array("I", features.marks)
        found: list[SimilarDef] = []
        with self._lock:
            exact = set(self._fingerprints.get(features.fingerprint, ()))
            counts = self._postings.candidates(marks)
            needed = min_shared_marks(len(marks), threshold)
            ranked = [i for i, n in counts.most_common(MAX_VERIFIED) if n >= needed]
            for def_id in [*exact, *ranked]:
                item = self._defs.get(def_id)
                if item is None or item.features is None or item.path == excluded:
                    continue
                other = item.features
                if def_id in exact:
                    score = 1.0
                else:
                    if not size_compatible(size, shingle_count(other), threshold):
                        continue
                    score = similarity(query, other)
                if score >= threshold and (accept is None or accept(item)):
                    found.append(SimilarDef(item, score))
                    exact.discard(def_id)
        found.sort(key=lambda m: (-m.similarity, str(m.item.path), m.item.start_line))
        unique: dict[tuple[Path, int], SimilarDef] = {}
        for match in found:
            unique.setdefault((match.item.path, match.item.start_line), match)
        return list(unique.values())[:limit]


def _regular(stat: os.stat_result) -> bool:
    return stat_module.S_ISREG(stat.st_mode)


def _read_bytes(path: Path, limit: int | None = None) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if limit is not None and len(data) > limit:
        return None
    return data
