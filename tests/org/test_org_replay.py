"""``aidecay org replay`` as a user runs it: every repository's figures equal what
``aidecay replay`` reports for it alone, both engines agree, failures are recorded and
retried without stopping the others, and a killed run resumes with nothing half-written."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from clihelp import run_cli
from orghelp import by_repo, long_repo, org, query, repos_file, small_repo
from scripted import ScriptedRepo

from aidecay.org.schema import REPOS, TABLES

GROUP_KEYS = ("linesAdded", "linesAtHead", "survival", "churn14d", "regions")


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> list[Path]:
    """Three short histories with merges and agents, and a long one by aider and a human."""
    root = tmp_path_factory.mktemp("fleet")
    repos = [small_repo(root / f"svc{k}", k).root for k in range(3)]
    repos.append(long_repo(root / "mono", 300, seed=7))
    return repos


def _replay_alone(path: Path, tmp: Path, *extra: str) -> dict:
    out = tmp / f"{path.name}.json"
    done = run_cli(
        "replay", str(path), "--db", str(tmp / f"{path.name}.db"), "--json", str(out), *extra
    )
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text())


def _rows(out: Path) -> dict[str, dict]:
    return {r["repo"]: r for r in pq.read_table(out / "repos.parquet").to_pylist()}


def test_each_repository_equals_aidecay_replay_alone(fleet, tmp_path):
    out = tmp_path / "out"
    done = org(
        "replay",
        "--repos",
        str(repos_file(tmp_path / "r.txt", fleet)),
        "--out",
        str(out),
        "--workers",
        "2",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    described = query(f"describe select * from '{out}/repos.parquet'")
    assert (
        [c[0] for c in described]
        == REPOS.names
        == ["repo", "source", "head", "status", "error", "commits", "aiCommits", "seconds"]
    )
    rows = _rows(out)
    assert sorted(rows) == ["mono", "svc0", "svc1", "svc2"]
    for line in ("✓ svc0", "✓ svc1", "✓ svc2", "✓ mono"):
        assert line in done.stdout
    at_head = query(
        f"select repo, grp, sum(lines_at_head)::bigint from "
        f"read_parquet('{out}/regions/*/*.parquet', hive_partitioning = true) group by all"
    )
    at_head = {(repo, grp): n for repo, grp, n in at_head}
    report = tmp_path / "report.json"
    shown = org("report", str(out), "--json", str(report))
    assert shown.returncode == 0, shown.stderr
    reported = {r["repo"]: r for r in json.loads(report.read_text())["repos"]}
    for path in fleet:
        alone = _replay_alone(path, tmp_path)
        row = rows[path.name]
        assert (row["status"], row["head"], row["source"]) == ("ok", alone["head"], str(path))
        assert (row["commits"], row["aiCommits"]) == (alone["commits"], alone["aiCommits"])
        assert alone["ai"]["linesAtHead"] > 0 and alone["human"]["linesAtHead"] > 0
        for group in ("ai", "human"):
            assert at_head[(path.name, group)] == alone[group]["linesAtHead"]
            assert reported[path.name][group] == alone[group]  # every figure, by SQL
        (summary,) = query(f"select summary from '{out}/runs/repo={path.name}/part-0.parquet'")[0]
        assert json.loads(summary) == alone
        card = _scorecard_alone(path, tmp_path)
        assert _by_row(reported[path.name]["scorecard"]) == _by_row(card["rows"])
    mono = {r["tool"] or r["group"]: r for r in reported["mono"]["scorecard"]}
    assert mono["aider"]["hazardRatioVsHuman"]["value"] > 0  # a fitted Cox model, not a reason
    stored = query(
        f"select tool, lines_added, hazard_ratio, hazard_ratio_low from "
        f"'{out}/scorecard/repo=mono/part-0.parquet' where grp = 'ai'"
    )
    hazard = mono["aider"]["hazardRatioVsHuman"]
    assert stored == [("aider", mono["aider"]["linesAdded"], hazard["value"], hazard["low"])]
    assert "Scorecard per repository (aidecay scorecard, by tool)" in shown.stdout
    assert f"{hazard['value']:.2f} ({hazard['low']:.2f}–{hazard['high']:.2f})" in shown.stdout


def _scorecard_alone(path: Path, tmp: Path) -> dict:
    """``aidecay scorecard REPO --source replay`` over the database ``_replay_alone`` wrote."""
    out = tmp / f"{path.name}.card.json"
    done = run_cli("scorecard", str(path), "--db", str(tmp / f"{path.name}.db"), "--source",
                   "replay", "--json", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text())


def _by_row(rows: list[dict]) -> dict:
    return {(r["group"], r["tool"], r["model"]): r for r in rows}


def test_local_and_ray_engines_agree(fleet, tmp_path):
    if importlib.util.find_spec("ray") is None:
        pytest.skip("ray is not installed (pip install 'aidecay[org]')")
    listing = str(repos_file(tmp_path / "r.txt", fleet))
    local, ray = tmp_path / "local", tmp_path / "ray"
    done = org("replay", "--repos", listing, "--out", str(local), "--workers", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    done = org("replay", "--repos", listing, "--out", str(ray), "--engine", "ray", "--workers", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ mono" in done.stdout
    for table in ("commits", "regions", "cohorts"):
        assert by_repo(local, table) == by_repo(ray, table), table
    assert by_repo(local, "runs", "head, head_time, summary") == by_repo(
        ray, "runs", "head, head_time, summary"
    )
    strip = lambda rows: {k: {**v, "seconds": None} for k, v in rows.items()}  # noqa: E731
    assert strip(_rows(local)) == strip(_rows(ray))


def _kill_workers_of(repos: dict[Path, int], stop: threading.Event) -> None:
    """Kill (SIGKILL) the worker process replaying each repository, ``repos[path]`` times:
    the worker is the parent of a git process running in the repository."""
    seen: set[int] = set()
    while not stop.is_set():
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cwd = Path(os.readlink(proc / "cwd"))
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                cmdline = (Path("/proc") / str(parent) / "cmdline").read_bytes()
            except (OSError, ValueError, IndexError):
                continue
            wanted = cwd in repos and repos[cwd] > 0 and b"multiprocessing" in cmdline
            if wanted and parent not in seen:
                seen.add(parent)
                repos[cwd] -= 1
                os.kill(parent, signal.SIGKILL)
        time.sleep(0.01)


def test_failures_are_recorded_retried_and_never_stop_the_others(fleet, tmp_path):
    good = fleet[0]
    plain = tmp_path / "plain"
    plain.mkdir()
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", good.as_uri(), str(shallow)], check=True)
    corrupt = tmp_path / "corrupt"
    shutil.copytree(good, corrupt)
    blob = ScriptedRepo.__new__(ScriptedRepo)
    blob.root = corrupt
    sha = blob.git("rev-parse", "HEAD~1:app/core.py").strip()
    obj = corrupt / ".git" / "objects" / sha[:2] / sha[2:]
    obj.chmod(0o644)
    obj.write_bytes(b"not a zlib stream")
    docs = ScriptedRepo(tmp_path / "docs")
    docs.commit("docs", {"README.md": "hello\n"}, day=0)
    killed = long_repo(tmp_path / "killed", 1500, seed=1)
    once = long_repo(tmp_path / "once", 1500, seed=2)
    listing = [good, plain, shallow, corrupt, docs.root, tmp_path / "missing", killed, once]
    stop = threading.Event()
    killer = threading.Thread(
        target=_kill_workers_of, args=({killed.resolve(): 2, once.resolve(): 1}, stop)
    )
    killer.start()
    try:
        done = org(
            "replay",
            "--repos",
            str(repos_file(tmp_path / "r.txt", listing)),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "2",
        )
    finally:
        stop.set()
        killer.join()
    assert done.returncode == 0, done.stdout + done.stderr  # some succeeded
    rows = _rows(tmp_path / "out")
    assert rows[good.name]["status"] == rows["once"]["status"] == "ok"
    expected = {
        "plain": "not a git repository",
        "shallow": "git fetch --unshallow",
        "corrupt": "git fsck",
        "docs": "no Python files",
        "missing": "is not a folder",
        "killed": "the worker process died (killed by SIGKILL",
    }
    for name, reason in expected.items():
        assert rows[name]["status"] == "failed", name
        assert reason in rows[name]["error"] and "(failed 2 times)" in rows[name]["error"]
        assert rows[name]["commits"] is None
        assert f"↻ {name}: failed" in done.stdout  # retried once
        assert f"  {name} (" in done.stdout.split("failed:")[-1]  # listed at the end
    assert "↻ once: failed (the worker process died" in done.stdout
    partitions = {p.name for p in (tmp_path / "out" / "regions").iterdir()}
    assert partitions == {f"repo={good.name}", "repo=once"}


def test_exit_status_1_when_nothing_succeeded(tmp_path):
    (tmp_path / "plain").mkdir()
    done = org(
        "replay",
        "--repos",
        str(repos_file(tmp_path / "r.txt", ["plain"])),
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "1",
    )
    assert done.returncode == 1
    assert "0 replayed, 0 unchanged, 1 failed" in done.stdout


def test_memory_limit_fails_the_repository_with_its_reason(fleet, tmp_path):
    done = org(
        "replay",
        "--repos",
        str(repos_file(tmp_path / "r.txt", [fleet[3]])),
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "1",
        "--memory",
        "2",
    )
    assert done.returncode == 1
    (row,) = _rows(tmp_path / "out").values()
    assert row["status"] == "failed" and "ran out of memory" in row["error"]


def _complete_files(out: Path) -> list[Path]:
    """Every Parquet file a reader would see; each must read back whole."""
    files = sorted(p for t in TABLES for p in (out / t).glob("*/*"))
    for path in files:
        assert path.name == "part-0.parquet", path
        pq.read_table(path)
    return files


def test_killed_run_resumes_without_half_written_files(tmp_path):
    repos = [long_repo(tmp_path / f"r{k}", 1200, seed=k) for k in range(4)]
    listing = str(repos_file(tmp_path / "r.txt", repos))
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "aidecay",
        "org",
        "replay",
        "--repos",
        listing,
        "--out",
        str(out),
        "--workers",
        "1",
    ]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rows = out / "_state" / "rows"
    deadline = time.monotonic() + 300
    while not (rows.is_dir() and any(rows.iterdir())):
        assert run.poll() is None and time.monotonic() < deadline, "no repository finished"
        time.sleep(0.05)
    workers = [
        int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == run.pid
    ]
    run.kill()  # SIGKILL: no cleanup code runs
    run.wait()
    done_before = {p.stem for p in rows.iterdir()}
    assert 1 <= len(done_before) < 4
    _complete_files(out)
    for pid in workers:  # the workers notice and end (with their git processes)
        _wait_gone(pid)
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    status = {r["repo"]: r["status"] for r in _rows(out).values()}
    assert {n for n, s in status.items() if s == "unchanged"} == done_before
    assert {n for n, s in status.items() if s == "ok"} == {r.name for r in repos} - done_before
    reference = tmp_path / "reference"
    assert subprocess.run([*command[:-3], str(reference), "--workers", "2"]).returncode == 0
    for table in ("commits", "regions", "cohorts"):
        assert by_repo(out, table) == by_repo(reference, table)
    assert len(_complete_files(out)) == 4 * len(TABLES)
    assert not any((out / "_state" / "pending").iterdir())


def _ppid(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists():
        state = (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() or ["?"])[0]
        if state == "Z":
            return  # ended; its parent (killed) never reaped it
        assert time.monotonic() < deadline, f"worker {pid} outlived the killed driver"
        time.sleep(0.1)
