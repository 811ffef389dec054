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

from aidecay.core.regions import trim_blank_lines
from aidecay.core.store import Store, StoreError
from aidecay.core.uris import path_to_uri
from aidecay.replay import state
from aidecay.replay.attribution import AI
from aidecay.replay.results import Outcome, iso, models
from aidecay.replay.runner import Replay
from aidecay.stats.gitsync import line_map


def _id(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:24]


def region_key(repo: str, sha: str, path: str, first_line: int) -> str:
    return f"replay-{_id(repo, sha, path, first_line)}"


def _line_offsets(text: str) -> list[int]:
    starts = [0]
    for k, ch in enumerate(text):
        if ch == "\n":
            starts.append(k + 1)
    return starts


def _span(text: str, starts: list[int], first: int, last: int) -> tuple[int, int]:
    """Offsets of 1-based lines first..last, the end before the last line's newline."""
    start = starts[first - 1]
    end = starts[last] - 1 if last < len(starts) else len(text)
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, max(start, end)


class _Anchors:
    """Per file at HEAD: its text, where the live snapshot's lines are, and live coverage."""

    def __init__(self, store: Store, root: Path, read_head: Callable[[str], str | None]):
        self.store, self.root, self.read_head = store, root, read_head
        self.cache: dict[str, tuple | None] = {}
        self.snapshots: dict[str, str] = {}

    def place(self, path: str, first: int, last: int) -> tuple[str, int, int] | None:
        """(uri, start, end) for HEAD lines first..last, or None when live regions have them."""
        if path not in self.cache:
            self.cache[path] = self._load(path)
        found = self.cache[path]
        if found is None:
            return None
        uri, text, starts, mapping, covered = found
        lines = [mapping[n] for n in range(first, last + 1) if n in mapping]
        lines = [n for n in lines if n not in covered]
        if not lines:
            return None
        start, end = trim_blank_lines(text, *_span(text, starts, min(lines), max(lines)))
        covered.update(range(min(lines), max(lines) + 1))
        return (uri, start, end) if end > start else None

    def _load(self, path: str):
        head = self.read_head(path)
        if head is None:
            return None
        uri = path_to_uri(self.root / path)
        snapshot = self.store.load_snapshot(uri)
        if snapshot is None:
            self.snapshots[uri] = head
            text, mapping = head, {n: n for n in range(1, head.count("\n") + 2)}
        else:
            text, mapping = snapshot.text, line_map(head, snapshot.text)
        starts = _line_offsets(text)
        covered: set[int] = set()
        for region in self.store.load_regions(uri):
            first = text.count("\n", 0, region.start) + 1
            last = text.count("\n", 0, max(region.start, region.end - 1)) + 1
            covered.update(range(first, last + 1))
        return uri, text, starts, mapping, covered


def previous_run(db: Path, root: Path) -> dict | None:
    """The stored run of ``root`` (head, options, summary), or None; never creates ``db``."""
    if not db.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute(
                "select head, since, patterns, summary, models from replay_runs where repo = ?",
                [str(root)],
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # no replay table yet (or not a database: writing will say so)
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
    if not db.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute(
                "select data from replay_state where repo = ?", [str(root)]
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
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


def _write(store, replay: Replay, read_head, since, patterns, now) -> dict[str, int]:
    repo = str(replay.repo.root)
    walk = replay.walk
    commits = walk.commits
    existing = {
        row[0] for row in store.db.execute("select id from regions where id like 'replay-%'")
    }
    anchors = _Anchors(store, replay.repo.root, read_head)
    regions, events, metrics, replay_rows, cohorts, replay_events = [], [], [], [], [], []
    shown = 0
    for outcome in replay.outcomes:
        region = outcome.region
        birth = commits[region.commit]
        key = region_key(repo, birth.sha, region.path, region.first_line)
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
                regions.append(_region_row(key, outcome, commits, placed, replay))
                events.extend(_event_rows(key, outcome, commits, placed, replay))
                metrics.extend(_metric_rows(key, outcome, commits, placed, replay))
                shown += 1
        replay_rows.append(_replay_row(key, repo, region_id, outcome, commits))
        cohorts.extend((key, repo, born, died, count) for born, died, count in outcome.cohorts)
        if region.attribution.group == AI:
            for change in region.edits:
                sha = commits[change.commit].sha
                replay_events.append(
                    (
                        _id(key, "edit", sha),
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


def _region_row(key: str, outcome: Outcome, commits, placed, replay: Replay) -> dict:
    region = outcome.region
    attribution = region.attribution
    uri, start, end = placed or (path_to_uri(replay.repo.root / region.path), 0, 0)
    last_edit = commits[region.edits[-1].commit].time if region.edits else None
    deleted = commits[outcome.died_commit].time if outcome.died_commit is not None else None
    return {
        "id": key,
        "uri": uri,
        "start": start,
        "end": end,
        "origin": attribution.origin,
        "tool": attribution.tool,
        "model": attribution.model,
        "status": "live" if outcome.alive else "deleted",
        "created_at": iso(commits[region.commit].time),
        "edit_count": len(region.edits),
        "chars_inserted": sum(e.added_chars for e in region.edits),
        "chars_deleted": sum(e.removed_chars for e in region.edits),
        "last_edited_at": iso(last_edit) if last_edit is not None else None,
        "deleted_at": iso(deleted) if deleted is not None else None,
        "reviewed_at": None,
        "original_text": region.text,
    }


def _event_rows(key: str, outcome: Outcome, commits, placed, replay: Replay) -> list[dict]:
    region = outcome.region
    uri = placed[0] if placed else path_to_uri(replay.repo.root / region.path)
    birth = commits[region.commit]
    rows = [_event(key, uri, birth.sha, "created", region.attribution.origin, birth.time)]
    for change in region.edits:
        commit = commits[change.commit]
        author = "agent" if change.ai else "human"
        row = _event(key, uri, commit.sha, "edit", author, commit.time)
        row["inserted"], row["deleted"] = change.added_chars, change.removed_chars
        rows.append(row)
    if outcome.died_commit is not None:
        commit = commits[outcome.died_commit]
        rows.append(_event(key, uri, commit.sha, "deleted", "human", commit.time))
    return rows


def _event(key: str, uri: str, sha: str, kind: str, author: str, when: int) -> dict:
    return {
        "id": f"replay-{_id(key, kind, sha)}",
        "region_id": key,
        "uri": uri,
        "at": iso(when),
        "version": None,
        "kind": kind,
        "author": author,
        "inserted": 0,
        "deleted": 0,
        "rule": "replay",
        "text_start": None,
        "text_end": None,
    }


def _metric_rows(key: str, outcome: Outcome, commits, placed, replay: Replay) -> list[dict]:
    region = outcome.region
    uri = placed[0] if placed else path_to_uri(replay.repo.root / region.path)
    samples = list(region.samples)
    if outcome.head_functions is not None:
        samples.append((len(commits) - 1, outcome.head_functions))
    rows = []
    for k, (commit, functions) in enumerate(samples):
        if not functions:
            continue
        rows.append(
            {
                "region_id": key,
                "uri": uri,
                "at": iso(commits[commit].time),
                "version": None,
                "kind": "baseline" if k == 0 else "sample",
                "mi": None,
                "halstead_volume": None,
                "sloc": None,
                "functions": json.dumps(functions, sort_keys=True),
                "max_cc": max(functions.values()),
            }
        )
    return rows


def _replay_row(key: str, repo: str, region_id, outcome: Outcome, commits) -> dict:
    region = outcome.region
    attribution = region.attribution
    died = commits[outcome.died_commit] if outcome.died_commit is not None else None
    return {
        "id": key,
        "repo": repo,
        "region_id": region_id,
        "grp": attribution.group,
        "origin": attribution.origin,
        "tool": attribution.tool,
        "model": attribution.model,
        "evidence": attribution.evidence,
        "sha": commits[region.commit].sha,
        "path": region.path,
        "function": region.function,
        "born_at": commits[region.commit].time,
        "lines_added": len(region.lines),
        "lines_at_head": outcome.lines_at_head,
        "head_path": outcome.head_path,
        "head_first": outcome.head_first or None,
        "head_last": outcome.head_last or None,
        "deleted_sha": died.sha if died else None,
        "deleted_at": died.time if died else None,
        "edits": len(region.edits),
        "ai_edits": sum(1 for e in region.edits if e.ai),
        "max_cc_birth": max(region.baseline.values()) if region.baseline else None,
        "max_cc_head": max(outcome.head_functions.values()) if outcome.head_functions else None,
        "complexity_growth": int(outcome.complexity_grew),
    }
