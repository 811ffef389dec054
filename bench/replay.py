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

Run: ``python bench/replay.py --repo PATH [--repo PATH ...] [--peers /tmp/benchvenv]
[--jobs 2] [--samples N] [--timeout S] [--tools aidecay,aidecayValidate,gitOfTheseus,pydriller]
[--blame-check]`` (each tool ``--samples`` times per repository, tools alternating, medians
and wall-time ratios reported; ``aidecayValidate`` is ``aidecay replay --validate``;
``--blame-check``: also compare ``linesAtHead`` with ``git blame -M -C -C`` and plain ``git
blame`` of every Python file at HEAD).
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


def commands(args, repo: Path, tmp: Path, sample: int) -> dict[str, list[str]]:
    """The command of every tool, each writing into its own fresh place."""
    branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    aidecay = [sys.executable, "-m", "aidecay", "replay", str(repo), "--jobs", str(args.jobs)]
    found = {
        "aidecay": [*aidecay, "--db", str(tmp / f"a{sample}.db")],
        "aidecayValidate": [*aidecay, "--db", str(tmp / f"v{sample}.db"), "--validate"],
        "gitOfTheseus": [
            str(args.peers / "bin" / "git-of-theseus-analyze"),
            "--only",
            "**/*.py",
            "--branch",
            branch,
            "--procs",
            str(args.jobs),
            "--quiet",
            "--outdir",
            str(tmp / f"theseus{sample}"),
            str(repo),
        ],
        "pydriller": [str(args.peers / "bin" / "python"), "-c", PYDRILLER_WALK, str(repo), branch],
    }
    return {name: found[name] for name in args.tools.split(",")}


def median(values: list[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def bench_repo(args, repo: Path) -> dict:
    """Every tool ``--samples`` times on one repository, tools alternating within a sample."""
    branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    if branch == "HEAD":
        raise SystemExit(
            f"{repo}: check out a branch first (git-of-theseus fails on a detached HEAD)"
        )
    python_commits = int(
        git(repo, "rev-list", "--count", "--full-history", "HEAD", "--", "*.py", "*.pyi")
    )
    results: dict = {
        "repo": str(repo),
        "head": git(repo, "rev-parse", "HEAD"),
        "commits": int(git(repo, "rev-list", "--count", "HEAD")),
        "pythonCommits": python_commits,
        "loadAverageAtStart": os.getloadavg()[0],
        "samples": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for sample in range(args.samples):
            for name, command in commands(args, repo, Path(tmp), sample).items():
                found = measured(command, args.timeout)
                results["samples"].setdefault(name, []).append(found)
                print(f"{repo.name} {name} #{sample}: {found.get('wallSeconds')}", file=sys.stderr)
        if args.blame_check:
            results["blameCheck"] = blame_check(repo, Path(tmp) / "a0.db")
    wall = {
        name: median([r["wallSeconds"] for r in runs if "wallSeconds" in r and "error" not in r])
        for name, runs in results["samples"].items()
    }
    cpu = {
        name: median([r["cpuSeconds"] for r in runs if "cpuSeconds" in r])
        for name, runs in results["samples"].items()
    }
    results["medianWallSeconds"], results["medianCpuSeconds"] = wall, cpu
    ours = wall.get("aidecay")
    for peer in ("gitOfTheseus", "pydriller", "aidecayValidate"):
        if ours and wall.get(peer):
            results[f"wallRatio_{peer}_over_aidecay"] = round(wall[peer] / ours, 2)
    if ours:
        results["aidecaySecondsPer10kPythonCommits"] = round(ours * 10_000 / python_commits, 1)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--repo", required=True, type=Path, action="append", help="a full clone (repeatable)"
    )
    parser.add_argument("--peers", default="/tmp/benchvenv", type=Path, help="venv of the peers")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--samples", type=int, default=1, help="runs of each tool (alternating)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per tool")
    parser.add_argument(
        "--tools",
        default="aidecay,gitOfTheseus,pydriller",
        help="comma list of: aidecay, aidecayValidate, gitOfTheseus, pydriller",
    )
    parser.add_argument(
        "--blame-check",
        action="store_true",
        help="also compare linesAtHead with git blame of every Python file at HEAD",
    )
    args = parser.parse_args()
    results = {
        "cpus": os.cpu_count(),
        "repos": [bench_repo(args, repo.resolve()) for repo in args.repo],
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
