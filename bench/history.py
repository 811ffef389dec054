"""Benchmark: what months of use cost in the history database, against the version before.

Two parts, each run for this checkout and (with ``--peer DIR``, a checkout of the version
before, e.g. a ``git worktree`` of ``main``) for the peer, in the same run:

* **typing session**: a file with ``--regions`` AI regions (one function each), then
  ``--keystrokes`` keystrokes inside one region at typing pace (one every 0.2 s of simulated
  time, an 8 s pause every 40, a save every 2,000), flushed as the server does (every second
  of typing). Reported: flush time (median, p99, max, and p99 of CPU time, which a loaded
  machine does not inflate; flushes that follow a save apart),
  database bytes per keystroke, bytes written (``wchar``) per keystroke. Goals: flush
  <= 10 ms with 5,000 regions, <= 100 B in the database and <= 5 KB written per keystroke.
* **history commands** on a generated months-of-use database (``bench/history_db.py``):
  ``aidecay stats --json``, ``export --format jsonl``, ``report``: seconds and peak memory
  (the peer reads the schema-2 copy, this checkout the copy it migrated). Goal: each
  <= 10 s and <= 200 MiB at 2,000,000 events.

Comparisons are made at one size only: the peer runs its session on ``--peer-keystrokes``
and its commands on ``--peer-events`` (the version before grows linearly and needs minutes
and gigabytes at full size), and this checkout runs the same sizes too; ``matched`` holds
the ratios (this / peer) at those sizes. The full-size figures of this checkout
(``--keystrokes``, ``--events``) have no peer figure beside them.

Quick run: ``python bench/history.py --keystrokes 2000 --events 100000 --peer /path/to/peer``.
Full figures: ``python bench/history.py --peer /path/to/peer`` (50,000 keystrokes, 2,000,000
events; the peer at 2,000 keystrokes and 100,000 events, and this checkout at those too).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SESSION = r"""
import json, os, sys, time
from datetime import datetime, timedelta, timezone
from aidecay.core.clock import format_time
from aidecay.core.text import Position
try:
    from aidecay.store.database import Store
    from aidecay.tracking.tracker import Change, Tracker
except ImportError:  # a peer from before the layers (issue 14)
    from aidecay.core.store import Store
    from aidecay.core.tracker import Change, Tracker

db, regions, keystrokes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
now = [0.0]
clock = lambda: format_time(t0 + timedelta(seconds=now[0]))
store = Store(db)
tracker = Tracker(store, clock=clock)
uri = "file:///bench/many.py"
text = "".join(f"def f_{k}(x):\n    return x + {k}\n\n" for k in range(regions))
tracker.open(uri, text, 1)
for k in range(regions):
    tracker.mark(uri, Position(3 * k, 0), Position(3 * k + 1, 20), "agent")
tracker.flush()

def size():
    store.db.execute("pragma wal_checkpoint(truncate)")
    return sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))

def wchar():
    with open("/proc/self/io") as io:
        return next(int(l.split()[1]) for l in io if l.startswith("wchar"))

line = 3 * (regions // 2) + 1
before, written = size(), wchar()
flushes, after_save, cpu = [], [], []
version, saved = 1, False
for n in range(keystrokes):
    now[0] += 8.0 if n % 40 == 39 else 0.2
    version += 1
    if n % 7 == 6:
        change = Change("", Position(line, 4), Position(line, 5))
    else:
        change = Change("ab"[n % 2], Position(line, 4), Position(line, 4))
    tracker.change(uri, version, [change])
    if n % 2000 == 1999:
        if hasattr(tracker, "saved"):
            tracker.saved(uri)
        saved = True
    if n % 5 == 4:
        started, started_cpu = time.perf_counter(), time.process_time()
        tracker.flush()
        (after_save if saved else flushes).append(time.perf_counter() - started)
        if not saved:
            cpu.append(time.process_time() - started_cpu)
        saved = False
tracker.flush()
written = wchar() - written
print(json.dumps({"flushes": flushes, "after_save": after_save, "cpu": cpu,
                  "db_bytes": size() - before, "written": written}))
"""


STORE_IMPORT = """try:
    from aidecay.store.database import Store
except ImportError:
    from aidecay.core.store import Store"""


def session(server: Path, regions: int, keystrokes: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONPATH": str(server / "server")}
        done = subprocess.run(
            [sys.executable, "-c", SESSION, f"{folder}/s.db", str(regions), str(keystrokes)],
            env=env, capture_output=True, text=True, check=True, cwd=folder,
        )  # fmt: skip
    raw = json.loads(done.stdout)
    flushes = sorted(raw["flushes"]) or [0.0]
    saves = sorted(raw["after_save"]) or [0.0]
    cpu = sorted(raw["cpu"]) or [0.0]
    return {
        "keystrokes": keystrokes,
        "flush_median_ms": round(statistics.median(flushes) * 1000, 2),
        "flush_p99_ms": round(flushes[int(len(flushes) * 0.99)] * 1000, 2),
        "flush_max_ms": round(flushes[-1] * 1000, 2),
        "flush_cpu_p99_ms": round(cpu[int(len(cpu) * 0.99)] * 1000, 2),
        "flush_after_save_median_ms": round(statistics.median(saves) * 1000, 2),
        "db_bytes_per_keystroke": round(raw["db_bytes"] / keystrokes, 1),
        "written_bytes_per_keystroke": round(raw["written"] / keystrokes, 1),
    }


def command(server: Path, args: list[str]) -> dict:
    """Seconds and peak memory of one ``aidecay`` command (run through a fresh parent)."""
    env = {**os.environ, "PYTHONPATH": str(server / "server")}
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "print(r.returncode, time.perf_counter() - t,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "aidecay", *args],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    code, seconds, rss_kib = done.stdout.split()
    return {"ok": code == "0", "s": round(float(seconds), 2), "MiB": int(rss_kib) // 1024}


def commands(server: Path, db: Path, out: Path) -> dict:
    return {
        "stats": command(server, ["stats", "--json", "--db", str(db)]),
        "export": command(
            server, ["export", "--format", "jsonl", "--out", str(out / "x.jsonl"), "--db", str(db)]
        ),
        "report": command(server, ["report", "--out", str(out / "x.html"), "--db", str(db)]),
    }


def migrate(server: Path, db: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(server / "server")}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", f"{STORE_IMPORT}\nStore({str(db)!r})"],
        env=env, check=True,
    )  # fmt: skip
    return round(time.perf_counter() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=5000)
    parser.add_argument("--keystrokes", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--history-regions", type=int, default=20_000)
    parser.add_argument("--peer", type=Path, help="a checkout of the version before")
    parser.add_argument("--peer-keystrokes", type=int, default=2000)
    parser.add_argument("--peer-events", type=int, default=100_000)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from history_db import generate  # noqa: PLC0415 - bench/ is not a package

    report: dict = {"session": {}, "commands": {}}
    report["session"]["this"] = session(ROOT, args.regions, args.keystrokes)
    if args.peer:
        report["session"]["peer"] = session(args.peer, args.regions, args.peer_keystrokes)
        report["session"]["this_at_peer_size"] = session(ROOT, args.regions, args.peer_keystrokes)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        sizes = [args.events] + ([args.peer_events] if args.peer else [])
        for events in dict.fromkeys(sizes):
            v2 = out / f"v2-{events}.db"
            generate(v2, events, min(args.history_regions, max(100, events // 50)))
            mine = out / f"v3-{events}.db"
            shutil.copy(v2, mine)
            row = {"migrate_s": migrate(ROOT, mine), "this": commands(ROOT, mine, out)}
            if args.peer and events == args.peer_events:
                row["peer"] = commands(args.peer, v2, out)
            report["commands"][f"{events}_events"] = row
            for path in out.glob("v*.db*"):
                path.unlink()
    if args.peer:
        report["matched"] = matched(report, args.peer_events)
    report["peak_rss_MiB_of_bench"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(report, indent=2))


def matched(report: dict, peer_events: int) -> dict:
    """Ratios this / peer, each at the size both ran."""
    ours, peer = report["session"]["this_at_peer_size"], report["session"]["peer"]
    out = {
        "keystrokes": peer["keystrokes"],
        **{
            key: round(ours[key] / peer[key], 3) if peer[key] else None
            for key in ("flush_median_ms", "flush_p99_ms", "flush_cpu_p99_ms")
            + ("db_bytes_per_keystroke", "written_bytes_per_keystroke")
        },
    }
    row = report["commands"][f"{peer_events}_events"]
    out["events"] = peer_events
    for name in ("stats", "export", "report"):
        a, b = row["this"][name], row["peer"][name]
        out[f"{name}_s"] = round(a["s"] / b["s"], 3) if b["s"] else None
        out[f"{name}_MiB"] = round(a["MiB"] / b["MiB"], 3) if b["MiB"] else None
    return out


if __name__ == "__main__":
    main()
