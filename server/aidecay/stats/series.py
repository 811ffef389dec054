"""Time series for charts: AI code inserted vs surviving, rework per week, complexity trends."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta, timezone
from typing import Any

from aidecay.core.clock import format_time
from aidecay.stats.metrics import ai_chars, edited_chars, ratio, surviving_chars
from aidecay.stats.scope import Scope, at, display_path

MAX_POINTS = 90
WORST_REGIONS = 5


def _day(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), time.min, tzinfo=timezone.utc)


def _week(moment: datetime) -> datetime:
    day = _day(moment)
    return day - timedelta(days=day.weekday())


def survival_series(
    regions: list[dict], edits: dict[str, list[dict]], scope: Scope
) -> list[dict[str, Any]]:
    """At the end of each day (or week, for long histories): AI characters inserted so far,
    and how many of them survive at that moment."""
    if not regions:
        return []
    first = _day(min(at(r["created_at"]) for r in regions))
    step = timedelta(days=1)
    if (scope.now - first).days + 1 > MAX_POINTS:
        first, step = _week(first), timedelta(weeks=1)
    points = []
    moment = first + step
    while True:
        end = min(moment, scope.now)
        end_text = format_time(end)
        born = [r for r in regions if r["created_at"] <= end_text]
        points.append(
            {
                "at": end_text,
                "insertedChars": sum(ai_chars(r) for r in born),
                "survivingChars": sum(
                    surviving_chars(r, edits.get(r["id"], []), end_text) for r in born
                ),
            }
        )
        if end >= scope.now:
            return points
        moment += step


def rework_weekly(regions: list[dict], edits: dict[str, list[dict]]) -> list[dict[str, Any]]:
    """Per ISO week (Monday, UTC): AI characters inserted, characters edited in AI regions."""
    weeks: dict[str, dict[str, int]] = defaultdict(lambda: {"aiChars": 0, "editedChars": 0})
    for region in regions:
        weeks[_week(at(region["created_at"])).date().isoformat()]["aiChars"] += ai_chars(region)
        for event in edits.get(region["id"], []):
            key = _week(at(event["at"])).date().isoformat()
            weeks[key]["editedChars"] += edited_chars(event)
    return [
        {"week": week, **row, "ratio": ratio(row["editedChars"], row["aiChars"])}
        for week, row in sorted(weeks.items())
    ]


def complexity_trends(deltas: list[dict], scope: Scope) -> list[dict[str, Any]]:
    """The regions whose maximum cyclomatic complexity grew most, with every sample."""
    worst = sorted(deltas, key=lambda d: (-d["maxCcDelta"], d["miDelta"]))[:WORST_REGIONS]
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
    regions: list[dict], edits: dict[str, list[dict]], deltas: list[dict], scope: Scope
) -> dict[str, Any]:
    return {
        "survival": survival_series(regions, edits, scope),
        "reworkWeekly": rework_weekly(regions, edits),
        "complexityTrends": complexity_trends(deltas, scope),
    }
