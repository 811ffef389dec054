"""Property tests: the walk's lines at HEAD against git blame on random linear histories, and
Kaplan–Meier against the textbook definition on random durations."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scripted import CLAUDE_TRAILER, DAY, ScriptedRepo, blame_lines, replay_lines

from aidecay.replay import runner
from aidecay.stats.survival import kaplan_meier

# An edit: (position fraction, lines deleted, lines inserted, by an agent?)
edits = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 3), st.integers(0, 3), st.booleans()),
    min_size=1,
    max_size=6,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits, vocabulary=st.integers(2, 6))
def test_lines_at_head_equal_git_blame(edits, vocabulary):
    with tempfile.TemporaryDirectory() as tmp:
        repo = ScriptedRepo(Path(tmp) / "repo")
        lines = [f"v{k % vocabulary} = {k % vocabulary}" for k in range(8)]
        repo.commit("start", {"p.py": "\n".join(lines) + "\n"}, day=0)
        counter = 100
        for day, (where, deleted, inserted, agent) in enumerate(edits, 1):
            at = int(where * len(lines))
            new = [f"v{(counter + k) % vocabulary} = {counter + k}" for k in range(inserted)]
            counter += inserted
            lines[at : at + deleted] = new
            message = "edit" + (CLAUDE_TRAILER if agent else "")
            repo.commit(message, {"p.py": "\n".join(lines) + "\n" if lines else ""}, day=day)
        result = runner.run(repo.root)
        reference = repo.blame_counts({c.sha for c in result.walk.commits if c.attribution.ai})
        assert result.summary["ai"]["linesAtHead"] == reference["ai"]
        assert result.summary["human"]["linesAtHead"] == reference["human"]


def _textbook(durations: list[tuple[int, bool]], t: int) -> float:
    """S(t) = product over distinct death times s <= t of (1 - deaths(s) / at risk(s))."""
    survival = 1.0
    for s in sorted({d for d, died in durations if died and d <= t}):
        at_risk = sum(1 for d, _ in durations if d >= s)
        deaths = sum(1 for d, died in durations if died and d == s)
        survival *= 1 - deaths / at_risk
    return survival


@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.booleans(), st.integers(1, 4)), min_size=1, max_size=30
    ),
    st.integers(0, 30),
)
def test_kaplan_meier_matches_the_definition(groups, t):
    expanded = [(d * DAY, died) for d, died, count in groups for _ in range(count)]
    found = kaplan_meier([(d * DAY, died, count) for d, died, count in groups], t * DAY)
    if max(d for d, _ in expanded) < t * DAY:
        assert found is None
    else:
        assert abs(found - _textbook(expanded, t * DAY)) < 1e-9


# A step: (which file, op, position fraction, size, by an agent?); op 0 writes new lines,
# 1 moves a block to the other file, 2 moves a block within the file, 3 copies a block to the
# other file, 4 deletes lines. Every line is over the minimum size alone: git blame judges a
# moved block by what is left of it at HEAD, the replay when it moves (docs/replay.md).
steps = st.lists(
    st.tuples(
        st.integers(0, 1), st.integers(0, 4), st.floats(0, 1), st.integers(1, 5), st.booleans()
    ),
    min_size=2,
    max_size=7,
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_moves_and_copies_match_git_blame_m_c_c(steps):
    with tempfile.TemporaryDirectory() as tmp:
        repo = ScriptedRepo(Path(tmp) / "repo")
        files = {"a.py": [_line("start", k) for k in range(6)], "b.py": []}
        repo.commit("start", {p: _text(lines) for p, lines in files.items()}, day=0)
        counter = 0
        for day, (which, op, where, size, agent) in enumerate(steps, 1):
            src = files["ab"[which] + ".py"]
            dst = files["ba"[which] + ".py"]
            at = int(where * len(src))
            chunk = src[at : at + size]
            if op == 0 or not chunk:
                src[at:at] = [_line("written", counter + k) for k in range(size)]
                counter += size
            elif op == 1:
                del src[at : at + size]
                dst[int(where * len(dst)) : int(where * len(dst))] = chunk
            elif op == 2:
                del src[at : at + size]
                src[len(src) // 2 : len(src) // 2] = chunk
            elif op == 3:
                dst[len(dst) :] = chunk
            else:
                del src[at : at + size]
            message = f"step {day}" + (CLAUDE_TRAILER if agent else "")
            repo.commit(message, {p: _text(lines) for p, lines in files.items()}, day=day)
        result = runner.run(repo.root)
        assert replay_lines(result) == blame_lines(repo, "-M", "-C", "-C")


def _line(kind: str, number: int) -> str:
    return f"{kind}_value_number_{number} = helper_function_call(argument_{number})"


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)
