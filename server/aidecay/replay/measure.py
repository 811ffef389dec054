"""Functions of a file version and their radon cyclomatic complexity, for the replay.

The replay measures thousands of file versions, most of which differ from the previous one
in a few lines. So the file is not parsed whole: an indentation scan finds its functions and
classes (``def``/``class`` headers, blocks ending at the next line indented as deep or less,
triple-quoted strings skipped), and each function is measured on its own dedented text by
the live engine's radon code (``aidecay.analysis.metrics``). The walk only collects those
texts, keyed by a hash, so an unchanged function is measured once; ``CcBook.resolve``
measures them all at the end, in ``--jobs`` processes.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from aidecay.analysis.metrics import (
    MetricsLimits,
    _block_complexity,
    _lines_text,
    _measure_text,
    dedent_code,
)
from aidecay.analysis.units import CodeUnit

MAX_CHARS = 400_000
_HEADER = re.compile(r"^([ \t]*)(?:async[ \t]+)?(def|class)[ \t]+([A-Za-z_]\w*)")
_TRIPLE = re.compile(r'"""|\'\'\'')
_TOP = re.compile(r"^(?=[^\s#])", re.M)


def scan(text: str) -> list[CodeUnit]:
    """The ``def``/``class`` blocks of ``text`` with qualnames, lines and offsets."""
    return _scan(text)[0]


def _scan(text: str) -> tuple[list[CodeUnit], bool]:
    """``scan``, and whether it ended outside strings and ``def`` headers (clean)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    units: list[CodeUnit] = []
    stack: list[tuple[int, str, str, int, str | None]] = []  # indent, name, qual, line, kind
    last_code = 0
    in_string: str | None = None
    in_header = False

    def close(until: int) -> None:
        indent, name, qual, first, kind = stack.pop()
        end_line = max(first, until)
        end = starts[end_line - 1] + len(lines[end_line - 1])
        parent = stack[-1][2] if stack else None
        units.append(
            CodeUnit(name, qual, kind, starts[first - 1] + indent, end, first, end_line, parent)
        )

    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            last_code = number
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if in_header:
            in_header = not line.split("#", 1)[0].rstrip().endswith(":")
            last_code = number
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        while stack and indent <= stack[-1][0]:
            close(last_code)
        match = _HEADER.match(line) if ("def" in line or "class" in line) else None
        if match:
            name = match.group(3)
            parent_kind = stack[-1][4] if stack else None
            kind = (
                "class"
                if match.group(2) == "class"
                else ("method" if parent_kind == "class" else "function")
            )
            qual = f"{stack[-1][2]}.{name}" if stack else name
            stack.append((indent, name, qual, number, kind))
            in_header = not line.split("#", 1)[0].rstrip().endswith(":")
        if '"""' in line or "'''" in line:
            quotes = _TRIPLE.findall(line)
            if len(quotes) % 2 == 1:
                in_string = quotes[-1]
        last_code = number
    while stack:
        close(last_code)
    return sorted(units, key=lambda u: (u.start_line, -u.end_line)), not in_string and not in_header


class ScanCache:
    """``scan`` of a file version from the scans of its top-level chunks (a line at column 0
    starts one), cached by their text: a commit changes a few chunks of a file, the others
    are not scanned again. The scan's state is empty at a column-0 code line, so the chunks'
    units joined are the file's; when a chunk ends inside a string or a ``def`` header the
    whole file is scanned instead."""

    def __init__(self, maxsize: int = 4096) -> None:
        self._chunks: OrderedDict[str, tuple[list[CodeUnit], bool]] = OrderedDict()
        self.maxsize = maxsize

    def scan(self, text: str) -> list[CodeUnit]:
        bounds = [m.start() for m in _TOP.finditer(text)]
        if not bounds or bounds[0]:
            bounds.insert(0, 0)
        bounds.append(len(text))
        units: list[CodeUnit] = []
        line = 0
        for k in range(len(bounds) - 1):
            chunk = text[bounds[k] : bounds[k + 1]]
            found = self._chunks.get(chunk)
            if found is None:
                found = self._chunks[chunk] = _scan(chunk)
                if len(self._chunks) > self.maxsize:
                    self._chunks.popitem(last=False)
            else:
                self._chunks.move_to_end(chunk)
            if not found[1] and k + 2 < len(bounds):
                return scan(text)
            offset = bounds[k]
            units.extend(
                replace(
                    u,
                    start=u.start + offset,
                    end=u.end + offset,
                    start_line=u.start_line + line,
                    end_line=u.end_line + line,
                )
                for u in found[0]
            )
            line += chunk.count("\n")
        return units


@dataclass
class FileMeasure:
    """A file version: its units, and CC of the functions over given lines (measured lazily)."""

    source: str = ""
    units: list[CodeUnit] = field(default_factory=list)
    book: CcBook | None = None

    def __post_init__(self) -> None:
        self._starts = [u.start_line for u in self.units]
        self._keys: dict[int, str] = {}  # unit start -> CC key (a version is asked many times)

    def functions_in(self, first: int, last: int) -> dict[str, str]:
        """qualname -> CC key (see ``CcBook``) of the functions overlapping ``first..last``."""
        found: dict[str, str] = {}
        if self.book is None:
            return found
        for unit in self.units[: bisect_right(self._starts, last)]:
            if unit.kind == "class" or unit.end_line < first:
                continue
            name = unit.qualname
            key = self._keys.get(unit.start)
            if key is None:
                key = self._keys[unit.start] = self.book.key(self.source, unit)
            found[name if name not in found else f"{name}@{unit.start_line}"] = key
        return found

    def enclosing(self, line: int) -> str:
        """The innermost function or class around ``line`` (``<module>`` outside any)."""
        for unit in reversed(self.units[: bisect_right(self._starts, line)]):
            if unit.end_line >= line:
                return unit.qualname
        return "<module>"


def _complexities(tasks: list[tuple[str, str]]) -> list[int | None]:
    return [_complexity(task) for task in tasks]


def _complexity(task: tuple[str, str]) -> int | None:
    code, name = task
    try:
        return _block_complexity(code, name)
    except Exception:  # radon internals: one function never stops the replay
        return None


def _maintainability(text: str) -> tuple[float | None, float | None, int | None]:
    """(MI, Halstead volume, SLOC) of a region's text as written, as the live engine measures
    a parseable region; all None when it does not parse alone."""
    try:
        return _measure_text(dedent_code(text), MetricsLimits())
    except Exception:  # unparseable, or radon internals
        return None, None, None


def maintainability(texts: list[str], jobs: int = 1) -> list[tuple]:
    """``_maintainability`` of each text, in ``jobs`` processes."""
    if jobs > 1 and len(texts) > 64:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(_maintainability, texts, chunksize=16))
    return [_maintainability(text) for text in texts]


class CcBook:
    """Function texts met during the walk, by hash; their CC once ``resolve``d.

    With ``start(jobs)`` (jobs > 1) batches are measured in worker processes while the walk
    goes on (``flush`` after each commit), so the measuring overlaps the walk."""

    BATCH = 256

    def __init__(self) -> None:
        self.pending: dict[str, tuple[str, str]] = {}
        self.values: dict[str, int | None] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._running: list[tuple[list[str], Future]] = []
        self._sent: set[str] = set()

    def key(self, source: str, unit: CodeUnit) -> str:
        code = dedent_code(_lines_text(source, unit.start, unit.end))
        key = hashlib.blake2b(
            f"{unit.name}\0{code}".encode("utf-8", "surrogatepass"), digest_size=12
        )
        digest = key.hexdigest()
        if digest not in self.values and digest not in self.pending and digest not in self._sent:
            self.pending[digest] = (code, unit.name)
        return digest

    def start(self, jobs: int) -> None:
        """Measure in ``jobs`` processes during the walk (nothing to do for one job)."""
        if jobs > 1 and self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=jobs)

    def flush(self, force: bool = False) -> None:
        """Send the pending texts to the workers once there are enough of them."""
        if self._pool is None or not self.pending or (len(self.pending) < self.BATCH and not force):
            return
        keys = list(self.pending)
        for at in range(0, len(keys), self.BATCH):
            chunk = keys[at : at + self.BATCH]
            tasks = [self.pending[k] for k in chunk]
            self._running.append((chunk, self._pool.submit(_complexities, tasks)))
        self._sent.update(keys)
        self.pending.clear()

    def resolve(self, jobs: int = 1, progress: Callable[[int], None] | None = None) -> None:
        self.start(jobs if len(self.pending) > 64 or self._pool is not None else 1)
        self.flush(force=True)
        done = 0
        try:
            for keys, future in self._running:
                self.values.update(zip(keys, future.result()))
                done += len(keys)
        finally:
            self.close()
        keys = list(self.pending)
        self.values.update(zip(keys, _complexities([self.pending[k] for k in keys])))
        self.pending.clear()
        if progress:
            progress(done + len(keys))

    def close(self) -> None:
        """Stop the workers (after ``resolve``, or when the walk failed)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._running, self._sent = [], set()

    def functions(self, keyed: dict[str, str] | None) -> dict[str, int]:
        """qualname -> CC (functions that do not parse alone are left out)."""
        out = {}
        for name, key in (keyed or {}).items():
            value = self.values.get(key)
            if value is not None:
                out[name] = value
        return out


class MeasureCache:
    """File versions by blob id (bounded), sharing one ``CcBook``."""

    def __init__(self, maxsize: int = 256) -> None:
        self._data: OrderedDict[str, FileMeasure] = OrderedDict()
        self.maxsize = maxsize
        self.book = CcBook()
        self.scans = ScanCache()

    def measure(self, text: str) -> FileMeasure:
        if len(text) > MAX_CHARS:
            return FileMeasure()
        return FileMeasure(text, self.scans.scan(text), self.book)

    def get(self, key: str, text: str) -> FileMeasure:
        found = self._data.get(key)
        if found is not None:
            self._data.move_to_end(key)
            return found
        found = self.measure(text)
        self._data[key] = found
        if len(self._data) > self.maxsize:
            self._data.popitem(last=False)
        return found
