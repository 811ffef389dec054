"""Scripted repositories for the org tests, and ``aidecay org`` run as a user runs it."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
from scripted import CLAUDE_TRAILER, DAY, T0, ScriptedRepo, function

#: How DuckDB names the Arrow types the schema uses.
DUCK = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.timestamp("s", tz="UTC"): "TIMESTAMP WITH TIME ZONE",
    pa.list_(pa.int64()): "BIGINT[]",
}
AIDER = ("Ann Human (aider)", "ann@example.com")
CURSOR = ("Cursor Agent", "cursoragent@cursor.com")
HUMAN = ("Bob Human", "bob@example.com")


def org(*args: str, cwd: Path | None = None, timeout: float = 600, env: dict | None = None):
    """``python -m aidecay org ARGS`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "aidecay", "org", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def small_repo(root: Path, seed: int) -> ScriptedRepo:
    """A short history: a Claude side branch merged, a Cursor commit, human edits."""
    repo = ScriptedRepo(root)
    base = function("alpha", ["return x + 1"]) + "\n\n" + function("beta", ["return x * 2"])
    repo.commit("start", {"app/core.py": base}, day=0)
    repo.git("checkout", "-q", "-b", "feature")
    gamma = function("gamma", ["y = x - 1", "if y > 0:", "    return y", f"return {seed}"])
    repo.commit("add gamma" + CLAUDE_TRAILER, {"app/core.py": base + "\n\n" + gamma}, day=1)
    repo.git("checkout", "-q", "main")
    repo.commit("helpers", {"app/util.py": function("helper", ["return str(x)"])}, day=2)
    repo.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", day=3)
    delta = function("delta", ["total = 0", "for v in x:", "    total += v", "return total"])
    repo.commit(
        "delta",
        {"app/util.py": (repo.root / "app/util.py").read_text() + "\n\n" + delta},
        day=4,
        who=CURSOR,
    )
    text = (repo.root / "app/core.py").read_text().replace("return y", "return y * 2")
    repo.commit("tweak gamma", {"app/core.py": text}, day=20)
    return repo


def long_repo(root: Path, commits: int, seed: int) -> Path:
    """A history of ``commits`` commits (about a third by aider) built with ``git
    fast-import``: functions added, edited and deleted across a few files."""
    rng = random.Random(seed)
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    files: dict[str, list[str]] = {f"pkg/m{k}.py": [] for k in range(4)}
    stream = []
    for n in range(commits):
        path = rng.choice(sorted(files))
        body = files[path]
        action = rng.random()
        if body and action < 0.3:
            body[rng.randrange(len(body))] = function(
                f"f{n}", [f"return x + {rng.randrange(99)}", "# edited"]
            )
        elif body and action < 0.4:
            body.pop(rng.randrange(len(body)))
        else:
            body.append(function(f"f{n}", [f"if x > {n}:", "    return x", f"return {n}"]))
        who = AIDER if n % 3 == 0 else HUMAN
        text = "\n\n".join(body) if body else "\n"
        data = text.encode()
        message = f"change {n}".encode()
        stamp = f"{T0 + n * DAY // 4} +0000"
        stream.append(
            b"commit refs/heads/main\n"
            + f"author {who[0]} <{who[1]}> {stamp}\n".encode()
            + f"committer {who[0]} <{who[1]}> {stamp}\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + b"\n"
            + f"M 100644 inline {path}\ndata {len(data)}\n".encode()
            + data
            + b"\n"
        )
    subprocess.run(["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=root, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    return root


def repos_file(path: Path, entries: list) -> Path:
    path.write_text("".join(f"{e}\n" for e in entries))
    return path


def query(sql: str):
    return duckdb.connect().execute(sql).fetchall()


def by_repo(out: Path, table: str, columns: str = "*") -> dict[str, list]:
    """Every row of a table, per repository, sorted (to compare runs)."""
    rows = query(
        f"select repo, {columns} from read_parquet('{out}/{table}/*/*.parquet', "
        "hive_partitioning = true, hive_types_autocast = false)"
    )
    found: dict[str, list] = {}
    for row in rows:
        found.setdefault(row[0], []).append(tuple(row[1:]))
    return {k: sorted(v, key=repr) for k, v in found.items()}
