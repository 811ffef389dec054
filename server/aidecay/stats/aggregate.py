"""One streaming pass over every edit: the per-region and per-week sums the stats need.

Edits are read from SQLite as they come (``query.iter_edits``) and folded into a few integers
per region, so memory grows with regions, not with edits. Times are ISO text (they sort).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from aidecay.core.clock import format_time
from aidecay.stats.scope import at

SURVIVAL_DAYS = (1, 7, 30)
CHURN_DAYS = 14
EDIT_KINDS = ("edit", "deleted")


@dataclass(frozen=True)
class EditRecord:
    """An edit (or a region's deletion) as the statistics see it."""

    region_id: str
    kind: str
    author: str
    at: str
    inserted: int
    deleted: int


@dataclass
class RegionSums:
    """What the statistics need of one region's edits."""

    deleted_by: list[int] = field(default_factory=lambda: [0] * len(SURVIVAL_DAYS))
    churned: int = 0
    edited: int = 0
    edits: int = 0
    #: series point index -> characters deleted by edits up to that point (not cumulative).
    point_deleted: dict[int, int] = field(default_factory=dict)


@dataclass
class Aggregates:
    regions: dict[str, RegionSums]
    by_author: dict[str, int]
    weekly_edited: dict[str, int]
    point_ends: list[str]


def plus_days(moment: str, days: int) -> str:
    return format_time(at(moment) + timedelta(days=days))


def week_of(day: str, cache: dict[str, str]) -> str:
    """The Monday (ISO date) of the week of ``day`` (``YYYY-MM-DD…``)."""
    key = day[:10]
    found = cache.get(key)
    if found is None:
        moment = date.fromisoformat(key)
        found = (moment - timedelta(days=moment.weekday())).isoformat()
        cache[key] = found
    return found


def fold(
    regions: list[dict], records: Iterable[EditRecord], now: str, point_ends: list[str]
) -> Aggregates:
    """Sum ``records`` (any order) for ``regions``; records after ``now`` are ignored."""
    created = {r["id"]: r["created_at"] for r in regions}
    cutoffs = {
        rid: ([plus_days(c, d) for d in SURVIVAL_DAYS], plus_days(c, CHURN_DAYS))
        for rid, c in created.items()
    }
    sums: dict[str, RegionSums] = {rid: RegionSums() for rid in created}
    by_author: dict[str, int] = defaultdict(int)
    weekly: dict[str, int] = defaultdict(int)
    weeks: dict[str, str] = {}
    for record in records:
        row = sums.get(record.region_id)
        if row is None or record.at > now or record.kind not in EDIT_KINDS:
            continue
        survival_ends, churn_end = cutoffs[record.region_id]
        size = record.inserted + record.deleted
        row.edited += size
        row.edits += record.kind == "edit"
        by_author[record.author] += size
        weekly[week_of(record.at, weeks)] += size
        if record.at <= churn_end:
            row.churned += max(record.inserted, record.deleted)
        if record.kind == "edit" and record.deleted:
            for k, end in enumerate(survival_ends):
                if record.at <= end:
                    row.deleted_by[k] += record.deleted
            if point_ends:
                index = bisect_left(point_ends, record.at)
                if index < len(point_ends):
                    row.point_deleted[index] = row.point_deleted.get(index, 0) + record.deleted
    return Aggregates(sums, dict(by_author), dict(weekly), point_ends)
