"""Time series for charts: AI code inserted vs surviving, rework per week, complexity trends."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from datetime import datetime, time, timedelta, timezone
from typing import Any

from aidecay.core.clock import format_time
from aidecay.stats.aggregate import Aggregates
from aidecay.stats.metrics import ai_chars, ratio
from aidecay.stats.scope import Scope, at, display_path

MAX_POINTS = 90
WORST_REGIONS = 5


def _day(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), time.min, tzinfo=timezone.utc)


def _week(moment: datetime) -> datetime:
    day = _day(moment)
    return day - timedelta(days=day.weekday())


def point_ends(regions: list[dict], scope: Scope) -> list[str]:
    """The ends of the survival series' points: each day (or week, for long histories)."""
    if not regions:
        return []
    first = _day(min(at(r["created_at"]) for r in regions))
    step = timedelta(days=1)
    if (scope.now - first).days + 1 > MAX_POINTS:
        first, step = _week(first), timedelta(weeks=1)
    ends = []
    moment = first + step
    while True:
        end = min(moment, scope.now)
        ends.append(format_time(end))
        if end >= scope.now:
            return ends
        moment += step


def survival_series(regions: list[dict], sums: Aggregates) -> list[dict[str, Any]]:
    """At the end of each point: AI characters inserted so far, and how many survive then.

    Difference arrays: a region adds its size from the point it was born, and its surviving
    characters over the stretches between the points where an edit removed some.
    """
    ends = sums.point_ends
    inserted = [0] * (len(ends) + 1)
    surviving = [0] * (len(ends) + 1)
    for region in regions:
        born = bisect_left(ends, region["created_at"])
        if born >= len(ends):
            continue
        size = ai_chars(region)
        inserted[born] += size
        dead_from = (
            bisect_left(ends, region["deleted_at"])
            if region["status"] == "deleted" and region["deleted_at"]
            else len(ends)
        )
        removals = sums.regions[region["id"]].point_deleted
        removed = sum(d for index, d in removals.items() if index < born)
        start = born
        for index in sorted(i for i in removals if i >= born):
            if index >= dead_from:
                break
            if index > start:
                value = max(0, size - removed)
                surviving[start] += value
                surviving[index] -= value
            removed += removals[index]
            start = index
        if start < dead_from:
            value = max(0, size - removed)
            surviving[start] += value
            surviving[dead_from] -= value
    points = []
    total_inserted = total_surviving = 0
    for k, end in enumerate(ends):
        total_inserted += inserted[k]
        total_surviving += surviving[k]
        points.append(
            {"at": end, "insertedChars": total_inserted, "survivingChars": total_surviving}
        )
    return points


def rework_weekly(regions: list[dict], sums: Aggregates) -> list[dict[str, Any]]:
    """Per ISO week (Monday, UTC): AI characters inserted, characters edited in AI regions."""
    weeks: dict[str, dict[str, int]] = defaultdict(lambda: {"aiChars": 0, "editedChars": 0})
    for region in regions:
        weeks[_week(at(region["created_at"])).date().isoformat()]["aiChars"] += ai_chars(region)
    for week, edited in sums.weekly_edited.items():
        weeks[week]["editedChars"] += edited
    return [
        {"week": week, **row, "ratio": ratio(row["editedChars"], row["aiChars"])}
        for week, row in sorted(weeks.items())
    ]


def complexity_trends(deltas: list[dict], scope: Scope) -> list[dict[str, Any]]:
    """The regions whose maximum cyclomatic complexity grew most, with every sample."""

    def order(d: dict) -> tuple:  # the index's largest fall first; unmeasured ones last
        return -d["maxCcDelta"], d["miDelta"] is None, d["miDelta"] or 0.0

    worst = sorted(deltas, key=order)[:WORST_REGIONS]
    return [
        {
            "regionId": d["regionId"],
            "path": display_path(d["uri"], scope.workspace),
            "maxCcDelta": d["maxCcDelta"],
            "points": [
                {"at": s["at"], "maxCc": s["max_cc"], "mi": s["mi"]}
                for s in sorted(d["samples"], key=lambda s: s["at"])
            ],
        }
        for d in worst
    ]


def series(
    regions: list[dict], sums: Aggregates, deltas: list[dict], scope: Scope
) -> dict[str, Any]:
    return {
        "survival": survival_series(regions, sums),
        "reworkWeekly": rework_weekly(regions, sums),
        "complexityTrends": complexity_trends(deltas, scope),
    }
