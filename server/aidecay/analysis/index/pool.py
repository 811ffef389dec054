"""Parsing and fingerprinting spread over a pool of processes sized to the machine.

Workers are started with ``spawn`` from a neutral working directory and with the workspace
(and the current directory) removed from the ``sys.path`` they inherit, and they receive file
*contents*, never paths to import: no workspace file can be imported by them.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .definitions import decode_python, extract_defs

log = logging.getLogger(__name__)

#: Fewer files than this are parsed in the calling process (starting workers costs more).
MIN_FILES_FOR_POOL = 64


def extract_records(job: tuple[str, bytes]) -> tuple[str, list[tuple] | None]:
    """(path, source bytes) -> (path, the file's definitions as records, or None)."""
    path, data = job
    text = decode_python(data)
    if text is None:
        return path, None
    try:
        return path, [d.record() for d in extract_defs(text, Path(path))]
    except Exception:  # noqa: BLE001 - one odd file must not stop the whole build
        log.exception("cannot index %s", path)
        return path, None


def pool_size(jobs: int) -> int:
    """Worker processes for ``jobs`` files: one per core, 0 for small workspaces."""
    if jobs < MIN_FILES_FOR_POOL:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 16))


@contextlib.contextmanager
def _neutral_start(root: Path, lock: threading.Lock) -> Iterator[None]:
    """cwd and sys.path without the workspace while worker processes are started (and the
    daemon flag lifted: the analysis process is a daemon, and multiprocessing refuses to start
    children from one; the pool's workers are daemons themselves and end with it)."""
    process = multiprocessing.current_process()
    with lock:
        daemon = process._config.get("daemon")
        process._config["daemon"] = False
        saved_cwd, saved_path = os.getcwd(), list(sys.path)
        here = os.path.realpath(saved_cwd)
        banned = {os.path.realpath(root), here}
        sys.path[:] = [
            p for p in saved_path if p and os.path.realpath(p) not in banned and p != "."
        ]
        os.chdir(tempfile.gettempdir())
        try:
            yield
        finally:
            os.chdir(saved_cwd)
            sys.path[:] = saved_path
            process._config["daemon"] = daemon


_START_LOCK = threading.Lock()


def extract_all(
    jobs: Iterable[tuple[str, bytes]], count: int, root: Path
) -> Iterator[tuple[str, list[tuple] | None]]:
    """Records of every job, in completion order, using a process pool when worth it."""
    workers = pool_size(count)
    if workers <= 1:
        for job in jobs:
            yield extract_records(job)
        return
    context = multiprocessing.get_context("spawn")
    try:
        with _neutral_start(root, _START_LOCK):
            pool = context.Pool(processes=workers)
    except (OSError, AssertionError, ValueError) as exc:
        log.warning("cannot start index worker processes (%s); parsing in one process", exc)
        for job in jobs:
            yield extract_records(job)
        return
    try:
        yield from pool.imap_unordered(extract_records, jobs, chunksize=4)
    finally:
        pool.terminate()
        pool.join()
