"""``aidecay replay``: check the repository, walk its history, compute the outcome of every
region; ``storage`` then writes it. Nothing is written unless the whole walk succeeded."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aidecay.replay import diff, notes, state
from aidecay.replay.attribution import compile_patterns
from aidecay.replay.measure import CcBook
from aidecay.replay.moves import GIT_SIZES, MoveSizes
from aidecay.replay.results import Outcome, outcomes, summary
from aidecay.replay.validate import Validator
from aidecay.replay.validity import timelines
from aidecay.replay.walk import Walk
from aidecay.stats.flag_hazard import HazardRatio
from aidecay.stats.validity import Timeline, validity
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
    #: ``--validate``: the validator (when each code first fired on each AI region), the
    #: regions' timelines and the hazard ratio of each code
    validator: Validator | None = None
    timelines: list[Timeline] = field(default_factory=list)
    validity: dict[str, HazardRatio] = field(default_factory=dict)


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


def run(
    path: Path,
    *,
    since: str | None = None,
    patterns: Sequence[str] = (),
    jobs: int = 1,
    advance: Advance | None = None,
    total: Callable[[int], None] | None = None,
    saved: bytes | None = None,
    until: str | None = None,
    moves: MoveSizes = GIT_SIZES,
    validate: bool = False,
) -> Replay:
    """Walk the history of ``path``'s repository; ReplayError says why it cannot.

    ``saved``: the state a previous run stored; when HEAD descends from its commit through
    new commits alone, only those are walked. ``until``: walk up to this commit instead of
    HEAD (it then plays the part of HEAD everywhere). ``moves``: the minimum size of a moved
    block (``replay.moves``); a run that saves its state must keep the default.
    ``validate``: also run the editor's analysis at every commit that touched an AI region
    (``replay.validate``; never resumes a saved walk)."""
    compiled = compile_patterns(patterns)
    repo = log.preflight(path)
    if until is not None:
        repo = log.at(repo, until)
    rev = _range(repo, since)
    resume = _resumable(repo, saved, patterns) if saved and not since and not validate else None
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
    book: CcBook | None = None
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

        def initial(sha: str) -> dict[str, str]:
            return {
                name: blobs.read(f"{sha}:{name}") or "" for name in git.python_files(repo.root, sha)
            }

        walk = Walk(children, evidence, blobs.read, initial, compiled, moves)
        validator = None
        if validate:
            first = commits[0][1][:1] if commits else []
            files = git.python_blobs(repo.root, first[0]) if first else {}
            validator = Validator(walk, repo.root, blobs.read, files)
        resumed_from = state.restore(saved, walk) if resume is not None and saved else None
        book = walk.cache.book
        book.start(jobs)
        for commit in _ahead(diff.parse(log.log_lines_args(repo, rev)), blobs):
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
        if book is not None:
            book.close()  # the measuring workers, also when the walk failed
    result = summary(walk, str(repo.root), repo.head, repo.head_time, found)
    boundary = rev[0].split("..")[0] if ".." in rev[0] and resume is None else None
    lines: list[Timeline] = []
    figures: dict[str, HazardRatio] = {}
    if validator is not None:
        lines = timelines(str(repo.root), walk, found, validator.first, repo.head_time)
        figures = validity(lines)
        result["validity"] = {code: figure.as_json() for code, figure in figures.items()}
    return Replay(
        repo,
        walk,
        found,
        result,
        evidence.warnings,
        boundary,
        tip,
        resumed_from,
        len(commits),
        validator,
        lines,
        figures,
    )


def _ahead(
    commits: Iterator[diff.Commit], blobs: BlobReader, depth: int = 4
) -> Iterator[diff.Commit]:
    """``commits``, the file versions of the next ``depth`` ones asked for while this one is
    walked."""
    queue: deque[diff.Commit] = deque()
    for commit in commits:
        blobs.prefetch([f.new_blob for f in commit.files if f.new_blob])
        queue.append(commit)
        if len(queue) > depth:
            yield queue.popleft()
    yield from queue


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
