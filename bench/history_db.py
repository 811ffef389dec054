"""Generate a large aidecay history database, as months of use leave it.

The database has schema 2 (the last one with one ``edit`` event per keystroke) so that both
the current aidecay (which migrates it) and the version before can read it. Keystrokes come in
bursts at typing pace with pauses and sittings, spread over ``--days``; every region also has
a baseline and a latest metrics sample, and some have findings.

    python bench/history_db.py OUT.db --events 2000000 --regions 20000

``generate()`` is the API (``bench/scale.py`` imports it).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

T0 = datetime(2025, 12, 1, 9, 0, tzinfo=timezone.utc)
FILES = 200
CODES = ("complexity-growth", "churn", "naming-divergence", "duplicate-helper")
BODY = (
    "def helper_{k}(values, factor=2):\n"
    '    """Scale the positive values."""\n'
    "    result = []\n"
    "    for value in values:\n"
    "        if value > 0:\n"
    "            result.append(value * factor)\n"
    "    return result\n"
)

SCHEMA_V2 = """
create table meta (key text primary key, value text);
create table documents (uri text primary key, text text, hash text, version integer,
    updated_at text);
create table regions (id text primary key, uri text, start integer, "end" integer, origin text,
    tool text, model text, status text, created_at text, edit_count integer,
    chars_inserted integer, chars_deleted integer, last_edited_at text, deleted_at text,
    reviewed_at text, original_text text);
create index idx_regions_uri_status on regions (uri, status);
create table events (id text primary key, region_id text, uri text, at text, version integer,
    kind text, author text, inserted integer, deleted integer, rule text, text_start integer,
    text_end integer);
create index idx_events_region_id_at on events (region_id, at);
create table metrics (id integer primary key, region_id text, uri text, at text,
    version integer, kind text, mi float, halstead_volume float, sloc integer,
    functions text, max_cc integer);
create index idx_metrics_region_id_kind_at on metrics (region_id, kind, at);
create table findings (region_id text, code text, uri text, message text, severity text,
    first_seen_at text, last_seen_at text, active integer, primary key (region_id, code));
"""


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def generate(
    path: str | Path, events: int, regions: int = 20_000, *, days: int = 365, seed: int = 7
) -> dict[str, int]:
    """Write a schema-2 database with about ``events`` keystroke events over ``regions``."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode=WAL")
    conn.execute("pragma synchronous=OFF")
    conn.executescript(SCHEMA_V2)
    conn.execute("insert into meta values ('schema_version', '2')")
    per_file = max(1, regions // FILES)
    texts = {}
    region_rows = []
    for k in range(regions):
        uri = f"file:///work/repo/pkg/module_{k // per_file:04d}.py"
        body = BODY.format(k=k)
        offset = (k % per_file) * len(body)
        texts.setdefault(uri, []).append(body)
        created = T0 + timedelta(seconds=rng.uniform(0, days * 86400))
        status = "deleted" if rng.random() < 0.08 else "live"
        origin = rng.choice(("agent", "inline-completion", "chat"))
        tool = rng.choice(("claude-code", "copilot", "cursor"))
        region_rows.append(
            [f"{k:016x}", uri, offset, offset + len(body) - 1, origin, tool, None, status,
             _iso(created), 0, 0, 0, None, None, None, body[:-1]]
        )  # fmt: skip
    conn.executemany(
        "insert into documents values (?, ?, 'x', 1, ?)",
        [(uri, "".join(bodies), _iso(T0)) for uri, bodies in texts.items()],
    )
    written = 0
    batch: list[tuple] = []
    weights = [rng.paretovariate(1.2) for _ in range(regions)]
    total = sum(weights)
    end = T0 + timedelta(days=days)
    for k, row in enumerate(region_rows):
        count = max(1, round(events * weights[k] / total))
        count = min(count, events - written) if k == regions - 1 else count
        moment = datetime.fromisoformat(row[8].replace("Z", "+00:00"))
        inserted = deleted = 0
        for n in range(count):
            pause = rng.random()
            if pause < 0.02:
                moment += timedelta(hours=rng.uniform(1, 72))  # another sitting
            elif pause < 0.1:
                moment += timedelta(seconds=rng.uniform(6, 120))  # another edit
            else:
                moment += timedelta(milliseconds=rng.uniform(80, 400))  # typing
            moment = min(moment, end)
            back = rng.random() < 0.15
            inserted += 0 if back else 1
            deleted += 1 if back else 0
            batch.append(
                (f"{k:08x}{n:08x}", row[0], row[1], _iso(moment), n + 2, "edit", "human",
                 0 if back else 1, 1 if back else 0, "inside", row[2], row[2] + 1)
            )  # fmt: skip
        written += count
        row[9], row[10], row[11], row[12] = count, inserted, deleted, _iso(moment)
        if row[7] == "deleted":
            row[13] = _iso(moment + timedelta(seconds=1))
        if len(batch) >= 50_000:
            conn.executemany(f"insert into events values ({', '.join('?' * 12)})", batch)
            batch.clear()
    conn.executemany(f"insert into events values ({', '.join('?' * 12)})", batch)
    conn.executemany(f"insert into regions values ({', '.join('?' * 16)})", region_rows)
    conn.executemany(
        "insert into events values (?, ?, ?, ?, 1, 'created', ?, ?, 0, 'mark', ?, ?)",
        [(f"c{r[0]}", r[0], r[1], r[8], r[4], len(r[15]), r[2], r[3]) for r in region_rows],
    )
    metrics = []
    for r in region_rows:
        cc = rng.randint(2, 4)
        metrics.append((r[0], r[1], r[8], "baseline", 70.0, 120.0, 6, f'{{"f": {cc}}}', cc))
        grown = cc + rng.choice((0, 0, 1, 2, 5))
        metrics.append((r[0], r[1], r[12], "sample", 62.0, 150.0, 8, f'{{"f": {grown}}}', grown))
    conn.executemany(
        "insert into metrics (region_id, uri, at, version, kind, mi, halstead_volume, sloc,"
        " functions, max_cc) values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
        metrics,
    )
    conn.executemany(
        "insert into findings values (?, ?, ?, 'generated', 'warning', ?, ?, 1)",
        [(r[0], rng.choice(CODES), r[1], r[8], r[12]) for r in region_rows if rng.random() < 0.2],
    )
    conn.commit()
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    return {"regions": regions, "events": written}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--regions", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    started = time.perf_counter()
    made = generate(args.out, args.events, args.regions, days=args.days)
    size = Path(args.out).stat().st_size
    print(
        f"{made['events']:,} events over {made['regions']:,} regions, {size / 2**20:.0f} MiB, "
        f"{time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
