"""Lines written in a range of commits that are still there at its end, per author group.

``range_rows(repo, "A..B")`` answers the question of aider's published per-release table
(``aider/website/_data/blame.yml``, made by ``scripts/blame.py`` with ``git blame -M -C -C
A..B``): of the lines the commits of ``A..B`` added, how many remain at ``B``, per agent
(tool and model), humans and bots. It walks ``A..B`` as ``aidecay replay --since A`` walks to
HEAD: every commit of the range touching a Python file (side branches included), moved and
copied code credited to the commit that wrote it (lines older than ``A`` that a commit of the
range moves stay older than the range and are counted nowhere), attribution as in
docs/replay.md. Nothing is written anywhere.

The scorecard (``aidecay scorecard --range A..B``) is built on this function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aidecay.replay import runner
from aidecay.replay.moves import GIT_SIZES, MoveSizes
from aidecay.vcs import log
from aidecay.vcs.log import ReplayError

__all__ = ["GIT_SIZES", "MoveSizes", "RangeRow", "ReplayError", "range_rows", "split_range"]


@dataclass(frozen=True)
class RangeRow:
    """One author group (and agent) of a range.

    ``group``: ``"ai"``, ``"human"`` or ``"bot"``; ``tool`` and ``model``: the agent (None when
    unknown, and for humans); ``lines_added``: lines the group's commits of the range added
    (every line of the ``-U0`` diff, blank lines included, as ``git blame`` counts them; a copy
    of the group's own code counts again); ``lines_at_end``: of those, the lines still at the
    end of the range, exactly what ``git blame -M -C -C A..B`` credits to these commits where
    the two agree (docs/replay.md, "Moved and copied code"); ``regions`` and ``commits``: how
    many regions and commits those lines came in.
    """

    group: str
    tool: str | None
    model: str | None
    lines_added: int
    lines_at_end: int
    regions: int
    commits: int


def split_range(rev_range: str) -> tuple[str | None, str]:
    """``"A..B"`` -> (A, B); ``"B"`` (the whole history up to B) -> (None, B)."""
    start, dots, end = rev_range.partition("..")
    if end.startswith("."):
        raise ReplayError(f"{rev_range!r} is not a range: use A..B (two dots), not A...B")
    if not dots:
        start, end = "", rev_range
    if (dots and not start) or not end or start.startswith("-") or end.startswith("-"):
        raise ReplayError(f"{rev_range!r} is not a range: use A..B (e.g. v0.83.0..v0.84.0)")
    return start or None, end


def range_rows(
    repo: Path,
    rev_range: str,
    *,
    patterns: Sequence[str] = (),
    paths: Callable[[str], bool] | None = None,
    moves: MoveSizes = GIT_SIZES,
) -> list[RangeRow]:
    """Per group, tool and model: lines the commits of ``rev_range`` added, and those left at
    its end; most lines at the end first.

    ``repo``: any folder of the repository; ``rev_range``: ``"A..B"`` (commits reachable from
    B and not from A) or ``"B"``; ``patterns``: extra ``--ai-pattern`` regexes; ``paths``:
    count only lines in files it accepts (the file a line was added to, and the file it is in
    at the end), e.g. to leave out generated files; ``moves``: the minimum size of a moved or
    copied block (default git's, 20 and 40; ``MoveSizes(100, 100)`` is aider's). Raises
    ``ReplayError`` (a ``GitError``) with a message saying what to do when the repository or
    the range cannot be walked; a range without commits touching Python gives no rows."""
    start, end = split_range(rev_range)
    if start is not None:
        log.at(log.preflight(repo), start)  # a clear error when A is no commit
    try:
        result = runner.run(repo, since=start, patterns=patterns, until=end, moves=moves)
    except ReplayError as exc:
        if "no commit touching Python files" in str(exc):
            return []
        raise
    keep = paths or (lambda path: True)
    walk = result.walk
    rows: dict[tuple[str, str | None, str | None], list] = {}

    def row(region: int) -> list:
        attribution = walk.regions[region].attribution
        key = (attribution.group, attribution.tool, attribution.model)
        return rows.setdefault(key, [0, 0, set(), set()])

    for region in walk.regions:
        if keep(region.path):
            found = row(region.index)
            found[0] += len(region.lines)
            found[2].add(region.index)
            found[3].add(region.commit)
    for path, ids in walk.state(result.tip).items():
        if keep(path):
            for line in ids:
                region = walk.lines.region[line]
                if region >= 0:
                    row(region)[1] += 1
    out = [
        RangeRow(group, tool, model, added, at_end, len(regions), len(commits))
        for (group, tool, model), (added, at_end, regions, commits) in rows.items()
    ]
    return sorted(out, key=lambda r: (-r.lines_at_end, -r.lines_added, r.group, r.tool or ""))
