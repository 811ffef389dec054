"""``aidecay replay``: check the repository, walk its history, compute the outcome of every
region; ``storage`` then writes it. Nothing is written unless the whole walk succeeded."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aidecay.replay import diff, notes, state
from aidecay.replay.attribution import compile_patterns
from aidecay.replay.results import Outcome, outcomes, summary
from aidecay.replay.walk import Walk
from aidecay.vcs import git, log
from aidecay.vcs.git import BlobReader
from aidecay.vcs.log import ReplayError, Repo

Advance = Callable[..., None]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:]+)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass
class Replay:
    repo: Repo
    walk: Walk
    outcomes: list[Outcome]
    summary: dict
    warnings: list[str] = field(default_factory=list)
    boundary: str | None = None
    tip: str = ""  # the newest walked commit (its state is saved for the next run)
    resumed_from: str | None = None  # the saved commit this run continued from
    walked: int = 0  # commits walked by this run


def _range(repo: Repo, since: str | None) -> list[str]:
    """Extra rev-list/log arguments for ``--since DATE|REV``."""
    if not since:
        return [repo.head]
    if _DATE.match(since):
        return [f"--since={since}", repo.head]
    sha = git.run(repo.root, "rev-parse", "--verify", "-q", f"{since}^{{commit}}", check=False)
    if not sha.strip():
        raise ReplayError(f"--since {since!r} is neither a date (YYYY-MM-DD) nor a commit here")
    return [f"{sha.strip()}..{repo.head}"]


def line_count(text: str) -> int:
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def run(
    path: Path,
    *,
    since: str | None = None,
    patterns: Sequence[str] = (),
    jobs: int = 1,
    advance: Advance | None = None,
    total: Callable[[int], None] | None = None,
    saved: bytes | None = None,
) -> Replay:
    """Walk the history of ``path``'s repository; ReplayError says why it cannot.

    ``saved``: the state a previous run stored; when HEAD descends from its commit through
    new commits alone, only those are walked."""
    compiled = compile_patterns(patterns)
    repo = log.preflight(path)
    rev = _range(repo, since)
    resume = _resumable(repo, saved, patterns) if saved and not since else None
    if resume is not None:
        rev, commits = resume
    else:
        commits = log.walk_commits_args(repo, rev)
    if not commits and resume is None:
        if not git.python_files(repo.root, repo.head):
            raise ReplayError(
                f"{repo.root} has no Python files (*.py, *.pyi) in its history; "
                "aidecay replay measures Python code only"
            )
        raise ReplayError(f"no commit touching Python files in the range {' '.join(rev)}")
    if total:
        total(len(commits))
    children: dict[str, int] = {}
    for _, parents in commits:
        for parent in parents:
            children[parent] = children.get(parent, 0) + 1
    in_walk = {sha for sha, _ in commits}
    blobs = BlobReader(repo.root)
    try:
        evidence = notes.LineEvidence()
        for commit, note in git.notes_list(repo.root).items():
            if commit in in_walk:
                text = blobs.read(note)
                if text is None:
                    evidence.warnings.append(
                        f"skipping the git-ai note of {commit[:12]}: it cannot be read"
                    )
                else:
                    notes.add_note(evidence, commit, text)
        traces = blobs.read(f"{repo.head}:{notes.TRACE_PATH}")
        if traces:
            by_prefix = sorted(in_walk)
            notes.add_traces(evidence, traces, lambda rev: _expand(rev, in_walk, by_prefix))

        def initial(sha: str) -> dict[str, int]:
            counts = {}
            for name in git.python_files(repo.root, sha):
                text = blobs.read(f"{sha}:{name}")
                counts[name] = line_count(text) if text is not None else 0
            return counts

        walk = Walk(children, evidence, blobs.read, initial, compiled)
        resumed_from = state.restore(saved, walk) if resume is not None and saved else None
        for commit in diff.parse(log.log_lines_args(repo, rev)):
            if commit.sha not in in_walk:
                continue
            walk.feed(commit)
            if advance:
                advance()
        # The newest walked commit: HEAD itself, or (when HEAD touches no Python file) the
        # commit whose Python files HEAD has.
        tip = commits[-1][0] if commits else resumed_from
        if tip is None or tip not in walk.states:
            raise ReplayError("the walk did not reach HEAD; did the history change while it ran?")
        found = outcomes(walk, tip, repo.head_time, lambda p: blobs.read(f"{repo.head}:{p}"), jobs)
    finally:
        blobs.close()
    result = summary(walk, str(repo.root), repo.head, repo.head_time, found)
    boundary = rev[0].split("..")[0] if ".." in rev[0] and resume is None else None
    return Replay(
        repo, walk, found, result, evidence.warnings, boundary, tip, resumed_from, len(commits)
    )


def _resumable(
    repo: Repo, saved: bytes, patterns: Sequence[str]
) -> tuple[list[str], list[tuple[str, list[str]]]] | None:
    """(range, new commits) when the saved walk can simply be continued to HEAD."""
    found = state.tip_of(saved)
    if found is None or found[1] != list(patterns):
        return None
    tip = found[0]
    if not git.is_ancestor(repo.root, tip, repo.head):
        return None
    rev = [f"{tip}..{repo.head}"]
    commits = log.walk_commits_args(repo, rev)
    known = {tip} | {sha for sha, _ in commits}
    if any(parent not in known for _, parents in commits for parent in parents):
        return None  # a branch forked before the saved commit: walk everything again
    return rev, commits


def _expand(rev: str, shas: set[str], ordered: list[str]) -> str | None:
    if rev in shas:
        return rev
    if len(rev) >= 7:
        matches = [s for s in ordered if s.startswith(rev)]
        return matches[0] if len(matches) == 1 else None
    return None
