"""``aidecay export --format parquet``: a developer's live history in the org dataset layout.

The records ``aidecay export`` writes (``aidecay.stats.export``), reduced to figures: no
source text, no names of people, and file paths replaced by a hash unless ``keep_paths``.
Every live region is AI-written code (live tracking follows only those), one cohort per
region (its lines live and die together: the editor knows characters, not line deaths), and
lines are censored at the export's time. The dataset's one "repository" is named after the
output folder, so a team lead can put several developers' exports beside ``aidecay org
replay`` results and report on all of them (``aidecay org report``).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from pathlib import Path

from aidecay import __version__
from aidecay.org.dataset import Dataset
from aidecay.org.sources import base_name
from aidecay.org.tables import encode, table
from aidecay.org.task import TaskResult
from aidecay.stats.export import Export
from aidecay.stats.scope import at
from aidecay.tracking.tracker import ORIGINS

#: The id prefix of the regions ``aidecay replay`` stores (``replay.rows``).
REPLAYED = "replay-"


def _seconds(text: str | None) -> int | None:
    return None if not text else int(at(text).timestamp())


def _replayed(region_id: str) -> bool:
    """Regions ``aidecay replay`` stored in the same database are not live history."""
    return region_id.startswith(REPLAYED)


def hashed(path: str) -> str:
    """A stable pseudonym of a path: the same file has the same hash in every export."""
    return "sha256:" + hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def tables(export: Export, *, keep_paths: bool) -> dict:
    """The ``regions``, ``cohorts``, ``commits`` (empty) and ``runs`` tables of ``export``."""
    regions, ai_edits, baseline, latest, grew = [], defaultdict(int), {}, {}, set()
    for kind, record in export.records():
        if kind == "region" and record["status"] != "unmarked" and not _replayed(record["id"]):
            regions.append(record)
        elif kind == "event" and record["kind"] == "edit" and record["author"] in ORIGINS:
            ai_edits[record["regionId"]] += 1
        elif kind == "metric" and record["maxCc"] is not None:
            baseline.setdefault(record["regionId"], record["maxCc"])
            latest[record["regionId"]] = record["maxCc"]
        elif kind == "finding" and record["code"] == "complexity-growth" and record["active"]:
            grew.add(record["regionId"])
    path = (lambda p: p) if keep_paths else hashed
    region_rows, cohort_rows = [], []
    for r in regions:
        alive = r["status"] == "live"
        lines = r["originalLines"]
        if alive and r["startLine"] is not None and r["endLine"] is not None:
            at_head = r["endLine"] - r["startLine"] + 1
        else:
            at_head = lines if alive else 0
        born, died = _seconds(r["createdAt"]), None if alive else _seconds(r["deletedAt"])
        region_rows.append(
            {
                "region": r["id"],
                "grp": "ai",
                "origin": r["origin"],
                "tool": r["tool"],
                "model": r["model"],
                "evidence": "live",
                "path": path(r["path"]),
                "born_at": born,
                "lines_added": lines,
                "lines_at_head": at_head,
                "head_path": path(r["path"]) if alive else None,
                "head_first": r["startLine"] if alive else None,
                "head_last": r["endLine"] if alive else None,
                "deleted_at": died,
                "edits": r["editCount"],
                "ai_edits": ai_edits[r["id"]],
                "max_cc_birth": baseline.get(r["id"]),
                "max_cc_head": latest.get(r["id"]),
                "complexity_growth": r["id"] in grew,
            }
        )
        if lines and born is not None:
            cohort_rows.append(
                {
                    "region": r["id"],
                    "born_at": born,
                    "died_at": died if not alive else None,
                    "lines": lines,
                }
            )
    now = int(export.scope.now.timestamp())
    run = {
        "source": "live",
        "head_time": now,
        "since": export.header["since"],
        "validate": False,
        "replayed_at": now,
        "aidecay_version": __version__,
    }
    return {
        "regions": table("regions", region_rows),
        "cohorts": table("cohorts", cohort_rows),
        "commits": table("commits", []),
        "runs": table("runs", [run]),
    }


def write(export: Export, out: Path, *, keep_paths: bool) -> tuple[str, int]:
    """Write the dataset into ``out`` (atomically per table); (its name, regions written)."""
    started = time.monotonic()
    name = base_name(str(out.absolute()))
    found = tables(export, keep_paths=keep_paths)
    dataset = Dataset(out, kind="live")
    dataset.open()
    result = TaskResult(
        name,
        "live",
        "ok",
        tables={key: encode(value) for key, value in found.items()},
        seconds=time.monotonic() - started,
    )
    row = {
        "repo": name,
        "source": "live",
        "head": None,
        "status": "ok",
        "error": None,
        "commits": None,
        "aiCommits": None,
        "seconds": round(result.seconds, 3),
    }
    dataset.commit(result, row)
    return name, found["regions"].num_rows
