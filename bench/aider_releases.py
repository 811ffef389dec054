"""Aider's published per-release "lines written by aider" against ``aidecay``'s
``replay.ranges.range_rows`` on the same ranges, for Python files.

Aider publishes, per release, the lines added since the previous release that remain at it
(``aider/website/_data/blame.yml``, made by its ``scripts/blame.py``: ``git blame -M100 -C100
-C -C A..B`` of each file at B, boundary lines left out; a commit is aider's when its author
has "(aider)", its subject starts with "aider:" or it has a ``Co-authored-by: aider`` trailer;
``*prompts.py`` and ``tests/fixtures/watch*`` are left out). For each of the newest
``--releases`` ranges this prints: the published ``.py`` figures (from blame.yml at HEAD),
the same method re-run here, and aidecay's rows restricted to the same files.

Get the repository with ``git clone https://github.com/Aider-AI/aider`` (a full clone) and
run ``python bench/aider_releases.py --repo aider [--releases 5]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from aidecay.replay.ranges import MoveSizes, range_rows


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, errors="replace", check=False
    ).stdout


def counted(path: str) -> bool:
    """The Python files aider's scripts/blame.py counts."""
    return (
        path.endswith(".py")
        and not path.endswith("prompts.py")
        and not path.startswith("tests/fixtures/watch")
    )


def published(repo: Path, releases: int) -> list[dict]:
    """The newest entries of blame.yml: tags and their ``.py`` aider and total lines (the file
    has a fixed layout, read without a YAML library)."""
    text = git(repo, "show", "HEAD:aider/website/_data/blame.yml")
    entries: list[dict] = []
    path = ""
    for line in text.splitlines():
        if line.startswith("- "):
            entries.append({"aider": 0, "total": 0})
        stripped = line.strip()
        key, _, value = stripped.partition(": ")
        if line.startswith("  ") and not line.startswith("   ") and key in ("start_tag", "end_tag"):
            entries[-1][key] = value
        elif line.startswith("    ") and not line.startswith("     ") and stripped.endswith(":"):
            path = stripped[:-1]
        elif line.startswith("      ") and value.isdigit() and counted(path):
            entries[-1]["total"] += int(value)
            if "(aider)" in key.lower():
                entries[-1]["aider"] += int(value)
        elif line.startswith("  ") and not line.startswith("   "):
            path = ""
    return entries[-releases:]


def rerun(repo: Path, start: str, end: str, flags: tuple[str, ...]) -> dict:
    """aider's method, re-run here on the Python files."""
    authors = {}
    for sha in git(repo, "rev-list", f"{start}..{end}").split():
        name, subject, body = git(repo, "show", "-s", "--format=%an%x00%s%x00%B", sha).split("\0")
        aider = subject.lower().startswith("aider:") or "co-authored-by: aider" in body.lower()
        authors[sha[:9]] = name + (" (aider)" if aider else "")
    found = {"aider": 0, "total": 0}
    for path in git(repo, "ls-tree", "-r", "--name-only", end).splitlines():
        if not counted(path):
            continue
        out = git(repo, "blame", *flags, "--abbrev=9", f"{start}..{end}", "--", path)
        for line in out.splitlines():
            if line.startswith("^"):
                continue
            found["total"] += 1
            found["aider"] += "(aider)" in authors.get(line[:9], "").lower()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", required=True, type=Path)
    parser.add_argument("--releases", type=int, default=5)
    args = parser.parse_args()
    repo = args.repo.resolve()
    rows = []
    for entry in published(repo, args.releases):
        start, end = entry["start_tag"], entry["end_tag"]
        began = time.perf_counter()
        ours = range_rows(repo, f"{start}..{end}", paths=counted)
        seconds = time.perf_counter() - began
        theirs = range_rows(repo, f"{start}..{end}", paths=counted, moves=MoveSizes(100, 100))
        rows.append(
            {
                "range": f"{start}..{end}",
                "published": {"aider": entry["aider"], "total": entry["total"]},
                "rerun": rerun(repo, start, end, ("-M100", "-C100", "-C", "-C")),
                "rerunGitDefaults": rerun(repo, start, end, ("-M", "-C", "-C")),
                "aidecay": {
                    "aider": sum(r.lines_at_end for r in ours if r.tool == "aider"),
                    "total": sum(r.lines_at_end for r in ours),
                    "seconds": round(seconds, 1),
                },
                "aidecayAiderSizes": {
                    "aider": sum(r.lines_at_end for r in theirs if r.tool == "aider"),
                    "total": sum(r.lines_at_end for r in theirs),
                },
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
