"""The validity table of docs/validity.md: per diagnostic code, the hazard ratio of an AI region
being reworked or deleted after the code fired on it, per repository and pooled.

Runs ``aidecay replay REPO --validate`` for each repository into one database (each in its own
process, timed), then reads back each repository's figures and pools every region's timeline
into one Cox model stratified by repository (``aidecay.stats.validity``). Prints a Markdown
table and writes the figures as JSON (``--json``).

Get the repositories with ``git clone`` (full clones; see docs/validity.md for the list and
commits) and run::

    python bench/validity.py --db /tmp/validity.db REPO [REPO ...] [--since DATE] [--reuse]

``--reuse``: skip the replays and tabulate what the database holds.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from aidecay.core.settings import DIAGNOSTIC_CODES
from aidecay.stats.validity import load_timelines, validity


def replay(repo: Path, db: Path, since: str | None) -> dict:
    command = [sys.executable, "-m", "aidecay", "replay", str(repo), "--db", str(db)]
    command += ["--validate", "--json", str(db.with_suffix(f".{repo.name}.json"))]
    if since:
        command += ["--since", since]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-400:], "seconds": seconds}
    return {"seconds": seconds}


def cell(row: dict) -> str:
    regions = f"{row['flagged']:,}/{row['flagged'] + row['unflagged']:,}"
    if row.get("hazardRatio") is None:
        return f"– ({regions})"
    return f"{row['hazardRatio']:.2f} ({row['low']:.2f}–{row['high']:.2f}; {regions})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--since", help="passed to aidecay replay --since")
    parser.add_argument("--reuse", action="store_true", help="tabulate the database as it is")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    runs = {}
    if not args.reuse:
        for repo in args.repos:
            runs[repo.name] = replay(repo.resolve(), args.db, args.since)
            print(f"{repo.name}: {runs[repo.name]}", file=sys.stderr, flush=True)
    with sqlite3.connect(args.db) as conn:
        wanted = [str(repo.resolve()) for repo in args.repos]
        figures: dict[str, dict] = {}
        for repo in wanted:
            rows = conn.execute(
                "select code, flagged, unflagged, hazard_ratio, low, high, reason"
                " from replay_validity where repo = ?",
                [repo],
            ).fetchall()
            figures[Path(repo).name] = {
                code: {"flagged": f, "unflagged": u, "hazardRatio": v, "low": lo, "high": hi}
                | ({"reason": reason} if reason else {})
                for code, f, u, v, lo, hi, reason in rows
            }
        pooled = validity(load_timelines(conn, wanted))
    figures["pooled"] = {code: figure.as_json() for code, figure in pooled.items()}
    names = list(figures)
    print("| code | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for code in DIAGNOSTIC_CODES:
        cells = [cell(figures[name][code]) if code in figures[name] else "–" for name in names]
        print(f"| `{code}` | " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "figures": figures}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
