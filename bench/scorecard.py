"""Benchmark: ``aidecay scorecard`` on months of live history, against ``aidecay stats`` on
the same database in the same run.

The database is ``bench/history_db.py``'s (2,000,000 keystroke events over 20,000 regions by
default), migrated once by opening it with the current ``Store``. Each round runs ``aidecay
stats --json`` then ``aidecay scorecard --json`` (alternating, so load on this shared machine
hits both alike), each in its own process, and records wall time, CPU time (user + system)
and peak RSS of that process (``os.wait4``). Goal (issue 15): the scorecard on 2M live events
<= 10 s and <= 200 MiB. The scorecard needs the ``stats`` extra (lifelines) for its hazard
ratios: ``pip install -e '.[stats]'``.

    python bench/scorecard.py                    # 2,000,000 events, 3 rounds
    python bench/scorecard.py --events 100000 --rounds 2
    python bench/scorecard.py --db big.db        # an existing (schema-2 or migrated) database
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOW = "2026-12-01T00:00:00Z"
COMMANDS = {
    "stats": ["stats", "--json", "--now", NOW],
    "scorecard": ["scorecard", "--json", "-", "--now", NOW],
}


def measure(args: list[str], db: Path, cwd: Path) -> dict:
    """One command in its own process: wall seconds, CPU seconds, peak RSS (MiB)."""
    argv = [sys.executable, "-P", "-m", "aidecay", *args, "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "server")}
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = child.stdout.read()
    child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"aidecay {' '.join(args)} failed (exit {child.returncode})")
    json.loads(out)  # it produced its JSON
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_MiB": round(usage.ru_maxrss / 1024, 1),
    }


def prepare(events: int, regions: int, given: Path | None, folder: Path) -> Path:
    """A migrated copy of the history database."""
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT / "server"))
    from aidecay.store.database import Store

    db = folder / "history.db"
    if given is not None:
        shutil.copy(given, db)
    else:
        from history_db import generate

        generate(db, events, regions)
    Store(db).close()  # migrate once, outside the measurement
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--regions", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", type=Path, help="an existing database instead of a generated one")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "scorecard.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        db = prepare(args.events, args.regions, args.db, folder)
        print(f"database ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        runs: dict[str, list[dict]] = {name: [] for name in COMMANDS}
        for k in range(args.rounds):
            for name, command in COMMANDS.items():
                runs[name].append(measure(command, db, folder))
                print(f"round {k + 1} {name}: {runs[name][-1]}", file=sys.stderr)
    report = {
        "events": args.events if args.db is None else None,
        "regions": args.regions if args.db is None else None,
        "rounds": args.rounds,
        "load_average": os.getloadavg(),
        "runs": runs,
        "median": {
            name: {key: statistics.median(r[key] for r in found) for key in found[0]}
            for name, found in runs.items()
        },
    }
    stats, card = report["median"]["stats"], report["median"]["scorecard"]
    report["scorecard_vs_stats"] = {
        key: round(card[key] / stats[key], 2) for key in stats if stats[key]
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["median"], indent=2))
    print(f"scorecard / stats: {report['scorecard_vs_stats']}")


if __name__ == "__main__":
    main()
