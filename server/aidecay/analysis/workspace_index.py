"""An in-memory index of the workspace's top-level functions and methods, used to tell
when newly written code re-implements a helper that already exists.

Workspace code is only ever *parsed* (``ast``, falling back to parso for files with syntax
errors); it is never imported or executed.  jedi's :class:`jedi.Project` carries the
project configuration (loaded safely from ``.jedi/project.json`` when present) and is
exposed as :attr:`WorkspaceIndex.project` for callers that run jedi on the same project.
Definitions are enumerated with ``ast`` rather than ``jedi.Script.get_names`` because the
fingerprints need the ``ast`` nodes anyway and this is several times faster.

Line numbers are 0-based and inclusive; a definition starts at its first decorator.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import jedi

from .definitions import (
    SKIPPED_DIRS,
    IndexedDef,
    decode_python,
    extract_defs,
    is_dunder,
    is_test_file,
    is_test_name,
    name_key,
    same_name_eligible,
)

MatchReason = Literal["same-name", "same-body"]


@dataclass(frozen=True)
class HelperMatch:
    """An existing definition that the queried code may duplicate."""

    path: Path
    qualname: str
    start_line: int
    end_line: int
    reason: MatchReason


def _load_project(root: Path) -> jedi.Project:
    """jedi project for ``root``.  Import-path settings from a checked-in
    ``.jedi/project.json`` are honoured (``Project.load`` already drops the unsafe ones:
    extension loading and interpreter path); its ``path`` is not: the project is ``root``."""
    if (root / ".jedi" / "project.json").is_file():
        try:
            loaded = jedi.Project.load(root)
            return jedi.Project(
                root,
                sys_path=loaded.sys_path,
                added_sys_path=loaded.added_sys_path,
                smart_sys_path=loaded.smart_sys_path,
            )
        except Exception:  # corrupt or newer config: fall back to defaults
            pass
    return jedi.Project(root)


class WorkspaceIndex:
    """Thread-safe index of definitions under ``root``.

    ``build()`` scans everything (run it once in a background thread); ``update_file`` /
    ``remove_file`` keep it current and always win over a concurrent ``build()``.
    """

    def __init__(
        self, root: Path | str, *, max_file_bytes: int = 1_000_000, max_files: int = 20_000
    ) -> None:
        self.root = Path(root).resolve()
        self.project = _load_project(self.root)
        self.max_file_bytes = max_file_bytes
        self.max_files = max_files
        self.ready = threading.Event()
        self._lock = threading.Lock()
        self._files: dict[Path, tuple[IndexedDef, ...]] = {}
        self._by_name: dict[str, dict[Path, list[IndexedDef]]] = {}
        self._by_fingerprint: dict[str, dict[Path, list[IndexedDef]]] = {}
        self._seq = 0
        self._touched: dict[Path, int] = {}

    # ----------------------------------------------------------------- discovery
    def _skip_dir(self, dirpath: str, name: str) -> bool:
        return (
            name in SKIPPED_DIRS
            or name.startswith(".")
            or os.path.isfile(os.path.join(dirpath, name, "pyvenv.cfg"))
        )

    def iter_files(self) -> Iterator[Path]:
        """Python files that belong in the index (symlinked directories are not followed)."""
        count = 0
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not self._skip_dir(dirpath, d))
            for filename in sorted(filenames):
                if filename.endswith(".py") and not filename.startswith("."):
                    path = Path(dirpath, filename)
                    try:
                        if (
                            path.is_symlink()
                            or not path.is_file()
                            or path.stat().st_size > self.max_file_bytes
                        ):
                            continue
                    except OSError:
                        continue
                    count += 1
                    if count > self.max_files:
                        return
                    yield path

    def _normalize(self, path: Path | str) -> Path:
        return Path(path).resolve()

    def _relative(self, path: Path) -> Path:
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

    def _read(self, path: Path) -> str | None:
        try:
            if path.stat().st_size > self.max_file_bytes:
                return None
            return decode_python(path.read_bytes())
        except OSError:
            return None

    # ----------------------------------------------------------------- mutation
    def build(self) -> int:
        """Full scan.  Returns the number of files indexed; sets :attr:`ready` when done."""
        with self._lock:
            started = self._seq
        seen: set[Path] = set()
        try:
            for path in self.iter_files():
                path = self._normalize(path)
                seen.add(path)
                text = self._read(path)
                defs = extract_defs(text, path) if text is not None else None
                with self._lock:
                    if self._touched.get(path, 0) > started:
                        continue  # an editor update arrived meanwhile; it is newer
                    if defs is None:
                        self._remove_locked(path)
                    else:
                        self._replace_locked(path, defs)
            with self._lock:
                for path in [p for p in self._files if p not in seen]:
                    if self._touched.get(path, 0) <= started:
                        self._remove_locked(path)
                return len(self._files)
        finally:
            self.ready.set()

    def update_file(self, path: Path | str, text: str | None = None) -> bool:
        """(Re)index one file from ``text`` or from disk.  Returns whether it is indexed."""
        path = self._normalize(path)
        if not self.is_indexable(path):
            return False
        if text is None:
            text = self._read(path)
        elif len(text) > self.max_file_bytes:
            text = None
        defs = extract_defs(text, path) if text is not None else None
        with self._lock:
            self._seq += 1
            self._touched[path] = self._seq
            if defs is None:
                self._remove_locked(path)
                return False
            self._replace_locked(path, defs)
            return True

    def remove_file(self, path: Path | str) -> None:
        """Forget a deleted file."""
        path = self._normalize(path)
        with self._lock:
            self._seq += 1
            self._touched[path] = self._seq
            self._remove_locked(path)

    def _replace_locked(self, path: Path, defs: list[IndexedDef]) -> None:
        self._remove_locked(path)
        self._files[path] = tuple(defs)
        for item in defs:
            self._by_name.setdefault(name_key(item.name), {}).setdefault(path, []).append(item)
            if item.fingerprint:
                self._by_fingerprint.setdefault(item.fingerprint, {}).setdefault(path, []).append(
                    item
                )

    def _remove_locked(self, path: Path) -> None:
        for item in self._files.pop(path, ()):
            for table, key in (
                (self._by_name, name_key(item.name)),
                (self._by_fingerprint, item.fingerprint),
            ):
                if key is None or key not in table:
                    continue
                table[key].pop(path, None)
                if not table[key]:
                    del table[key]

    # ----------------------------------------------------------------- queries
    def definitions(self, path: Path | str | None = None) -> list[IndexedDef]:
        """All indexed definitions, or those of one file."""
        with self._lock:
            if path is not None:
                return list(self._files.get(self._normalize(path), ()))
            return [d for defs in self._files.values() for d in defs]

    def __len__(self) -> int:
        with self._lock:
            return sum(len(defs) for defs in self._files.values())

    def find_duplicates(
        self,
        name: str,
        fingerprint: str | None,
        exclude_path: Path | str | None = None,
        exclude_lines: tuple[int, int] | None = None,
        *,
        kind: Literal["function", "method"] | None = None,
        limit: int = 10,
    ) -> list[HelperMatch]:
        """Existing definitions that ``name`` (a simple name or qualname such as
        ``Class.method``) with body ``fingerprint`` may duplicate.

        ``exclude_path`` + ``exclude_lines`` (0-based, inclusive) identify the queried code
        itself: candidates in that file overlapping those lines are skipped (the whole file
        if ``exclude_lines`` is None).  ``kind`` defaults to "method" for dotted names.

        same-body: equal fingerprints (trivial bodies have none), any name, except dunder
        and test functions.  same-name: only specific names (no dunders, ``main``,
        ``test*``, generic or very short names, ignoring leading underscores), only in
        *another* file (same-file repeats are overloads, property setters or conditional
        definitions), never against test files; functions match functions; a non-trivial
        method matches a module-level function; methods match methods only of a class
        with the same name that does not inherit from the queried class.
        """
        simple = name.rsplit(".", 1)[-1]
        if is_dunder(simple) or is_test_name(name_key(simple)):
            return []
        kind = kind or ("method" if "." in name else "function")
        class_name = name.rsplit(".", 2)[-2] if kind == "method" and "." in name else None
        excluded = self._normalize(exclude_path) if exclude_path is not None else None

        def is_self(item: IndexedDef) -> bool:
            if excluded is None or item.path != excluded:
                return False
            if exclude_lines is None:
                return True
            return item.start_line <= exclude_lines[1] and exclude_lines[0] <= item.end_line

        def name_ok(item: IndexedDef) -> bool:
            if excluded is not None and item.path == excluded:
                return False
            if is_test_file(self._relative(item.path)):
                return False
            if kind == "function":
                return item.kind == "function"
            if item.kind == "function":
                return fingerprint is not None
            return (
                class_name is not None
                and item.class_name == class_name
                and class_name not in item.class_bases
            )

        matches: dict[tuple[Path, int], HelperMatch] = {}
        with self._lock:
            if fingerprint:
                for path_defs in self._by_fingerprint.get(fingerprint, {}).values():
                    for item in path_defs:
                        if is_self(item) or is_dunder(item.name) or is_test_name(item.name):
                            continue
                        matches[(item.path, item.start_line)] = HelperMatch(
                            item.path, item.qualname, item.start_line, item.end_line, "same-body"
                        )
            if same_name_eligible(simple):
                for path_defs in self._by_name.get(name_key(simple), {}).values():
                    for item in path_defs:
                        key = (item.path, item.start_line)
                        if key in matches or is_self(item) or not name_ok(item):
                            continue
                        matches[key] = HelperMatch(
                            item.path, item.qualname, item.start_line, item.end_line, "same-name"
                        )
        ordered = sorted(
            matches.values(), key=lambda m: (m.reason != "same-body", str(m.path), m.start_line)
        )
        return ordered[:limit]
