"""Write a finished replay into the database, in one transaction.

AI regions become ordinary ``regions`` rows (with ``created``/``edit``/``deleted`` events and
``metrics`` baseline/samples) so stats, the panel and the live analysis see them; those still
at HEAD are anchored in the HEAD text, which is also stored as the file's ``documents``
snapshot so the server re-anchors them when the file is opened. Lines that live tracking
already covers are left to it (no duplicates). Every replayed region, AI or human, gets a
compact ``replay_regions`` row and its line deaths in ``replay_cohorts``.

Re-running is idempotent: ids are derived from the repository, commit and position, a region
row that already exists (the server may have followed it since) is left as it is, and the
``replay_*`` rows of the repository are replaced.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from aidecay.core.uris import path_to_uri
from aidecay.replay import rows, state
from aidecay.replay.anchors import Anchors
from aidecay.replay.attribution import AI
from aidecay.replay.results import models
from aidecay.replay.runner import Replay
from aidecay.store.database import Store, StoreError
from aidecay.vcs.git import BlobReader


def _read_one(db: Path, sql: str, root: Path) -> tuple | None:
    """One row of ``root`` read without creating or writing ``db``; None when the file, the
    table or the row is missing (or the file is not a database: writing will say so)."""
    if not db.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql, [str(root)]).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def previous_run(db: Path, root: Path) -> dict | None:
    """The stored run of ``root`` (head, options, summary), or None; never creates ``db``."""
    row = _read_one(
        db, "select head, since, patterns, summary, models from replay_runs where repo = ?", root
    )
    if row is None:
        return None
    return {
        "head": row[0],
        "since": row[1],
        "patterns": json.loads(row[2] or "[]"),
        "summary": json.loads(row[3]),
        "models": json.loads(row[4] or "[]"),
    }


def load_state(db: Path, root: Path) -> bytes | None:
    """The saved walk of ``root`` (see ``aidecay.replay.state``), or None."""
    row = _read_one(db, "select data from replay_state where repo = ?", root)
    return bytes(row[0]) if row else None


def write(
    db: Path,
    replay: Replay,
    read_head: Callable[[str], str | None],
    *,
    since: str | None,
    patterns: list[str],
    now: str,
) -> dict[str, int]:
    """Store the replay; counts of what was written."""
    store = Store(db)
    try:
        return _write(store, replay, read_head, since, patterns, now)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the replay to {db}: {exc}") from exc
    finally:
        store.close()


def write_from_repo(
    db: Path, replay: Replay, *, since: str | None, patterns: list[str], now: str
) -> dict[str, int]:
    """``write``, reading the HEAD text of files from the replayed repository itself."""
    reader = BlobReader(replay.repo.root)
    try:
        return write(
            db,
            replay,
            lambda path: reader.read(f"{replay.repo.head}:{path}"),
            since=since,
            patterns=patterns,
            now=now,
        )
    finally:
        reader.close()


def _write(
    store: Store,
    replay: Replay,
    read_head: Callable[[str], str | None],
    since: str | None,
    patterns: list[str],
    now: str,
) -> dict[str, int]:
    repo = str(replay.repo.root)
    walk = replay.walk
    commits = walk.commits
    existing = {
        row[0] for row in store.db.execute("select id from regions where id like 'replay-%'")
    }
    anchors = Anchors(store, replay.repo.root, read_head)
    regions, events, metrics, replay_rows, cohorts, replay_events = [], [], [], [], [], []
    shown = 0
    uris: dict[str, str] = {}
    for outcome in replay.outcomes:
        region = outcome.region
        birth = commits[region.commit]
        key = rows.region_key(repo, birth.sha, region.path, region.first_line)
        if region.copied_at is not None:  # a copy: also named by the commit that copied it
            key = rows.region_key(
                repo, birth.sha, region.path, region.first_line, commits[region.copied_at].sha
            )
        region_id = None
        if region.attribution.group == AI and key in existing:
            region_id = key  # stored by an earlier replay; the server may follow it now
        elif region.attribution.group == AI:
            region_id = key
            placed = None
            if outcome.alive and outcome.head_path:
                placed = anchors.place(outcome.head_path, outcome.head_first, outcome.head_last)
            if outcome.alive and placed is None:
                region_id = None  # live tracking already has these lines
            elif key not in existing:
                if placed is None:  # deleted: the file it was born in (resolved once per path)
                    if region.path not in uris:
                        uris[region.path] = path_to_uri(replay.repo.root / region.path)
                    placed = (uris[region.path], 0, 0)
                regions.append(rows.region_row(key, outcome, commits, placed, replay))
                events.extend(rows.event_rows(key, outcome, commits, placed, replay))
                metrics.extend(rows.metric_rows(key, outcome, commits, placed, replay))
                shown += 1
        replay_rows.append(rows.replay_row(key, repo, region_id, outcome, commits))
        cohorts.extend((key, repo, born, died, count) for born, died, count in outcome.cohorts)
        if region.attribution.group == AI:
            for change in region.edits:
                sha = commits[change.commit].sha
                replay_events.append(
                    (
                        rows.event_key(key, "edit", sha),
                        repo,
                        key,
                        sha,
                        commits[change.commit].author,
                        int(change.ai),
                        change.added,
                        change.removed,
                    )
                )
    conn = store.db.conn
    with conn:
        conn.execute("begin immediate")
        for table in ("replay_regions", "replay_cohorts", "replay_events"):
            conn.execute(f"delete from {table} where repo = ?", [repo])
        conn.executemany(
            "insert or ignore into documents (uri, text, hash, version, updated_at)"
            " values (?, ?, ?, ?, ?)",
            [(uri, text, _hash(text), None, now) for uri, text in anchors.snapshots.items()],
        )
        _insert(conn, "regions", regions, ignore=True)
        _insert(conn, "events", events, ignore=True)
        _insert(conn, "metrics", metrics)
        _insert(conn, "replay_regions", replay_rows)
        conn.executemany("insert into replay_cohorts values (?, ?, ?, ?, ?)", cohorts)
        conn.executemany(
            "insert or replace into replay_events values (?, ?, ?, ?, ?, ?, ?, ?)", replay_events
        )
        if replay.validator is not None:
            _write_validity(conn, repo, replay, now)
        conn.execute(
            "insert or replace into replay_state (repo, tip, data) values (?, ?, ?)",
            [repo, replay.tip, state.dump(replay.walk, replay.tip, patterns)],
        )
        conn.execute(
            "insert or replace into replay_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                repo,
                replay.repo.head,
                replay.repo.head_time,
                since,
                json.dumps(patterns),
                len(commits),
                json.dumps(replay.summary),
                json.dumps(models(replay.outcomes)),
                now,
            ],
        )
    return {"regions": shown, "replayRegions": len(replay_rows)}


def _write_validity(conn, repo: str, replay: Replay, now: str) -> None:
    """``--validate``: the figures per code and every AI region's timeline (store.validity)."""
    for table in ("replay_validity", "replay_timelines"):
        conn.execute(f"delete from {table} where repo = ?", [repo])
    conn.executemany(
        "insert into replay_validity values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                repo, code, replay.repo.head, f.flagged, f.unflagged, f.events_flagged,
                f.events_unflagged, f.value, f.low, f.high, f.reason, now,
            )
            for code, f in replay.validity.items()
        ],
    )  # fmt: skip
    conn.executemany(
        "insert into replay_timelines values (?, ?, ?, ?, ?, ?)",
        [
            (repo, t.region, t.born, t.end, json.dumps(t.events), json.dumps(dict(t.findings)))
            for t in replay.timelines
        ],
    )


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _insert(conn, table: str, rows: list[dict], *, ignore: bool = False) -> None:
    if not rows:
        return
    names = list(rows[0])
    verb = "insert or ignore" if ignore else "insert"
    sql = (
        f"{verb} into {table} ({', '.join(f'[{n}]' for n in names)})"
        f" values ({', '.join(':' + n for n in names)})"
    )
    conn.executemany(sql, rows)
