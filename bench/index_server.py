"""The workspace index as a user meets it: the real server over stdio, a standard-library
workspace, one file open with an AI region that near-copies a helper of its own package.

Measured from the ``initialized`` notification, with a fresh database (a cold index):

* ``dup_s``: the first ``duplicate-helper`` diagnostic published for the open file;
* ``ready_s``: the server's "workspace index ready" log line;
* ``peak_mib``: the highest resident memory of the server's process tree (server, analysis
  child, index pool, sampled every 0.1 s) until the index is ready;
* ``child_cpu_s``: CPU time of the analysis child (not its pool) until then;
* ``pool_cpu_s``: CPU time of the pool's worker processes.

The open file is ``xmlrpc/server.py`` (its package comes last but one in the walk) with a
renamed copy of ``xmlrpc/client.py``'s ``gzip_decode`` appended and marked as AI code.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "wild"))

from stdio_client import WildClient  # noqa: E402

OPEN_FILE = "xmlrpc/server.py"
CLONE = '''

def unpack_gzip(payload, limit=20971520):
    """Decompress a gzip payload, refusing more than ``limit`` bytes."""
    if not gzip:
        raise NotImplementedError
    with gzip.GzipFile(mode="rb", fileobj=BytesIO(payload)) as stream:
        try:
            if limit < 0:
                result = stream.read()
            else:
                result = stream.read(limit + 1)
        except OSError:
            raise ValueError("invalid data")
    if limit >= 0 and len(result) > limit:
        raise ValueError("max gzipped payload length exceeded")
    return result
'''
OPTIONS = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 50}}
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return found


def process_tree(pid: int) -> dict[int, int]:
    """pid -> depth below ``pid`` (0 for ``pid`` itself)."""
    tree, stack = {}, [(pid, 0)]
    while stack:
        current, depth = stack.pop()
        tree[current] = depth
        stack.extend((c, depth + 1) for c in _children(current))
    return tree


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def cpu_s(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot): tells a process from a reused pid."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def is_helper(pid: int) -> bool:
    """multiprocessing's resource tracker (not a worker)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"resource_tracker" in f.read()
    except OSError:
        return True


class TreeSampler:
    """Samples the RSS of a process tree in a thread: the peak of the sum, and the CPU time
    of each process by its depth (1: the analysis child, 2: the index pool)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self.cpu: dict[int, tuple[int, float]] = {}
        self.peak_by_depth: dict[int, int] = {}
        self.started: dict[int, int | None] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            tree = process_tree(self.pid)
            rss = {pid: rss_kib(pid) for pid in tree}
            self.peak_kib = max(self.peak_kib, sum(rss.values()))
            by_depth: dict[int, int] = {}
            for pid, depth in tree.items():
                by_depth[min(depth, 2)] = by_depth.get(min(depth, 2), 0) + rss[pid]
            for depth, kib in by_depth.items():
                self.peak_by_depth[depth] = max(self.peak_by_depth.get(depth, 0), kib)
            for pid, depth in tree.items():
                self.started.setdefault(pid, start_time(pid))
                if depth and not is_helper(pid):
                    self.cpu[pid] = (depth, max(cpu_s(pid), self.cpu.get(pid, (0, 0.0))[1]))

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        by_depth = {1: 0.0, 2: 0.0}
        for depth, seconds in self.cpu.values():
            by_depth[min(depth, 2)] += seconds
        return {
            "peak_mib": round(self.peak_kib / 1024, 1),
            "child_cpu_s": round(by_depth[1], 1),
            "pool_cpu_s": round(by_depth[2], 1),
            **{
                f"peak_{name}_mib": round(self.peak_by_depth.get(depth, 0) / 1024, 1)
                for depth, name in ((0, "server"), (1, "child"), (2, "pool"))
            },
        }


def measure(server: Path, root: Path, work: Path, timeout: float = 600.0) -> dict[str, float]:
    """One cold start of the server in ``server`` (a checkout's ``server`` folder) on
    ``root``; the figures above."""
    db = work / "index-server.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    path = root / OPEN_FILE
    text = path.read_text(encoding="utf-8") + CLONE
    uri = path.as_uri()
    client = WildClient(root, db, OPTIONS, env={"PYTHONPATH": str(server)})
    started = time.perf_counter()
    sampler = TreeSampler(client.process.pid)
    try:
        client.open(uri, text, 1)
        lines = text.rstrip("\n").count("\n")
        client.mark(uri, 1, lines - CLONE.strip("\n").count("\n"), lines)

        def duplicate() -> bool:
            return any(
                d.get("code") == "duplicate-helper"
                for p in client.publishes.get(uri, ())
                for d in p["diagnostics"]
            )

        client.wait(duplicate, timeout, "duplicate-helper")
        dup_s = time.perf_counter() - started
        client.wait_for_index(timeout)
        ready_s = time.perf_counter() - started
        figures = sampler.stop()
    finally:
        client.close()
    time.sleep(2)
    left = [p for p, t in sampler.started.items() if t is not None and start_time(p) == t]
    for pid in left:  # processes of this run that outlived their server
        os.kill(pid, 9)
    return {"dup_s": round(dup_s, 2), "ready_s": round(ready_s, 2), **figures, "left": len(left)}


def main() -> None:
    """``python bench/index_server.py SERVER_DIR WORKSPACE``: one measurement, as JSON."""
    import json

    work = Path(os.environ.get("TMPDIR", "/tmp")) / "aidecay-bench-index-server"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2]), work)))


if __name__ == "__main__":
    main()
