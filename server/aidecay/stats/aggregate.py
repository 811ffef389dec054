"""The per-region, per-author and per-week sums of edits that the statistics need.

SQLite aggregates the edits (``fold``); Python only sees a few rows per region, so time and
memory grow with regions, not with edits. Times are ISO text (they sort) or milliseconds.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from aidecay.core.clock import format_time
from aidecay.core.edits import to_ms
from aidecay.stats.scope import at

SURVIVAL_DAYS = (1, 7, 30)
CHURN_DAYS = 14


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


#: Every edit as (region_id, author, t = milliseconds, ins, del): from the edits table, or
#: from the per-keystroke events of a schema-2 database.
EDITS_SOURCE = (
    "select e.region_id as region_id, n.name as author, e.started as t,"
    " e.inserted as ins, e.deleted as del from edits e join names n on n.id = e.author"
)
EVENTS_SOURCE = (
    "select region_id, author, cast(round((julianday(at) - 2440587.5) * 86400000) as integer)"
    " as t, coalesce(inserted, 0) as ins, coalesce(deleted, 0) as del from events"
    " where kind = 'edit'"
)
_MS = "cast(round((julianday(created_at{shift}) - 2440587.5) * 86400000) as integer)"
_CUTOFFS = (
    "select id, "
    + ", ".join(_MS.format(shift=f", '+{d} days'") + f" as c{d}" for d in SURVIVAL_DAYS)
    + ", "
    + _MS.format(shift=f", '+{CHURN_DAYS} days'")
    + " as churn_end from regions"
)


def _queries(source: str) -> dict[str, str]:
    edits = f"with E as ({source}), R as ({_CUTOFFS}) "
    survival = ", ".join(
        f"sum(case when E.t <= R.c{d} then E.del else 0 end)" for d in SURVIVAL_DAYS
    )
    return {
        "regions": edits + "select E.region_id, count(*), sum(E.ins + E.del),"
        " sum(case when E.t <= R.churn_end then max(E.ins, E.del) else 0 end), "
        + survival
        + " from E join R on R.id = E.region_id where E.t <= :now group by E.region_id",
        "authors": edits + "select region_id, author, sum(ins + del) from E where t <= :now"
        " group by region_id, author",
        "weeks": edits + "select region_id, date(t / 1000.0, 'unixepoch', '-6 days', 'weekday 1'),"
        " sum(ins + del) from E where t <= :now group by 1, 2",
        "days": edits + "select region_id, date(t / 1000.0, 'unixepoch'), sum(del) from E"
        " where t <= :now and del > 0 group by 1, 2",
    }


def fold(
    conn: sqlite3.Connection,
    source: str,
    regions: list[dict],
    deletions: Iterable[EditRecord],
    now: str,
    point_ends: list[str],
) -> Aggregates:
    """The sums of ``regions``' edits, aggregated by SQLite (``source``: ``EDITS_SOURCE`` or
    ``EVENTS_SOURCE``), plus their deletion events; nothing after ``now`` counts."""
    sums: dict[str, RegionSums] = {r["id"]: RegionSums() for r in regions}
    by_author: dict[str, int] = defaultdict(int)
    weekly: dict[str, int] = defaultdict(int)
    queries = _queries(source)
    args = {"now": to_ms(now)}
    for region_id, count, edited, churned, *deleted_by in conn.execute(queries["regions"], args):
        row = sums.get(region_id)
        if row is not None:
            row.edits, row.edited, row.churned = count, edited or 0, churned or 0
            row.deleted_by = [d or 0 for d in deleted_by]
    for region_id, author, edited in conn.execute(queries["authors"], args):
        if region_id in sums:
            by_author[author] += edited or 0
    for region_id, week, edited in conn.execute(queries["weeks"], args):
        if region_id in sums:
            weekly[week] += edited or 0
    if point_ends:
        for region_id, day, deleted in conn.execute(queries["days"], args):
            row = sums.get(region_id)
            if row is not None:
                index = bisect_left(point_ends, f"{day}T00:00:00.001Z")
                if index < len(point_ends):
                    row.point_deleted[index] = row.point_deleted.get(index, 0) + (deleted or 0)
    churn_ends = {
        r["id"]: r.get(f"plus_{CHURN_DAYS}d") or plus_days(r["created_at"], CHURN_DAYS)
        for r in regions
    }
    _fold_deletions(sums, deletions, now, churn_ends, by_author, weekly)
    return Aggregates(sums, dict(by_author), dict(weekly), point_ends)


def _fold_deletions(
    sums: dict[str, RegionSums],
    deletions: Iterable[EditRecord],
    now: str,
    churn_ends: dict[str, str],
    by_author: dict[str, int],
    weekly: dict[str, int],
) -> None:
    """Region deletions count as edited characters and as churn in the first 14 days."""
    weeks: dict[str, str] = {}
    for record in deletions:
        row = sums.get(record.region_id)
        if row is None or record.at > now or record.kind != "deleted":
            continue
        size = record.inserted + record.deleted
        row.edited += size
        by_author[record.author] += size
        weekly[week_of(record.at, weeks)] += size
        if record.at <= churn_ends[record.region_id]:
            row.churned += max(record.inserted, record.deleted)
