"""Kaplan–Meier survival of lines (with Greenwood intervals), and the 14-day churn share.

A line is born when its code was written (a commit's time in replayed history, the moment
of insertion live) and dies when it is changed or deleted for good; a line still there is
censored at the end of the follow-up (HEAD's time, or now). Durations are in seconds and
never negative (commit clocks can disagree). One set of windows everywhere: 7, 30, 90 days.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

DAY = 86_400
WINDOWS = (7, 30, 90)
HORIZONS = {f"{d}d": d * DAY for d in WINDOWS}
CHURN_DAYS = 14
CHURN_WINDOW = CHURN_DAYS * DAY
#: The normal quantile of a two-sided 95 % interval.
Z95 = 1.959963984540054

#: (birth time, death time or None while alive at the end, number of lines), Unix seconds
Cohort = tuple[int, int | None, int]
#: (duration in seconds, died?, number of lines)
Observation = tuple[int, bool, int]


def observations(cohorts: Iterable[Cohort], head_time: int) -> list[Observation]:
    """Durations: to the death, or censored at the end of the follow-up."""
    return [
        (max(0, (head_time if died is None else died) - born), died is not None, count)
        for born, died, count in cohorts
    ]


def kaplan_meier_ci(
    data: Iterable[Observation], at: int
) -> tuple[float | None, float | None, float | None, int]:
    """S(at) with its 95 % interval (exponential Greenwood, as lifelines computes it) and
    the number of lines followed; (None, None, None, n) when no line was followed that long.

    Deaths at a time are counted before the lines censored at that time.
    """
    deaths: dict[int, int] = defaultdict(int)
    leaving: dict[int, int] = defaultdict(int)
    total, longest = 0, -1
    for duration, died, count in data:
        if count <= 0:
            continue
        total += count
        leaving[duration] += count
        if died:
            deaths[duration] += count
        longest = max(longest, duration)
    if total == 0 or longest < at:
        return None, None, None, total
    survival, at_risk, greenwood = 1.0, total, 0.0
    for time in sorted(leaving):
        if time > at:
            break
        dead = deaths.get(time, 0)
        if dead:
            survival *= 1 - dead / at_risk
            greenwood += dead / (at_risk * (at_risk - dead)) if at_risk > dead else math.inf
        at_risk -= leaving[time]
    low, high = _loglog_bounds(survival, greenwood)
    return survival, low, high, total


def _loglog_bounds(survival: float, greenwood: float) -> tuple[float, float]:
    """The exponential Greenwood interval: symmetric on log(-log S)."""
    if survival >= 1.0 or greenwood == 0.0:
        return survival, survival
    if survival <= 0.0 or math.isinf(greenwood):
        return 0.0, 0.0 if survival <= 0.0 else survival
    log_s = math.log(survival)
    spread = Z95 * math.sqrt(greenwood) / log_s  # negative
    center = math.log(-log_s)
    return math.exp(-math.exp(center - spread)), math.exp(-math.exp(center + spread))


def kaplan_meier(data: Iterable[Observation], at: int) -> float | None:
    """The product-limit estimate of S(at); None when no line was followed that long."""
    return kaplan_meier_ci(data, at)[0]


def survival_table(cohorts: Iterable[Cohort], head_time: int) -> dict[str, float | None]:
    data = observations(cohorts, head_time)
    return {name: _round(kaplan_meier(data, t)) for name, t in HORIZONS.items()}


def churn_counts(cohorts: Iterable[Cohort], head_time: int) -> tuple[int, int]:
    """(lines changed or deleted within 14 days of birth, lines born at least 14 days
    before the end): younger lines could not have been followed that long."""
    churned = eligible = 0
    for born, died, count in cohorts:
        if head_time - born < CHURN_WINDOW:
            continue
        eligible += count
        if died is not None and died - born <= CHURN_WINDOW:
            churned += count
    return churned, eligible


def churn(cohorts: Iterable[Cohort], head_time: int) -> float | None:
    """Share of lines changed or deleted within 14 days of birth (``churn_counts``)."""
    churned, eligible = churn_counts(cohorts, head_time)
    return _round(churned / eligible) if eligible else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
