"""Benchmark: ``aidecay replay`` against git-of-theseus 0.3.4 and a PyDriller 2.12 walk over
the same history, in the same run, each in its own process (wall time, CPU time, peak RSS).

The repository: Aider-AI/aider (https://github.com/Aider-AI/aider), a Python project whose
history carries thousands of agent-authored commits (``… (aider)`` authors, ``aider:``
subjects, ``Co-authored-by: aider (model)`` trailers), pinned at commit
5dc9490bb35f9729ef2c95d00a19ccd30c26339c (13,138 commits, 8,653 of them touching Python).
Get it with ``git clone https://github.com/Aider-AI/aider && git -C aider checkout 5dc9490``
and pass ``--repo aider`` (a full clone: the replay refuses shallow ones).

The peers live in their own virtual environment, never in the project's dependencies::

    python -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install git-of-theseus==0.3.4 pydriller==2.12

Run: ``python bench/replay.py --repo PATH [--peers /tmp/benchvenv] [--jobs 2] [--timeout S]
[--tools aidecay,theseus,pydriller] [--blame-check]`` (``--blame-check``: also compare
``linesAtHead`` with ``git blame -M -C -C`` and plain ``git blame`` of every Python file at
HEAD).
What each tool does:
- aidecay: ``aidecay replay REPO --jobs N`` into a fresh database (walk, attribution, regions,
  radon CC of every touched function, Kaplan–Meier, the database write);
- git-of-theseus: ``git-of-theseus-analyze --only '**/*.py'`` (line survival by cohort from
  ``git blame`` at weekly samples, its defaults);
- PyDriller: every commit (``traverse_commits``), every modified ``.py`` file's parsed diff
  (``ModifiedFile.diff_parsed``, its diff limited to ``*.py`` paths) — the minimum a tool built
  on PyDriller would read to follow lines.
Goals (issue 11): aidecay at least as fast as git-of-theseus, ≤ 2 min per 10,000 commits of
Python history on 2 cores, peak memory ≤ 500 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYDRILLER_WALK = """
import sys
from git import NULL_TREE
from pydriller import Repository
from pydriller.domain.commit import ModifiedFile
commits = lines = 0
for commit in Repository(sys.argv[1], only_in_branch=sys.argv[2]).traverse_commits():
    commits += 1
    # PyDriller's own modified_files, limited to Python paths (as the other two tools are).
    c = commit._c_object
    if len(c.parents) > 1:
        continue  # PyDriller reports no modified files for merges
    base = c.parents[0] if c.parents else None
    if base is not None:
        diffs = base.diff(other=c, paths=["*.py"], create_patch=True)
    else:
        diffs = c.diff(NULL_TREE, paths=["*.py"], create_patch=True)
    for diff in diffs:
        parsed = ModifiedFile(diff).diff_parsed
        lines += len(parsed["added"]) + len(parsed["deleted"])
print(commits, lines)
"""


def measured(command: list[str], timeout: float, cwd: Path | None = None) -> dict:
    """Wall and CPU seconds and peak RSS (MiB) of ``command`` and its children."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        wrapped = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", stats.name, *command]
        start = time.perf_counter()
        try:
            done = subprocess.run(
                wrapped, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return {"timedOut": True, "wallSeconds": round(time.perf_counter() - start, 1)}
        fields = stats.read().split()
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-400:]}
    wall, user, system, rss_kb = fields[-4:]
    return {
        "wallSeconds": float(wall),
        "cpuSeconds": round(float(user) + float(system), 1),
        "peakMiB": round(int(rss_kb) / 1024, 1),
        "stdoutTail": done.stdout.strip()[-200:],
    }


def blame_check(repo: Path, db: Path) -> dict:
    """Lines at HEAD per group by ``git blame -M -C -C`` (what the replay models: moved and
    copied code keeps its author) and by plain ``git blame``, against ``linesAtHead``."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        groups = {
            sha: group
            for sha, group in conn.execute("select distinct sha, grp from replay_regions")
        }
        summary = json.loads(conn.execute("select summary from replay_runs").fetchone()[0])
    found = {}
    files = [f for f in git(repo, "ls-tree", "-r", "--name-only", "HEAD").split("\n")]
    for name, flags in (("blameMCC", ["-M", "-C", "-C"]), ("blame", [])):
        counts = {"ai": 0, "human": 0, "other": 0}
        for path in (f for f in files if f.endswith((".py", ".pyi"))):
            out = subprocess.run(
                ["git", "blame", "--porcelain", *flags, "HEAD", "--", path],
                cwd=repo,
                capture_output=True,
                text=True,
                errors="replace",
                check=False,
            ).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) in (3, 4) and len(parts[0]) == 40 and parts[1].isdigit():
                    group = groups.get(parts[0], "other")
                    counts[group if group in counts else "other"] += 1
        found[name] = counts
    found["replay"] = {g: summary[g]["linesAtHead"] for g in ("ai", "human")}
    return found


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", required=True, type=Path, help="a full clone of the repository")
    parser.add_argument("--peers", default="/tmp/benchvenv", type=Path, help="venv of the peers")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per tool")
    parser.add_argument(
        "--tools",
        default="aidecay,theseus,pydriller",
        help="comma list of the tools to run (default all three)",
    )
    parser.add_argument(
        "--blame-check",
        action="store_true",
        help="also compare linesAtHead with git blame of every Python file at HEAD",
    )
    args = parser.parse_args()
    repo = args.repo.resolve()
    branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    head = git(repo, "rev-parse", "HEAD")
    commits = int(git(repo, "rev-list", "--count", "HEAD"))
    python_commits = int(
        git(repo, "rev-list", "--count", "--full-history", "HEAD", "--", "*.py", "*.pyi")
    )
    results: dict = {
        "repo": str(repo),
        "head": head,
        "commits": commits,
        "pythonCommits": python_commits,
        "cpus": os.cpu_count(),
        "loadAverageAtStart": os.getloadavg()[0],
    }
    tools = set(args.tools.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        if "aidecay" in tools:
            results["aidecay"] = measured(
                [
                    sys.executable,
                    "-m",
                    "aidecay",
                    "replay",
                    str(repo),
                    "--db",
                    str(db),
                    "--jobs",
                    str(args.jobs),
                    "--json",
                    str(Path(tmp) / "replay.json"),
                ],
                args.timeout,
            )
            if args.blame_check and "error" not in results["aidecay"]:
                results["blameCheck"] = blame_check(repo, db)
        if "theseus" in tools:
            out = Path(tmp) / "theseus"
            results["gitOfTheseus"] = measured(
                [
                    str(args.peers / "bin" / "git-of-theseus-analyze"),
                    "--only",
                    "**/*.py",
                    "--branch",
                    branch,
                    "--procs",
                    str(args.jobs),
                    "--quiet",
                    "--outdir",
                    str(out),
                    str(repo),
                ],
                args.timeout,
            )
        if "pydriller" in tools:
            results["pydriller"] = measured(
                [str(args.peers / "bin" / "python"), "-c", PYDRILLER_WALK, str(repo), branch],
                args.timeout,
            )
    ours = results.get("aidecay", {}).get("wallSeconds")
    for peer in ("gitOfTheseus", "pydriller"):
        theirs = results.get(peer, {}).get("wallSeconds")
        if ours and theirs:
            timed_out = results[peer].get("timedOut")
            results[f"speedupVs_{peer}"] = (">" if timed_out else "") + f"{theirs / ours:.2f}"
    if ours:
        results["aidecaySecondsPer10kPythonCommits"] = round(ours * 10_000 / python_commits, 1)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
