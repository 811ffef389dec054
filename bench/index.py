"""Benchmark: the workspace index (duplicate-helper) at editor speed, against commit cbc6468
measured in the same run, the two versions alternating sample by sample.

Workspaces are generated: a copy of the interpreter's standard library (``Lib``, about 1,790
files; ``--quick``: 300) and, for the similarity query, that tree replicated with renamed
functions up to 5,000 files (``--quick``: 800). Two sections:

* in-process (``WorkspaceIndex.build()`` in a fresh subprocess per sample, ``PYTHONPATH``
  set to one checkout): ``cold_s`` (empty database), ``warm_s`` (the same build after a
  restart), ``index_mib`` (resident memory after the build minus before),
  ``query_p50_ms``/``query_p99_ms`` (400 sampled functions' clone search with the rule's
  exclusions);
* server (``bench/index_server.py``): the real server over stdio on the standard library,
  one file open with an AI region copying a helper of its package; ``dup_s`` (first
  duplicate-helper answer), ``ready_s`` (index ready), ``peak_mib`` (the process tree's
  peak resident memory), CPU of the analysis child and of its pool.

Figures are medians over ``--rounds`` samples per version. Goals (issue 14): the server's
``ready_s`` <= 20 s and ``dup_s`` <= 5 s on 2 cores, ``peak_mib`` <= 500.
Run: ``python bench/index.py`` (``--quick`` for a short run; ``--only server``); the base
checkout is created with ``git worktree add --detach`` unless ``--baseline PATH`` names one.
``run(quick)`` returns the figures for ``bench/scale.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

BASE_COMMIT = "cbc6468"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
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

from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.analysis.rules.duplicate_helper import is_excused
try:
    from aidecay.store import Store
except ImportError:  # before the layers moved it
    from aidecay.core.store import Store
if args["fresh"] and os.path.exists(args["db"]):
    os.remove(args["db"])
Store(args["db"]).close()
gc.collect()
before = rss_kib()
started = time.perf_counter()
index = WorkspaceIndex(args["root"], cache_path=args["db"])
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
        index.similar(d.features, 0.7, exclude_path=d.path,
                      accept=lambda o, q=d: not is_excused(q, o, index.root))
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
    """A copy of the standard library's ``.py`` files (the first ``limit``, and xmlrpc)."""
    if dest.exists():
        shutil.rmtree(dest)
    lib = Path(sysconfig.get_paths()["stdlib"])
    files = stdlib_files()
    if limit is not None:  # the server section opens a file of xmlrpc/
        files = files[:limit] + [f for f in files[limit:] if "xmlrpc" in f.parts]
    for source in files:
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


def base_checkout(path: str | None = None) -> Path:
    if path:
        return Path(path).resolve()
    target = Path(tempfile.gettempdir()) / f"aidecay-base-{BASE_COMMIT}"
    if not (target / "server" / "aidecay").is_dir():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(target), BASE_COMMIT],
            check=True,
            capture_output=True,
        )
    return target


def in_process(server: Path, root: Path, *, fresh: bool = True, queries: int = 0) -> dict:
    """One build of ``root`` with the checkout whose ``server`` folder is given."""
    env = {**os.environ, "PYTHONPATH": str(server)}
    args = {"root": str(root), "db": str(WORK / f"{server.parent.name}.db"), "fresh": fresh,
            "queries": queries}  # fmt: skip
    return json_of([sys.executable, "-c", CHILD, json.dumps(args)], env)


def on_server(server: Path, root: Path) -> dict:
    """One cold start of the real server (``bench/index_server.py``, its own process)."""
    return json_of([sys.executable, str(HERE / "index_server.py"), str(server), str(root)])


def json_of(command: list[str], env: dict[str, str] | None = None) -> dict:
    """The JSON object a measuring subprocess prints last."""
    done = subprocess.run(
        command, env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[1:]}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(figures: dict, path: str | None) -> None:
    """Print ``figures`` (and write them to ``path``)."""
    text = json.dumps(figures, indent=2)
    print(text)
    if path:
        Path(path).write_text(text + "\n")


def median_of(samples: list[dict]) -> dict:
    return {key: round(statistics.median(s[key] for s in samples), 3) for key in samples[0]}


def compare(samples: dict[str, list[dict]]) -> dict:
    """Medians per version and this/base ratios."""
    this, base = median_of(samples["this"]), median_of(samples["base"])
    ratios = {k: round(this[k] / base[k], 3) for k in this if base.get(k)}
    return {"this": this, "base": base, "ratio": ratios, "samples": len(samples["this"])}


def alternate(measure, versions: dict[str, Path], rounds: int) -> dict:
    """``measure(server)`` for each version in turn, ``rounds`` times, the first version of
    each round alternating; ``load1``: the machine's 1-minute load average before the first
    sample and after each."""
    samples: dict[str, list[dict]] = {name: [] for name in versions}
    names = list(versions)
    loads = [round(os.getloadavg()[0], 1)]
    for round_ in range(rounds):
        for name in names if round_ % 2 == 0 else names[::-1]:
            samples[name].append(measure(versions[name]))
            loads.append(round(os.getloadavg()[0], 1))
            print(f"  {name}: {samples[name][-1]}", file=sys.stderr, flush=True)
    return {**compare(samples), "load1": loads}


def run(quick: bool = False, rounds: int = 2, only: str | None = None, baseline=None) -> dict:
    """All figures of this benchmark (``quick``: smaller workspaces)."""
    WORK.mkdir(parents=True, exist_ok=True)
    versions = {"this": REPO / "server", "base": base_checkout(baseline) / "server"}
    stdlib = make_stdlib(WORK / "stdlib", 300 if quick else None)
    figures: dict = {"cores": len(os.sched_getaffinity(0)), "base_commit": BASE_COMMIT}
    if only in (None, "server"):
        figures["server"] = alternate(lambda s: on_server(s, stdlib), versions, rounds)
    if only in (None, "build"):

        def build(server: Path) -> dict:
            cold = in_process(server, stdlib, fresh=True, queries=QUERIES)
            warm = in_process(server, stdlib, fresh=False)
            return {
                "files": cold["files"], "defs": cold["defs"], "cold_s": cold["build_s"],
                "warm_s": warm["build_s"], "index_mib": cold["index_mib"],
                "query_p99_ms": cold["query_p99_ms"],
            }  # fmt: skip

        figures["stdlib"] = alternate(build, versions, rounds)
        big = make_replicated(stdlib, WORK / "big", 800 if quick else 5000)

        def large(server: Path) -> dict:
            out = in_process(server, big, fresh=True, queries=QUERIES)
            return {key: out[key] for key in ("files", "defs", "build_s", "index_mib",
                                              "query_p50_ms", "query_p99_ms")}  # fmt: skip

        figures["big"] = alternate(large, versions, max(1, rounds // 2))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small workspaces")
    parser.add_argument("--rounds", type=int, default=2, help="samples per version")
    parser.add_argument("--only", choices=("server", "build"), help="one section")
    parser.add_argument("--baseline", help="a checkout of the base commit")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    report(run(args.quick, args.rounds, args.only, args.baseline), args.json)


if __name__ == "__main__":
    main()
