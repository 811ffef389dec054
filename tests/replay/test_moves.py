"""Moved and copied code keeps its author, as ``git blame -M -C -C`` credits it: every line of
every scripted history below is credited to the same commit by the replay and by git."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from clihelp import run_cli
from scripted import CLAUDE_TRAILER, ScriptedRepo, blame_lines, replay_lines

from aidecay.replay import runner

FLAGS = ("-M", "-C", "-C")


def block(name: str, lines: int = 4) -> str:
    """A function whose lines are long enough to be a moved block (and unique to ``name``)."""
    body = "".join(f"    {name}_value_{k} = compute_{name}(argument_{k})\n" for k in range(lines))
    return f"def {name}(argument):\n{body}    return {name}_value_0\n"


def agent(repo: ScriptedRepo, files: dict, day: float) -> str:
    return repo.commit("agent" + CLAUDE_TRAILER, files, day=day)


def check(repo: ScriptedRepo, **options) -> runner.Replay:
    result = runner.run(repo.root, **options)
    rev = f"{options['since']}..HEAD" if options.get("since") else "HEAD"
    assert replay_lines(result) == blame_lines(repo, *FLAGS, rev=rev)
    return result


def region_of(result: runner.Replay, sha: str, path: str):
    commits = result.walk.commits
    return next(r for r in result.walk.regions if commits[r.commit].sha == sha and r.path == path)


@pytest.fixture
def repo(tmp_path: Path) -> ScriptedRepo:
    return ScriptedRepo(tmp_path / "repo")


def test_block_moved_to_another_file_keeps_its_author(repo):
    repo.commit("start", {"a.py": "import os\n\nvalue = 1\n"}, day=0)
    written = agent(repo, {"a.py": "import os\n\n" + block("spinner") + "\nvalue = 1\n"}, 1)
    # A human moves the class to its own module (and adds an import line).
    repo.commit(
        "refactor: move spinner to waiting module",
        {"a.py": "import os\nfrom b import spinner\n\nvalue = 1\n", "b.py": block("spinner")},
        day=2,
    )
    result = check(repo)
    # The blank line and the function the agent added (7); the function now lives in b.py.
    assert result.summary["ai"]["linesAtHead"] == 7
    region = region_of(result, written, "a.py")
    assert region.edits == []  # a move is not an edit
    moved = result.outcomes[region.index]
    assert moved.lines_at_head == 7 and moved.head_path in ("a.py", "b.py")
    where = {path for (path, _), sha in replay_lines(result).items() if sha == written}
    assert where == {"a.py", "b.py"}


def test_block_moved_within_a_file(repo):
    repo.commit("start", {"m.py": block("alpha") + "\n\n" + block("beta")}, day=0)
    agent(repo, {"m.py": block("alpha") + "\n\n" + block("beta") + "\n\n" + block("gamma")}, 1)
    repo.commit(
        "reorder",
        {"m.py": block("gamma") + "\n\n" + block("alpha") + "\n\n" + block("beta")},
        day=2,
    )
    result = check(repo)
    assert result.summary["ai"]["linesAtHead"] >= 6


def test_short_lines_do_not_move(repo):
    """Below the minimum size (20 letters and digits in a file, 40 across files) a moved
    line is new code of the mover, for git blame and replay alike."""
    repo.commit("start", {"s.py": "x = 1\n"}, day=0)
    agent(repo, {"s.py": "x = 1\nreturn_ok = 2\n"}, 1)
    repo.commit("move", {"s.py": "x = 1\n", "t.py": "return_ok = 2\n"}, day=2)
    result = check(repo)
    assert result.summary["ai"]["linesAtHead"] == 0


def test_move_followed_by_edits_continues_the_region(repo):
    repo.commit("start", {"a.py": "value = 1\n"}, day=0)
    written = agent(repo, {"a.py": "value = 1\n\n" + block("helper", 6)}, 1)
    moved = repo.commit("move", {"a.py": "value = 1\n", "util/b.py": block("helper", 6)}, day=2)
    edited = block("helper", 6).replace("argument_2)", "argument_2 + 1)")
    repo.commit("fix", {"util/b.py": edited}, day=3)
    result = check(repo)
    region = region_of(result, written, "a.py")
    # The move left the blank line above the function behind (deleted: an edit); the fix
    # after the move is an edit of the same region.
    edits = [(result.walk.commits[e.commit].sha, e.removed, e.added) for e in region.edits]
    assert edits == [(moved, 1, 0), (repo.head(), 1, 1)]
    assert result.outcomes[region.index].lines_at_head == 8 - 1
    assert result.outcomes[region.index].head_path == "util/b.py"


def test_copies_keep_the_author_of_the_original(repo):
    repo.commit("start", {"c.py": "x = 1\n"}, day=0)
    agent(repo, {"c.py": "x = 1\n\n" + block("original")}, 1)
    # Copied within the file (-M), and into a new file from an unchanged one (-C -C).
    repo.commit("copy", {"c.py": "x = 1\n\n" + block("original") + "\n" + block("original")}, day=2)
    repo.commit("copy out", {"d.py": "import c\n\n" + block("original")}, day=3)
    result = check(repo)
    # The original (a blank line and 6), each copy with the blank line above it: 3 × 7.
    assert result.summary["ai"]["linesAtHead"] == 3 * 7


def test_moves_on_a_branch_and_in_a_merge(repo):
    repo.commit("start", {"a.py": "x = 1\n", "z.py": "z = 0\n"}, day=0)
    agent(repo, {"a.py": "x = 1\n\n" + block("one") + "\n" + block("two")}, 1)
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("move one", {"a.py": "x = 1\n\n" + block("two"), "b.py": block("one")}, day=2)
    repo.git("checkout", "-q", "main")
    repo.commit("main work", {"z.py": "z = 0\nz2 = 1\n"}, day=3)
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", day=4)
    # A merge that moves code itself: the resolution moves "two" into c.py.
    repo.git("checkout", "-q", "-b", "other")
    repo.commit("other", {"z.py": "z = 0\nz2 = 1\nz3 = 2\n"}, day=5)
    repo.git("checkout", "-q", "main")
    repo.commit("main again", {"y.py": "y = 0\n"}, day=6)
    repo.git("merge", "-q", "--no-ff", "--no-commit", "other", day=7)
    repo.write("a.py", "x = 1\n")
    repo.write("c.py", block("two"))
    repo.git("add", "a.py", "c.py")
    repo.git("commit", "-q", "-m", "merge other, moving two", day=7)
    result = check(repo)
    assert result.summary["ai"]["linesAtHead"] == 12


def test_since_does_not_credit_merged_blank_lines_to_before_the_range(repo):
    """A branch forked before REV and merged after it: its blank lines belong to the branch."""
    repo.commit("start", {"a.py": "x = 1\n\n\ny = 2\n"}, day=0)
    repo.git("checkout", "-q", "-b", "side")
    agent(repo, {"a.py": "x = 1\n\n\ny = 2\n\n\n" + block("late") + "\n\n" + block("later")}, 1)
    repo.git("checkout", "-q", "main")
    since = repo.commit("main", {"b.py": "b = 1\n\n\nc = 2\n"}, day=2)
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", day=3)
    result = check(repo, since=since)
    assert result.summary["ai"]["linesAtHead"] == 2 + 6 + 2 + 6


def test_copies_are_stored_as_regions_of_their_own(repo, tmp_path):
    """A block copied back to the line it came from is still a region apart in the database."""
    repo.commit("start", {"c.py": "x = 1\n"}, day=0)
    agent(repo, {"c.py": "x = 1\n\n" + block("original")}, 1)
    repo.commit("move away", {"c.py": "x = 1\n", "d.py": "\n" + block("original")}, day=2)
    copied = {"c.py": "x = 1\n\n" + block("original"), "d.py": "\n" + block("original") + "y = 2\n"}
    repo.commit("copy back", copied, day=3)
    check(repo)
    done = run_cli("replay", str(repo.root), "--db", str(tmp_path / "c.db"))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "c.db") as conn:
        rows = conn.execute(
            "select lines_at_head from replay_regions where grp = 'ai' order by id"
        ).fetchall()
    assert sorted(rows) == [(7,), (7,)]
