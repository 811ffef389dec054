"""Estimates with 95 % intervals, as the scorecard and the statistics report them.

An estimate is ``{"value", "low", "high", "n"}``; when there is not enough data ``value`` is
None and ``"reason"`` says why. Shares of lines are ratio estimates with regions as clusters
(the lines of one region live and die together, so they are not independent draws); shares
of regions use the Wilson score interval.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from aidecay.stats.survival import Z95

#: Fewer regions than this: the scorecard says "not enough data" instead of a figure.
MIN_REGIONS = 10

Estimate = dict[str, Any]


def estimate(value: float | None, low: float | None, high: float | None, n: int) -> Estimate:
    return {"value": _r(value), "low": _r(low), "high": _r(high), "n": n}


def missing(n: int, reason: str) -> Estimate:
    return {"value": None, "low": None, "high": None, "n": n, "reason": reason}


def wilson(successes: int, n: int) -> Estimate:
    """A share of ``n`` independent units, with the Wilson score interval."""
    if n == 0:
        return missing(0, "nothing to count")
    p = successes / n
    z2 = Z95 * Z95
    center = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return estimate(p, max(0.0, center - half), min(1.0, center + half), n)


def clustered_share(clusters: Iterable[tuple[int, int]]) -> Estimate:
    """Σ part / Σ whole over clusters ``(part, whole)`` (lines of each region), with the
    cluster-robust (sandwich) interval of that ratio; ``n`` counts the units (lines)."""
    pairs = [(y, m) for y, m in clusters if m > 0]
    whole = sum(m for _, m in pairs)
    if not whole:
        return missing(0, "nothing to count")
    p = sum(y for y, _ in pairs) / whole
    k = len(pairs)
    if k < 2:
        return estimate(p, None, None, whole)
    spread = sum((y - p * m) ** 2 for y, m in pairs) * k / (k - 1)
    se = math.sqrt(spread) / whole
    return estimate(p, max(0.0, p - Z95 * se), min(1.0, p + Z95 * se), whole)


def enough(value: Estimate, regions: int, minimum: int = MIN_REGIONS) -> Estimate:
    """``value``, or "not enough data" when it rests on fewer than ``minimum`` regions."""
    if value.get("value") is None or regions >= minimum:
        return value
    return missing(value["n"], f"not enough data ({regions} regions; at least {minimum})")


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
