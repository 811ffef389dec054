"""Analysis in a child process, so a pass never competes with the server for the GIL.

The child owns the ``AnalysisEngine`` and one ``WorkspaceIndex`` per workspace folder (their
caches live there);
the server sends immutable snapshots and receives results through a pipe. A child that dies is
started again on the next call. Calls block: run them in a thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from aidecay.analysis.engine import AnalysisEngine, AnalysisResult, DocumentSnapshot
from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.analysis.memory import resident_mib
from aidecay.core.settings import Settings

log = logging.getLogger(__name__)

#: A child younger than this never restarts for memory (a bound below what the workspace
#: needs would otherwise restart it on every call).
MIN_UPTIME_S = 600.0


class AnalysisFailed(Exception):
    """The child reported an error, or died twice in a row."""


class AnalysisProcess:
    """The server's handle on the analysis child process."""

    def __init__(self, min_uptime_s: float = MIN_UPTIME_S) -> None:
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._min_uptime_s = min_uptime_s
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._index_args: tuple[list[Path], str | None] | None = None

    # -- the calls -------------------------------------------------------------------------

    def analyze(self, snap: DocumentSnapshot, settings: Settings, learn: bool) -> AnalysisResult:
        return self._call("analyze", snap, settings, learn)

    def index(self, roots: list[Path], db_path: str | None = None) -> None:
        """Start indexing the workspace folders ``roots`` in the child (in a thread there);
        returns at once. The index is saved in (and reloaded from) the database at ``db_path``."""
        self._call("index", list(roots), db_path)
        self._index_args = (list(roots), db_path)  # after: a new child indexes once

    def index_ready(self) -> bool:
        return bool(self._call("index_ready"))

    def index_progress(self) -> tuple[int, int, bool, int]:
        """(files done, files in total, whether the build is over, how many times the package
        of an open file finished building)."""
        return self._call("index_progress")

    def update_file(self, path: Path, deleted: bool = False) -> None:
        self._call("remove_file" if deleted else "update_file", path)

    def forget(self, uri: str) -> None:
        if self._process is not None:
            self._call("forget", uri)

    def close(self) -> None:
        with self._lock:
            if self._process is None:
                return
            try:
                self._conn.send(("stop", ()))
                self._process.join(timeout=2)
            except (OSError, EOFError):
                pass
            if self._process.is_alive():
                self._process.terminate()
            self._process = self._conn = None

    # -- plumbing --------------------------------------------------------------------------

    def _call(self, op: str, *args: Any) -> Any:
        with self._lock:
            for _attempt in range(2):
                conn = self._ensure_started()
                try:
                    conn.send((op, args))
                    ok, value, *over = conn.recv()
                except (EOFError, OSError) as exc:
                    log.warning("the analysis process stopped (%s); starting it again", exc)
                    self._process = self._conn = None
                    continue
                if over:
                    self._retire(*over)
                if not ok:
                    raise AnalysisFailed(value)
                return value
            raise AnalysisFailed("the analysis process died twice in a row")

    def _retire(self, resident: float, limit: int) -> None:
        """The child passed its memory bound and is ending; the next call starts another."""
        log.info(
            "the analysis process holds %.0f MiB, over analysis.memoryLimitMb (%d); "
            "starting a fresh one (caches and workspace index rebuilt)",
            resident,
            limit,
        )
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.terminate()
        self._process = self._conn = None

    def _ensure_started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(child, self._min_uptime_s), name="aidecay-analysis", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        if self._index_args is not None:  # a restarted child indexes again
            parent.send(("index", self._index_args))
            parent.recv()
        return parent


def serve(conn: Connection, min_uptime_s: float = MIN_UPTIME_S) -> None:
    """The child's loop: one request at a time until ``stop`` or the pipe closes, or until it
    holds more memory than ``analysis.memoryLimitMb`` (it then says so with its answer and
    ends; never while an index builds, nor in its first ``min_uptime_s``)."""
    engine = AnalysisEngine()
    indexes = FolderIndexes()
    started = time.monotonic()
    limit = Settings().analysis.memory_limit_mb
    while True:
        try:
            op, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if op == "stop":
                conn.send((True, None))
                return
            if op == "analyze":
                snap, settings, learn = args
                limit = settings.analysis.memory_limit_mb
                index = indexes.for_path(snap.path)
                if index is not None and snap.path is not None:
                    index.focus(snap.path)  # its package first; its own folder right now
                value: Any = engine.analyze(snap, settings, index, learn=learn)
            elif op == "index":
                indexes.start(args[0], args[1] if len(args) > 1 else None)
                value = None
            elif op == "index_ready":
                value = indexes.ready()
            elif op == "index_progress":
                value = indexes.progress()
            elif op in ("update_file", "remove_file"):
                index = indexes.for_path(str(args[0]))
                if index is not None:
                    getattr(index, op)(args[0])
                value = None
            elif op == "forget":
                engine.forget(args[0])
                value = None
            else:
                raise ValueError(f"unknown request {op!r}")
        except Exception as exc:  # noqa: BLE001 - reported to the server, which logs it
            conn.send((False, f"{op}: {type(exc).__name__}: {exc}"))
            continue
        resident = resident_mib()
        if (
            resident is not None
            and resident > limit
            and time.monotonic() - started >= min_uptime_s
            and (indexes.ready() or not indexes.indexes)
        ):
            conn.send((True, value, resident, limit))
            return
        conn.send((True, value))


class FolderIndexes:
    """One workspace index per workspace folder, built one after another in a thread; a file
    is compared with the functions of its own folder."""

    def __init__(self) -> None:
        self.indexes: list[WorkspaceIndex] = []

    def start(self, roots: list[Path], cache_path: str | None) -> None:
        self.indexes = [WorkspaceIndex(root, cache_path=cache_path) for root in roots]
        threading.Thread(target=self._build, args=(list(self.indexes),), daemon=True).start()

    @staticmethod
    def _build(indexes: list[WorkspaceIndex]) -> None:
        for index in indexes:
            try:
                index.build()
            except Exception:  # noqa: BLE001
                logging.getLogger(__name__).exception("indexing %s failed", index.root)
                index.ready.set()

    def for_path(self, path: str | None) -> WorkspaceIndex | None:
        """The index of the innermost folder holding ``path``; a file outside every folder is
        compared with the first folder's functions."""
        if path is None or not self.indexes:
            return None
        resolved = Path(path).resolve()
        found = [index for index in self.indexes if resolved.is_relative_to(index.root)]
        return max(found, key=lambda index: len(index.root.parts), default=self.indexes[0])

    def ready(self) -> bool:
        return bool(self.indexes) and all(index.ready.is_set() for index in self.indexes)

    def progress(self) -> tuple[int, int, bool, int]:
        """(files done, files in total, whether every build is over, how many times the
        package of an open file finished building)."""
        done = sum(index.progress[0] for index in self.indexes)
        total = sum(index.progress[1] for index in self.indexes)
        focused = sum(index.focus_generation for index in self.indexes)
        return done, total, self.ready(), focused
