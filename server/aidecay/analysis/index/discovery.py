"""Which files the workspace index reads, and in which order it parses them.

Python files under the root, outside tool and environment folders (and folders holding a
``pyvenv.cfg``), regular (symlinks are not followed), up to a size. They are parsed in walk
order, except that the package of a file open in the editor goes first (``ParseOrder``).
"""

from __future__ import annotations

import os
import stat as stat_module
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from .definitions import SKIPPED_DIRS

Found = tuple[Path, os.stat_result]


def skip_dir(dirpath: str, name: str) -> bool:
    """Folders never indexed: tools, caches, hidden folders and virtual environments."""
    return (
        name in SKIPPED_DIRS
        or name.startswith(".")
        or os.path.isfile(os.path.join(dirpath, name, "pyvenv.cfg"))
    )


def read_bytes(path: Path, limit: int | None = None) -> bytes | None:
    """The file's bytes; None if unreadable or over ``limit``."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if limit is not None and len(data) > limit:
        return None
    return data


class Discovery:
    """The indexable files under ``root`` (an absolute, resolved path)."""

    def __init__(self, root: Path, max_file_bytes: int, max_files: int) -> None:
        self.root = root
        self.max_file_bytes = max_file_bytes
        self.max_files = max_files

    def scan(self) -> Iterator[Found]:
        """Every indexable file with its ``lstat``, in walk order (sorted, folder by folder),
        up to ``max_files``."""
        count = 0
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not skip_dir(dirpath, d))
            for found in self._files_in(dirpath, sorted(filenames)):
                count += 1
                if count > self.max_files:
                    return
                yield found

    def folder(self, folder: Path) -> list[Found]:
        """The indexable files directly in ``folder`` (which must be indexable itself)."""
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return []
        return list(self._files_in(str(folder), names))

    def _files_in(self, dirpath: str, filenames: list[str]) -> Iterator[Found]:
        for filename in filenames:
            if not filename.endswith(".py") or filename.startswith("."):
                continue
            path = Path(dirpath, filename)
            try:
                stat = path.lstat()
            except OSError:
                continue
            if stat_module.S_ISREG(stat.st_mode) and stat.st_size <= self.max_file_bytes:
                yield path, stat

    def is_indexable(self, path: Path) -> bool:
        """Whether ``path`` (resolved) is a ``.py`` file under root outside skipped folders."""
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return False
        if path.suffix != ".py" or path.name.startswith("."):
            return False
        parent = self.root
        for part in relative.parts[:-1]:
            if skip_dir(str(parent), part):
                return False
            parent = parent / part
        return True

    def package_of(self, folder: Path) -> Path:
        """The outermost package (folders with ``__init__.py``) holding ``folder``, below root;
        ``folder`` itself if it is not a package."""
        package = folder
        while (
            package.parent != self.root
            and package.is_relative_to(self.root)
            and (package / "__init__.py").is_file()
            and (package.parent / "__init__.py").is_file()
        ):
            package = package.parent
        return package


class ParseOrder:
    """Files waiting to be parsed, handed out in walk order, except that files under a
    preferred folder come first (thread-safe: the editor prefers while the build takes)."""

    def __init__(self, files: list[Found]) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Found] = deque(files)
        self._first: deque[Found] = deque()
        self._gone: set[Path] = set()

    def prefer(self, folder: Path) -> list[Path]:
        """Move the files under ``folder`` ahead; returns them."""
        with self._lock:
            moved = [
                f for f in self._queue if f[0] not in self._gone and f[0].is_relative_to(folder)
            ]
            self._first.extend(moved)
            return [path for path, _ in moved]

    def drop(self, path: Path) -> None:
        """``path`` needs no parsing any more (indexed by other means)."""
        with self._lock:
            self._gone.add(path)

    def take(self) -> Found | None:
        """The next file to parse, or None when none is left."""
        with self._lock:
            for queue in (self._first, self._queue):
                while queue:
                    found = queue.popleft()
                    if found[0] not in self._gone:
                        self._gone.add(found[0])
                        return found
            return None

    def __iter__(self) -> Iterator[Found]:
        while (found := self.take()) is not None:
            yield found
