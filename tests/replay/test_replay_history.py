"""The replay on scripted histories, every figure checked against a simple reference:
``git blame`` at HEAD for linesAtHead, a hand-computed Kaplan–Meier for survival."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted import CLAUDE_TRAILER, DAY, T0, ScriptedRepo, function

from aidecay.replay import runner
from aidecay.stats.survival import kaplan_meier, observations

CURSOR = ("Cursor Agent", "cursoragent@cursor.com")


def _ai_commits(result: runner.Replay) -> set[str]:
    return {c.sha for c in result.walk.commits if c.attribution.ai}


def _assert_matches_blame(repo: ScriptedRepo, result: runner.Replay) -> None:
    reference = repo.blame_counts(_ai_commits(result))
    assert result.summary["ai"]["linesAtHead"] == reference["ai"]
    assert result.summary["human"]["linesAtHead"] == reference["human"]


@pytest.fixture
def branchy(tmp_path: Path) -> ScriptedRepo:
    """Branches and merges, a rename, a squash, a revert and a line moved between functions."""
    repo = ScriptedRepo(tmp_path / "repo")
    base = function("alpha", ["return x + 1"]) + "\n\n" + function("beta", ["return x * 2"])
    repo.commit("start", {"app/core.py": base}, day=0)
    # A side branch written by Claude Code, merged with --no-ff: credit stays on the branch.
    repo.git("checkout", "-q", "-b", "feature")
    gamma = function("gamma", ["y = x - 1", "if y > 0:", "    return y", "return 0"])
    feature = base + "\n\n" + gamma
    repo.commit("add gamma" + CLAUDE_TRAILER, {"app/core.py": feature}, day=1)
    repo.git("checkout", "-q", "main")
    repo.commit("helpers", {"app/util.py": function("helper", ["return str(x)"])}, day=2)
    repo.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", day=3)
    # A rename with an edit: the surviving lines keep their birth.
    moved = function("helper", ["return str(x)"]) + "\n\n" + function("other", ["return x"])
    repo.git("mv", "app/util.py", "app/helpers.py")
    repo.commit("rename util", {"app/helpers.py": moved}, day=4)
    # A squash merge of an agent branch: one commit, credited by its trailer.
    repo.git("checkout", "-q", "-b", "squashed")
    squash = moved + "\n\n" + function("delta", ["return -x"])
    repo.commit("wip", {"app/helpers.py": squash}, day=5)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--squash", "squashed", day=6)
    repo.git("commit", "-q", "-m", "delta (#3)" + CLAUDE_TRAILER, day=6)
    # An AI commit that a human reverts.
    reverted = squash + "\n\n" + function("epsilon", ["return x ** 2"])
    repo.commit("epsilon", {"app/helpers.py": reverted}, day=7, who=CURSOR)
    repo.git("revert", "--no-edit", "HEAD", day=8)
    # A line moved from gamma into alpha by a human.
    text = (repo.root / "app/core.py").read_text()
    text = text.replace("    y = x - 1\n", "")
    text = text.replace("def alpha(x):\n", "def alpha(x):\n    y = x - 1\n")
    repo.commit("move a line", {"app/core.py": text}, day=9)
    return repo


def test_lines_at_head_match_git_blame(branchy):
    result = runner.run(branchy.root)
    _assert_matches_blame(branchy, result)
    summary = result.summary
    # gamma (two blank lines, def and 4 body lines) minus the moved line; delta (2 + 2).
    assert summary["ai"]["linesAtHead"] == (7 - 1) + 4
    assert set(summary["tools"]) == {"claude", "cursor"}
    assert summary["tools"]["cursor"]["linesAtHead"] == 0
    assert summary["tools"]["claude"]["commits"] == 2


def test_side_branch_commit_keeps_the_credit_for_merged_lines(branchy):
    result = runner.run(branchy.root)
    feature = next(c for c in result.walk.commits if c.attribution.ai and c.added == 7)
    assert not feature.merge and feature.attribution.tool == "claude"
    assert feature.attribution.model == "Claude Opus 4.6 (1M context)"
    merge = next(c for c in result.walk.commits if c.merge)
    assert merge.added == 0  # nothing born at the merge: all lines came from its parents


def test_conflict_resolution_is_credited_to_the_merge(tmp_path):
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"m.py": function("f", ["return 1"])}, day=0)
    repo.git("checkout", "-q", "-b", "agent")
    repo.commit("agent" + CLAUDE_TRAILER, {"m.py": function("f", ["return 2"])}, day=1)
    repo.git("checkout", "-q", "main")
    repo.commit("human", {"m.py": function("f", ["return 3"])}, day=2)
    repo.git("merge", "-q", "agent", day=3, check=False)  # a conflict
    repo.write("m.py", function("f", ["return 2 + 3"]))
    repo.git("add", "m.py")
    repo.git("commit", "-q", "--no-edit", day=3)
    result = runner.run(repo.root)
    _assert_matches_blame(repo, result)
    assert result.summary["ai"]["linesAtHead"] == 0
    assert result.summary["ai"]["linesAdded"] == 1


def test_kaplan_meier_by_hand(tmp_path):
    repo = ScriptedRepo(tmp_path / "repo")
    lines = ["a = 1", "b = 2", "c = 3", "d = 4"]
    repo.commit("four lines" + CLAUDE_TRAILER, {"k.py": "\n".join(lines) + "\n"}, day=0)
    repo.commit("drop a", {"k.py": "\n".join(lines[1:]) + "\n"}, day=2)
    repo.commit("change b c", {"k.py": "b = 20\nc = 30\nd = 4\n"}, day=5)
    repo.commit("later", {"other.py": "x = 1\n"}, day=30)
    result = runner.run(repo.root)
    ai = result.summary["ai"]
    # AI lines: 1 dies at 2 d, 2 at 5 d, 1 censored at 30 d.
    assert ai["survival"]["7d"] == pytest.approx(3 / 4 * (1 - 2 / 3))
    assert ai["survival"]["30d"] == pytest.approx(1 / 4)  # the last line, censored at 30 d
    assert ai["survival"]["90d"] is None  # nobody followed that long
    assert ai["churn14d"] == pytest.approx(3 / 4)
    assert ai["linesAdded"] == 4 and ai["linesAtHead"] == 1
    human = result.summary["human"]
    # Human lines: 2 born at 5 d, 1 at 30 d, all alive: survival 1 while followed.
    assert human["survival"]["7d"] == 1.0
    assert human["churn14d"] == 0.0  # the two lines of day 5 were followed 25 days
    _assert_matches_blame(repo, result)


def test_kaplan_meier_reference_with_ties_and_censoring():
    born = T0
    cohorts = [(born, born + 2 * DAY, 3), (born, None, 2), (born, born + 4 * DAY, 1)]
    data = observations(cohorts, born + 4 * DAY)
    # At 4 d: 1 death among 3 at risk, and 2 censored at the same time (deaths first).
    assert kaplan_meier(data, 4 * DAY) == pytest.approx((1 - 3 / 6) * (1 - 1 / 3))
    assert kaplan_meier(data, 5 * DAY) is None


def test_agent_only_committer_is_not_ai(tmp_path):
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"a.py": "x = 1\n"}, day=0)
    # aider commits a human's edit as committer only: not AI.
    repo.write("a.py", "x = 1\ny = 2\n")
    repo.git("add", "a.py")
    repo.git("commit", "-q", "-m", "human edit", day=1, committer=("Ann (aider)", "a@x.org"))
    result = runner.run(repo.root)
    assert result.summary["aiCommits"] == 0
    assert result.summary["human"]["linesAdded"] == 2


def test_since_a_commit_counts_only_later_lines(tmp_path):
    repo = ScriptedRepo(tmp_path / "repo")
    first = repo.commit("start" + CLAUDE_TRAILER, {"s.py": "a = 1\nb = 2\nc = 3\n"}, day=0)
    repo.commit("human", {"s.py": "a = 1\nb = 20\nc = 3\nd = 4\n"}, day=1)
    repo.commit("agent" + CLAUDE_TRAILER, {"s.py": "a = 1\nb = 20\nc = 3\nd = 4\ne = 5\n"}, day=2)
    result = runner.run(repo.root, since=first)
    summary = result.summary
    assert summary["commits"] == 2
    assert summary["ai"]["linesAdded"] == 1 and summary["human"]["linesAdded"] == 2
    assert summary["ai"]["linesAtHead"] == 1 and summary["human"]["linesAtHead"] == 2
    by_date = runner.run(repo.root, since="2023-11-15")
    assert by_date.summary["commits"] == 2
