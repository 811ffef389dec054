"""The walk's state at its last commit, saved so the next run walks only the new commits.

Saved as zlib-compressed JSON in ``replay_state`` (one row per repository): the commits walked,
every line's region and death, every region (with resolved metrics), and the line ids of every
Python file at the last commit. It resumes only when every new commit descends from that
commit through new commits alone; otherwise (a branch forked earlier and merged since, a
rewritten history) the whole history is walked again.
"""

from __future__ import annotations

import json
import zlib
from array import array

from aidecay.replay.attribution import Attribution
from aidecay.replay.walk import BLANK, CommitInfo, Edit, RegionBirth, Walk

FORMAT = 3  # 2: birth maintainability index redefined (schema 6); 3: stable line hashes, line
# paths (moves and copies)


def dump(walk: Walk, tip: str, patterns: list[str]) -> bytes:
    data = {
        "format": FORMAT,
        "tip": tip,
        "patterns": patterns,
        "commits": [
            [c.sha, c.time, c.author, c.email, vars(c.attribution), c.merge, c.added]
            for c in walk.commits
        ],
        "lineRegion": list(walk.lines.region),
        "lineDied": list(walk.lines.died),
        "lineHash": list(walk.lines.hash),
        "linePath": list(walk.lines.path),
        "paths": walk.lines.paths,
        "regions": [
            [
                r.commit,
                r.path,
                vars(r.attribution),
                r.function,
                r.first_line,
                r.lines,
                r.text,
                [
                    [e.commit, e.added, e.removed, e.added_chars, e.removed_chars, e.ai]
                    for e in r.edits
                ],
                r.samples,
                r.baseline,
                r.birth_mi,
                r.copied_at,
            ]
            for r in walk.regions
        ],
        "state": walk.states[tip],
    }
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 1)


def tip_of(blob: bytes) -> tuple[str, list[str]] | None:
    """(tip, patterns) of a saved state, or None when it cannot be read."""
    data = _read(blob)
    return (data["tip"], data["patterns"]) if data else None


def _read(blob: bytes) -> dict | None:
    try:
        data = json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def restore(blob: bytes, walk: Walk) -> str | None:
    """Load a saved state into a fresh ``walk``; its tip, or None when it cannot be used."""
    data = _read(blob)
    if data is None:
        return None
    for index, (sha, time, author, email, attribution, merge, added) in enumerate(data["commits"]):
        walk.commits.append(
            CommitInfo(index, sha, time, author, email, Attribution(**attribution), merge, added)
        )
    lines = walk.lines
    lines.region = array("i", data["lineRegion"])
    lines.died = array("i", data["lineDied"])
    lines.hash = array("q", data["lineHash"])
    lines.path = array("i", data["linePath"])
    lines.paths = list(data["paths"])
    lines.reindex(BLANK)
    for index, row in enumerate(data["regions"]):
        commit, path, attribution, function, first, lines, text, edits, samples, baseline = row[:10]
        region = RegionBirth(index, commit, path, Attribution(**attribution), function, first)
        region.lines, region.text = lines, text
        region.edits = [Edit(*e) for e in edits]
        region.samples = [(c, dict(f)) for c, f in samples]
        region.baseline = baseline
        region.birth_mi = tuple(row[10]) if len(row) > 10 and row[10] else None
        region.copied_at = row[11] if len(row) > 11 else None
        region.resolved = True
        walk.regions.append(region)
    walk.states[data["tip"]] = data["state"]
    return data["tip"]
