"""Bad input: a clear message on stderr, a non-zero exit, nothing written half-way."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
from clihelp import run_cli

READ_COMMANDS = [["stats"], ["export"], ["report", "--out", "r.html"], ["doctor"]]


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_missing_database(tmp_path, command):
    db = tmp_path / "none.db"
    done = run_cli(*command, "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1
    assert "no database" in done.stderr + done.stdout or "no aidecay database" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["mark", "x.py", "--lines", "1-1"]])
def test_corrupt_database(tmp_path, command):
    db = tmp_path / "bad.db"
    db.write_bytes(os.urandom(4096))
    (tmp_path / "x.py").write_text("print(1)\n")
    before = db.read_bytes()
    done = run_cli(*command, "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1
    assert "aidecay: error:" in done.stderr or "problem:" in done.stdout
    assert "Traceback" not in done.stderr
    assert db.read_bytes() == before
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["mark", "x.py", "--lines", "1-1"]])
def test_newer_schema(recorded, tmp_path, command):
    db = tmp_path / "new.db"
    shutil.copy(recorded.db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("update meta set value = '999' where key = 'schema_version'")
    (tmp_path / "x.py").write_text("print(1)\n")
    done = run_cli(*command, "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1
    assert "newer" in done.stderr + done.stdout
    assert not (tmp_path / "r.html").exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from regions").fetchone()[0] == 4


def test_mark_outside_the_workspace(tmp_path):
    inside, outside = tmp_path / "ws", tmp_path / "other.py"
    inside.mkdir()
    outside.write_text("x = 1\n")
    db = tmp_path / "h.db"
    done = run_cli("mark", str(outside), "--lines", "1-1", "--db", str(db), cwd=inside)
    assert done.returncode == 1
    assert "outside the workspace" in done.stderr
    assert not db.exists()


def test_mark_binary_and_missing_and_past_the_end(tmp_path):
    db = tmp_path / "h.db"
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "short.py").write_text("a = 1\nb = 2\n")
    for args, message in (
        (["blob.bin", "--lines", "1-1"], "binary"),
        (["nothere.py", "--lines", "1-1"], "does not exist"),
        (["short.py", "--lines", "2-9"], "past the end"),
        (["short.py", "--lines", "two"], "--lines expects"),
    ):
        done = run_cli("mark", *args, "--db", str(db), cwd=tmp_path)
        assert done.returncode == 1, args
        assert message in done.stderr, (args, done.stderr)
    assert not db.exists()


def test_blame_of_a_binary_file(recorded, tmp_path):
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\xff")
    done = run_cli("blame", str(blob), "--db", str(recorded.db))
    assert done.returncode == 1 and "binary" in done.stderr
