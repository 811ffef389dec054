"""Benchmark: the workspace index (duplicate-helper) at editor speed, against the index of
commit 4bcb809 (hash-only fingerprints, one thread, never saved), measured in the same run.

Workspaces are generated: a copy of the interpreter's standard library (``Lib``, about 1,800
files; ``--quick``: 300) and, for the similarity query, that tree replicated with renamed
functions up to 5,000 files (``--quick``: 800). Each measurement runs in a fresh
subprocess that imports one implementation (``PYTHONPATH``: this checkout, or a
``git worktree`` of the base commit, created on first use) and reports:

* ``cold_s``: a full build with an empty database; ``warm_s``: the same build again after a
  restart (rows reused for unchanged files); the base commit has no persistence, so its warm
  start is another cold build;
* ``index_mib``: resident memory of the indexing process after the build, minus before;
* ``query_p50_ms`` / ``query_p99_ms``: one function's clone search (``similar`` with the
  rule's exclusions; the base: ``find_duplicates``) for 400 sampled functions.

Goals: stdlib cold <= 20 s on 2 cores, warm <= 3 s, index <= 150 MiB; on 5,000 files the
build <= 30 s and a query <= 20 ms at p99.
Run: ``python bench/index.py`` (``--quick`` for a short run). ``run(quick)`` returns the
figures for ``bench/scale.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

BASE_COMMIT = "4bcb809"
REPO = Path(__file__).resolve().parents[1]
BASE_DIR = Path(tempfile.gettempdir()) / "aidecay-base-index"
WORK = Path(tempfile.gettempdir()) / "aidecay-bench-index"
QUERIES = 400

CHILD = r"""
import gc, json, os, random, statistics, sys, time
args = json.loads(sys.argv[1])

def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

new = args["impl"] == "new"
if new:
    from aidecay.analysis.index.workspace import WorkspaceIndex
    from aidecay.analysis.rules.duplicate_helper import is_excused
    from aidecay.store.database import Store
    if args["fresh"] and os.path.exists(args["db"]):
        os.remove(args["db"])
    Store(args["db"]).close()
else:
    from aidecay.analysis.index.workspace import WorkspaceIndex
gc.collect()
before = rss_kib()
started = time.perf_counter()
index = WorkspaceIndex(args["root"], cache_path=args["db"]) if new else WorkspaceIndex(args["root"])
files = index.build()
elapsed = time.perf_counter() - started
gc.collect()
out = {"files": files, "defs": len(index), "build_s": round(elapsed, 2),
       "index_mib": round((rss_kib() - before) / 1024, 1)}
if args["queries"]:
    rng = random.Random(1)
    defs = [d for d in index.definitions() if d.fingerprint]
    sample = rng.sample(defs, min(args["queries"], len(defs)))
    times = []
    for d in sample:
        t = time.perf_counter()
        if new:
            index.similar(d.features, 0.7, exclude_path=d.path,
                          accept=lambda o, q=d: not is_excused(q, o, index.root))
        else:
            index.find_duplicates(d.qualname, d.fingerprint, exclude_path=d.path, kind=d.kind)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out["query_p50_ms"] = round(statistics.median(times), 3)
    out["query_p99_ms"] = round(times[int(len(times) * 0.99) - 1], 3)
print(json.dumps(out))
"""


def stdlib_files() -> list[Path]:
    lib = Path(sysconfig.get_paths()["stdlib"])
    return sorted(p for p in lib.rglob("*.py") if "site-packages" not in p.parts and p.is_file())


def make_stdlib(dest: Path, limit: int | None) -> Path:
    """A copy of the standard library's ``.py`` files (the first ``limit``)."""
    if dest.exists():
        shutil.rmtree(dest)
    lib = Path(sysconfig.get_paths()["stdlib"])
    for source in stdlib_files()[:limit]:
        target = dest / source.relative_to(lib)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return dest


def make_replicated(source: Path, dest: Path, files: int) -> Path:
    """``source`` copied again and again (functions renamed per copy) up to ``files``."""
    if dest.exists():
        shutil.rmtree(dest)
    originals = sorted(source.rglob("*.py"))
    written = 0
    copy = 0
    while written < files:
        for path in originals:
            if written >= files:
                break
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            if copy:
                text = re.sub(r"\bdef (\w+)\(", rf"def \1_c{copy}(", text)
            target = dest / f"copy{copy}" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", errors="surrogateescape")
            written += 1
        copy += 1
    return dest


def base_checkout() -> Path:
    if not (BASE_DIR / "server" / "aidecay").is_dir():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(BASE_DIR), BASE_COMMIT],
            check=True,
            capture_output=True,
        )
    return BASE_DIR


def measure(impl: str, root: Path, *, fresh: bool = True, queries: int = 0) -> dict:
    server = (REPO if impl == "new" else base_checkout()) / "server"
    env = {**os.environ, "PYTHONPATH": str(server)}
    args = {"impl": impl, "root": str(root), "db": str(WORK / f"{impl}.db"), "fresh": fresh,
            "queries": queries}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(args)],
        env=env,
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{impl} on {root}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> dict:
    """All figures of this benchmark (``quick``: smaller workspaces)."""
    WORK.mkdir(parents=True, exist_ok=True)
    stdlib = make_stdlib(WORK / "stdlib", 300 if quick else None)
    big = make_replicated(stdlib, WORK / "big", 800 if quick else 5000)
    base = measure("base", stdlib, queries=QUERIES)
    cold = measure("new", stdlib, fresh=True, queries=QUERIES)
    warm = measure("new", stdlib, fresh=False)
    large = measure("new", big, fresh=True, queries=QUERIES)
    return {
        "cores": len(os.sched_getaffinity(0)),
        "stdlib_files": cold["files"],
        "stdlib_defs": cold["defs"],
        "base_cold_s": base["build_s"],
        "base_index_mib": base["index_mib"],
        "base_query_p99_ms": base["query_p99_ms"],
        "cold_s": cold["build_s"],
        "warm_s": warm["build_s"],
        "index_mib": cold["index_mib"],
        "warm_index_mib": warm["index_mib"],
        "query_p99_ms_stdlib": cold["query_p99_ms"],
        "cold_vs_base": round(cold["build_s"] / base["build_s"], 3),
        "warm_vs_base": round(warm["build_s"] / base["build_s"], 3),
        "big_files": large["files"],
        "big_defs": large["defs"],
        "big_build_s": large["build_s"],
        "big_index_mib": large["index_mib"],
        "query_p50_ms": large["query_p50_ms"],
        "query_p99_ms": large["query_p99_ms"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small workspaces")
    figures = run(parser.parse_args().quick)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
