"""Database rows of one replayed region: ``regions``, ``events``, ``metrics`` (AI regions)
and ``replay_regions`` (every region)."""

from __future__ import annotations

import hashlib
import json

from aidecay.core.uris import path_to_uri
from aidecay.replay.results import Outcome, iso
from aidecay.replay.runner import Replay
from aidecay.replay.walk import CommitInfo


def _id(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:24]


def region_key(repo: str, sha: str, path: str, first_line: int, *copied: str) -> str:
    """The id of a replayed region (``copied``: the commit that copied a copied block)."""
    return f"replay-{_id(repo, sha, path, first_line, *copied)}"


def event_key(*parts: object) -> str:
    return _id(*parts)


def region_row(
    key: str, outcome: Outcome, commits: list[CommitInfo], placed, replay: Replay
) -> dict:
    region = outcome.region
    attribution = region.attribution
    uri, start, end = placed or (path_to_uri(replay.repo.root / region.path), 0, 0)
    last_edit = commits[region.edits[-1].commit].time if region.edits else None
    deleted = commits[outcome.died_commit].time if outcome.died_commit is not None else None
    return {
        "id": key,
        "uri": uri,
        "start": start,
        "end": end,
        "origin": attribution.origin,
        "tool": attribution.tool,
        "model": attribution.model,
        "status": "live" if outcome.alive else "deleted",
        "created_at": iso(commits[region.commit].time),
        "edit_count": len(region.edits),
        "chars_inserted": sum(e.added_chars for e in region.edits),
        "chars_deleted": sum(e.removed_chars for e in region.edits),
        "last_edited_at": iso(last_edit) if last_edit is not None else None,
        "deleted_at": iso(deleted) if deleted is not None else None,
        "reviewed_at": None,
        "original_text": region.text,
    }


def event_rows(
    key: str, outcome: Outcome, commits: list[CommitInfo], placed, replay: Replay
) -> list[dict]:
    region = outcome.region
    uri = placed[0] if placed else path_to_uri(replay.repo.root / region.path)
    birth = commits[region.commit]
    rows = [_event(key, uri, birth.sha, "created", region.attribution.origin, birth.time)]
    for change in region.edits:
        commit = commits[change.commit]
        author = "agent" if change.ai else "human"
        row = _event(key, uri, commit.sha, "edit", author, commit.time)
        row["inserted"], row["deleted"] = change.added_chars, change.removed_chars
        rows.append(row)
    if outcome.died_commit is not None:
        commit = commits[outcome.died_commit]
        rows.append(_event(key, uri, commit.sha, "deleted", "human", commit.time))
    return rows


def _event(key: str, uri: str, sha: str, kind: str, author: str, when: int) -> dict:
    return {
        "id": f"replay-{_id(key, kind, sha)}",
        "region_id": key,
        "uri": uri,
        "at": iso(when),
        "version": None,
        "kind": kind,
        "author": author,
        "inserted": 0,
        "deleted": 0,
        "rule": "replay",
        "text_start": None,
        "text_end": None,
    }


def metric_rows(
    key: str, outcome: Outcome, commits: list[CommitInfo], placed, replay: Replay
) -> list[dict]:
    region = outcome.region
    uri = placed[0] if placed else path_to_uri(replay.repo.root / region.path)
    samples = list(region.samples)
    if outcome.head_functions is not None:
        samples.append((len(commits) - 1, outcome.head_functions))
    rows = []
    for k, (commit, functions) in enumerate(samples):
        mi, volume, sloc = (region.birth_mi or (None, None, None)) if k == 0 else (None,) * 3
        if not functions and mi is None:
            continue
        rows.append(
            {
                "region_id": key,
                "uri": uri,
                "at": iso(commits[commit].time),
                "version": None,
                "kind": "baseline" if k == 0 else "sample",
                "mi": mi,
                "halstead_volume": volume,
                "sloc": sloc,
                "functions": json.dumps(functions, sort_keys=True),
                "max_cc": max(functions.values()) if functions else None,
            }
        )
    return rows


def replay_row(key: str, repo: str, region_id, outcome: Outcome, commits: list[CommitInfo]) -> dict:
    region = outcome.region
    attribution = region.attribution
    died = commits[outcome.died_commit] if outcome.died_commit is not None else None
    return {
        "id": key,
        "repo": repo,
        "region_id": region_id,
        "grp": attribution.group,
        "origin": attribution.origin,
        "tool": attribution.tool,
        "model": attribution.model,
        "evidence": attribution.evidence,
        "sha": commits[region.commit].sha,
        "path": region.path,
        "function": region.function,
        "born_at": commits[region.commit].time,
        "lines_added": len(region.lines),
        "lines_at_head": outcome.lines_at_head,
        "head_path": outcome.head_path,
        "head_first": outcome.head_first or None,
        "head_last": outcome.head_last or None,
        "deleted_sha": died.sha if died else None,
        "deleted_at": died.time if died else None,
        "edits": len(region.edits),
        "ai_edits": sum(1 for e in region.edits if e.ai),
        "max_cc_birth": max(region.baseline.values()) if region.baseline else None,
        "max_cc_head": max(outcome.head_functions.values()) if outcome.head_functions else None,
        "complexity_growth": int(outcome.complexity_grew),
    }
