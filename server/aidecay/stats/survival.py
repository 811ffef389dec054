"""Kaplan–Meier survival of lines, and the 14-day churn share.

A line is born at its commit's time and dies at the time of the first commit that deletes
(or changes) it; a line still at HEAD is censored at HEAD's time. Durations are in seconds
and never negative (commit clocks can disagree).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

DAY = 86_400
HORIZONS = {"3d": 3 * DAY, "7d": 7 * DAY, "21d": 21 * DAY, "90d": 90 * DAY}
CHURN_WINDOW = 14 * DAY

#: (birth time, death time or None while alive at HEAD, number of lines), in Unix seconds
Cohort = tuple[int, int | None, int]
#: (duration in seconds, died?, number of lines)
Observation = tuple[int, bool, int]


def observations(cohorts: Iterable[Cohort], head_time: int) -> list[Observation]:
    """Durations: to the death, or censored at HEAD's time."""
    return [
        (max(0, (head_time if died is None else died) - born), died is not None, count)
        for born, died, count in cohorts
    ]


def kaplan_meier(data: Iterable[Observation], at: int) -> float | None:
    """The product-limit estimate of S(at); None when no line was followed that long."""
    deaths: dict[int, int] = defaultdict(int)
    leaving: dict[int, int] = defaultdict(int)
    total = 0
    longest = -1
    for duration, died, count in data:
        total += count
        leaving[duration] += count
        if died:
            deaths[duration] += count
        longest = max(longest, duration)
    if total == 0 or longest < at:
        return None
    survival, at_risk = 1.0, total
    for time in sorted(leaving):
        if time > at:
            break
        if deaths.get(time):
            survival *= 1 - deaths[time] / at_risk
        at_risk -= leaving[time]
    return survival


def survival_table(cohorts: Iterable[Cohort], head_time: int) -> dict[str, float | None]:
    data = observations(cohorts, head_time)
    return {name: _round(kaplan_meier(data, t)) for name, t in HORIZONS.items()}


def churn(cohorts: Iterable[Cohort], head_time: int) -> float | None:
    """Share of lines changed or deleted within 14 days of birth, among the lines born at
    least 14 days before HEAD (younger lines could not have been followed that long)."""
    churned = eligible = 0
    for born, died, count in cohorts:
        if head_time - born < CHURN_WINDOW:
            continue
        eligible += count
        if died is not None and died - born <= CHURN_WINDOW:
            churned += count
    return _round(churned / eligible) if eligible else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
