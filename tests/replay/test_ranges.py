"""``replay.ranges.range_rows`` against aider's definition: ``git blame -M -C -C A..B`` of every
Python file at B, boundary lines left out, counted per author group."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from scripted import CLAUDE_TRAILER, ScriptedRepo, blame_lines
from test_moves import block

from aidecay.replay.ranges import RangeRow, range_rows
from aidecay.vcs.log import ReplayError

AIDER = ("Paul Gauthier (aider)", "paul@example.com")


@pytest.fixture
def released(tmp_path: Path) -> ScriptedRepo:
    """Two releases; in the second, a human moves code aider wrote in the first (it stays
    aider's and older than the range), aider and Claude write new code, a side branch forked
    before the first release is merged."""
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"app.py": "import os\n"}, day=0)
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("side work" + CLAUDE_TRAILER, {"side.py": "\n" + block("sidecar")}, day=1)
    repo.git("checkout", "-q", "main")
    repo.commit("feat: spinner", {"app.py": "import os\n\n" + block("spinner")}, day=2, who=AIDER)
    repo.git("tag", "v1.0.0", day=2)
    repo.commit(
        "refactor: move spinner to waiting module",
        {"app.py": "import os\nfrom waiting import spinner\n", "waiting.py": block("spinner")},
        day=3,
    )
    repo.commit(
        "feat: more", {"waiting.py": block("spinner") + "\n" + block("more")}, day=4, who=AIDER
    )
    repo.commit("docs", {"README.md": "hello\n"}, day=5)
    repo.commit(
        "feat: claude" + CLAUDE_TRAILER,
        {"app.py": "import os\nfrom waiting import spinner\n\n" + block("claude", 2)},
        day=6,
    )
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", day=7)
    repo.git("tag", "v1.1.0", day=7)
    return repo


def _by_group(repo: ScriptedRepo, rev: str, rows: list[RangeRow]) -> tuple[Counter, Counter]:
    groups = {}
    for sha in repo.git("rev-list", rev).split():
        author = repo.git("show", "-s", "--format=%an%n%B", sha)
        groups[sha] = "ai" if "(aider)" in author or "Co-Authored-By: Claude" in author else "human"
    theirs = Counter(groups[sha] for sha in blame_lines(repo, "-M", "-C", "-C", rev=rev).values())
    ours = Counter()
    for row in rows:
        ours[row.group] += row.lines_at_end
    return theirs, ours


def test_lines_at_the_end_of_a_release_match_aiders_blame(released):
    rows = range_rows(released.root, "v1.0.0..v1.1.0")
    theirs, ours = _by_group(released, "v1.0.0..v1.1.0", rows)
    assert ours == theirs
    by_tool = {(r.group, r.tool): r for r in rows}
    # aider's spinner moved by a human: older than the range, counted nowhere; "more" is new.
    aider = by_tool[("ai", "aider")]
    assert aider.lines_at_end == aider.lines_added == 7 and aider.commits == 1
    # Claude's lines: 5 in app.py, and the side branch's 7 arriving through the merge.
    claude = by_tool[("ai", "claude")]
    assert claude.lines_at_end == 5 + 7 and claude.commits == 2
    assert claude.model == "Claude Opus 4.6 (1M context)"
    human = by_tool[("human", None)]
    assert human.lines_at_end == 1  # the import line; the moved function is not the mover's


def test_whole_history_and_path_filter(released):
    rows = range_rows(released.root, "v1.1.0", paths=lambda p: p != "side.py")
    blamed = blame_lines(released, "-M", "-C", "-C", rev="v1.1.0")
    assert sum(r.lines_at_end for r in rows) == sum(1 for path, _ in blamed if path != "side.py")
    aider = next(r for r in rows if r.tool == "aider")
    # The blank line above the spinner was deleted by the move; the function lives on.
    assert (aider.lines_added, aider.lines_at_end, aider.commits) == (7 + 7, 6 + 7, 2)


@pytest.mark.parametrize("bad", ["", "..v1", "v1...v2", "-x..v1", "nope..v1.1.0"])
def test_bad_ranges_say_what_to_do(released, bad):
    with pytest.raises(ReplayError) as info:
        range_rows(released.root, bad)
    assert "range" in str(info.value) or "not a commit" in str(info.value)


def test_a_range_without_python_commits_has_no_rows(released):
    readme = released.git("rev-list", "-1", "HEAD", "--", "README.md").strip()
    assert range_rows(released.root, f"{readme}~1..{readme}") == []
