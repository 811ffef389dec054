"""The index saved in the database (migration 4) and built by a pool of worker processes
that never import workspace files."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from aidecay.analysis.index import pool as pool_module
from aidecay.analysis.index import workspace as workspace_module
from aidecay.analysis.index.persist import IndexCache
from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.analysis.worker import AnalysisProcess
from aidecay.store.database import SCHEMA_VERSION, Store
from aidecay.store.schema import MIGRATIONS

HELPER = '''def helper_{n}(items, limit=10):
    """Keep the first ``limit`` truthy items, upper-cased."""
    kept = []
    for item in items:
        if item:
            kept.append(str(item).upper())
        if len(kept) >= limit:
            break
    return kept
'''


def make_workspace(root: Path, files: int) -> None:
    for n in range(files):
        package = root / f"pkg{n % 5}"
        package.mkdir(parents=True, exist_ok=True)
        (package / f"mod{n}.py").write_text(HELPER.format(n=n))


def counting_parses(monkeypatch) -> list[int]:
    """Record how many files each build hands to the parser (the real one still runs)."""
    counts: list[int] = []
    real = workspace_module.extract_all

    def spy(jobs, count, root):
        counts.append(count)
        return real(jobs, count, root)

    monkeypatch.setattr(workspace_module, "extract_all", spy)
    return counts


def test_restart_reparses_only_changed_files(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    make_workspace(root, 12)
    db = tmp_path / "h.db"
    Store(db).close()
    parses = counting_parses(monkeypatch)
    first = WorkspaceIndex(root, cache_path=str(db))
    assert first.build() == 12
    assert len(IndexCache(str(db), str(root.resolve())).load()) == 12
    # Unchanged restart: nothing parsed, same definitions.
    second = WorkspaceIndex(root, cache_path=str(db))
    assert second.build() == 12
    assert {d.qualname for d in second.definitions()} == {f"helper_{n}" for n in range(12)}
    assert second.similar(first.definitions()[0].features, 0.9, limit=50)
    # A touched file (new mtime, same content) is not parsed; an edited one is; a deleted
    # one is forgotten, also in the database.
    touched = root / "pkg0" / "mod0.py"
    later = time.time() + 10
    os.utime(touched, (later, later))
    edited = root / "pkg1" / "mod1.py"
    edited.write_text(HELPER.format(n="renamed"))
    (root / "pkg2" / "mod2.py").unlink()
    third = WorkspaceIndex(root, cache_path=str(db))
    assert third.build() == 11
    assert parses == [12, 0, 1]
    names = {d.qualname for d in third.definitions()}
    assert "helper_renamed" in names and "helper_1" not in names and "helper_2" not in names
    rows = IndexCache(str(db), str(root.resolve())).load()
    assert len(rows) == 11 and rows[str(touched.resolve())][1] == touched.stat().st_mtime_ns


def test_saved_update_and_a_corrupt_row(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    make_workspace(root, 3)
    db = tmp_path / "h.db"
    Store(db).close()
    WorkspaceIndex(root, cache_path=str(db)).build()
    index = WorkspaceIndex(root, cache_path=str(db))
    index.build()
    target = root / "pkg0" / "mod0.py"
    target.write_text(HELPER.format(n="saved"))
    index.update_file(target)  # a didSave: the row is rewritten at once
    with sqlite_utils.Database(db) as conn:
        conn.execute("update index_files set defs = x'00ff' where path like '%mod1.py'")
        conn.conn.commit()
    parses = counting_parses(monkeypatch)
    again = WorkspaceIndex(root, cache_path=str(db))
    again.build()
    assert parses == [1]  # only the corrupt row is parsed again
    assert "helper_saved" in {d.qualname for d in again.definitions()}
    assert {d.qualname for d in again.definitions()} >= {"helper_1", "helper_2"}


def test_version_2_database_migrates_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS[1](db)
    MIGRATIONS[2](db)
    db["meta"].insert({"key": "schema_version", "value": "2"}, pk="key")
    db["documents"].insert({"uri": "file:///a.py", "text": "x = 1\n", "hash": "h"})
    db["events"].insert(
        {"id": "e1", "region_id": "r1", "uri": "file:///a.py", "kind": "created"}
        | {"at": "2026-01-01T00:00:00.000Z", "author": "agent"}
    )
    db.close()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION >= 4
    assert store.db["documents"].count == 1 and store.db["events"].count == 1
    assert store.db["index_files"].exists()
    store.close()


def test_without_a_database_the_index_still_builds(tmp_path):
    make_workspace(tmp_path, 2)
    for cache in (None, ":memory:", str(tmp_path / "no-table.db")):
        index = WorkspaceIndex(tmp_path, cache_path=cache)
        assert index.build() == 2


def test_pool_workers_never_import_workspace_files(tmp_path, monkeypatch):
    """A workspace full of modules named like what the workers import: none of them runs,
    even when the indexing process runs from the workspace with it on sys.path."""
    root = tmp_path / "ws"
    make_workspace(root, pool_module.MIN_FILES_FOR_POOL + 6)
    marker = tmp_path / "imported"
    planted = (
        "ast", "multiprocessing", "tokenize", "pathlib", "aidecay", "sitecustomize",
        "encodings", "setup", "conftest", "array", "hashlib", "zlib", "marshal", "parso",
    )  # fmt: skip
    for name in planted:
        (root / f"{name}.py").write_text(
            f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\n" + HELPER.format(n=name)
        )
    monkeypatch.chdir(root)
    monkeypatch.setattr(sys, "path", [str(root), "", *sys.path])
    monkeypatch.setattr(pool_module, "pool_size", lambda jobs: 2)  # a pool even on 1 core
    parses = counting_parses(monkeypatch)
    index = WorkspaceIndex(root)
    assert index.build() == pool_module.MIN_FILES_FOR_POOL + 6 + len(planted)
    assert parses == [pool_module.MIN_FILES_FOR_POOL + 6 + len(planted)]
    assert "helper_ast" in {d.qualname for d in index.definitions()}
    assert not marker.exists(), marker.read_text()
    assert os.getcwd() == str(root) and sys.path[0] == str(root)


def test_workers_that_cannot_start_never_hang_the_build(tmp_path, monkeypatch):
    """Were the workers started from the workspace, its planted ``multiprocessing.py`` would
    break them: the build then finishes in the indexing process."""
    root = tmp_path / "ws"
    make_workspace(root, pool_module.MIN_FILES_FOR_POOL + 6)
    (root / "multiprocessing.py").write_text("raise SystemExit('planted')\n")
    monkeypatch.chdir(root)
    monkeypatch.setattr(sys, "path", [str(root), "", *sys.path])
    monkeypatch.setattr(pool_module, "pool_size", lambda jobs: 2)
    monkeypatch.setattr(pool_module, "START_TIMEOUT_S", 30)

    @contextlib.contextmanager
    def unsafe_start(root, lock):
        yield

    monkeypatch.setattr(pool_module, "_neutral_start", unsafe_start)
    index = WorkspaceIndex(root)
    assert index.build() == pool_module.MIN_FILES_FOR_POOL + 7
    assert len(index) == pool_module.MIN_FILES_FOR_POOL + 6


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            found.update(int(c) for c in f.read().split())
    return found


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux's /proc")
def test_pool_workers_end_with_a_killed_analysis_process(tmp_path):
    """An analysis process killed while its pool parses leaves no worker behind."""
    root = tmp_path / "ws"
    make_workspace(root, 3000)
    process = AnalysisProcess()
    try:
        process.index([root], None)
        child = process._process.pid
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2:
            workers = {p for p in _children(child) if b"spawn_main" in _cmdline(p)}
            time.sleep(0.05)
        assert len(workers) == 2, "the pool did not start"
        os.kill(child, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in workers):
            time.sleep(0.1)
        assert not [p for p in workers if os.path.exists(f"/proc/{p}")]
    finally:
        process.close()


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""
