"""Time series for charts: AI lines inserted vs surviving, rework per week, complexity trends."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from datetime import datetime, time, timedelta, timezone
from typing import Any

from aidecay.core.clock import format_time
from aidecay.stats.fate import Fate
from aidecay.stats.metrics import ratio
from aidecay.stats.scope import Scope

MAX_POINTS = 90
WORST_REGIONS = 5


def _day(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), time.min, tzinfo=timezone.utc)


def _week(moment: datetime) -> datetime:
    day = _day(moment)
    return day - timedelta(days=day.weekday())


def _moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def point_ends(fates: list[Fate], scope: Scope) -> list[int]:
    """The ends of the survival series' points: each day (or week, for long histories)."""
    if not fates:
        return []
    first = _day(_moment(min(f.born for f in fates)))
    step = timedelta(days=1)
    if (scope.now - first).days + 1 > MAX_POINTS:
        first, step = _week(first), timedelta(weeks=1)
    ends = []
    moment = first + step
    while True:
        end = min(moment, scope.now)
        ends.append(int(end.timestamp()))
        if end >= scope.now:
            return ends
        moment += step


def survival_series(fates: list[Fate], ends: list[int]) -> list[dict[str, Any]]:
    """At the end of each point: AI lines written so far, and how many are still there."""
    inserted = [0] * (len(ends) + 1)
    dying = [0] * (len(ends) + 1)
    for fate in fates:
        inserted[bisect_left(ends, fate.born)] += fate.lines
        for moment, count in fate.deaths:
            dying[bisect_left(ends, max(moment, fate.born))] += count
    points, total, dead = [], 0, 0
    for k, end in enumerate(ends):
        total += inserted[k]
        dead += dying[k]
        points.append(
            {
                "at": format_time(_moment(end)),
                "insertedLines": total,
                "survivingLines": total - dead,
            }
        )
    return points


def rework_weekly(fates: list[Fate]) -> list[dict[str, Any]]:
    """Per ISO week (Monday, UTC): AI lines written, AI lines changed or deleted."""
    weeks: dict[str, dict[str, int]] = defaultdict(lambda: {"aiLines": 0, "changedLines": 0})
    for fate in fates:
        weeks[_week(_moment(fate.born)).date().isoformat()]["aiLines"] += fate.lines
        for moment, count in fate.deaths:
            weeks[_week(_moment(moment)).date().isoformat()]["changedLines"] += count
    return [
        {"week": week, **row, "ratio": ratio(row["changedLines"], row["aiLines"])}
        for week, row in sorted(weeks.items())
    ]


def worst(fates: list[Fate]) -> list[Fate]:
    """The regions whose maximum cyclomatic complexity grew most."""
    measured = [f for f in fates if f.cc_birth is not None and f.cc_now is not None]
    measured.sort(key=lambda f: (-(f.cc_now - f.cc_birth), f.id))
    return [f for f in measured[:WORST_REGIONS] if f.cc_now > f.cc_birth]


def complexity_trends(fates: list[Fate], samples: dict[str, list[dict]]) -> list[dict]:
    return [
        {
            "regionId": f.id,
            "path": f.path,
            "maxCcDelta": f.cc_now - f.cc_birth,
            "points": samples.get(f.id, []),
        }
        for f in fates
    ]
