"""churn: the region was reworked in many sittings or far beyond its original size."""

from __future__ import annotations

from datetime import datetime

from aidecay.core.clock import parse_time
from aidecay.core.settings import ThresholdSettings

from .model import DecayFinding, RegionState, edits

CHURN = "churn"
#: Edited characters are compared with at least this many original characters, so a
#: three-character region does not "churn" after one small fix.
MIN_CHURN_BASE = 80


def count_sittings(times: tuple[str, ...], gap_minutes: float) -> int:
    """Edits separated by at least ``gap_minutes`` belong to different sittings."""
    moments: list[datetime] = []
    for text in times:
        try:
            moments.append(parse_time(text))
        except (ValueError, TypeError):
            continue
    moments.sort()
    sittings = 0
    previous: datetime | None = None
    for moment in moments:
        if previous is None or (moment - previous).total_seconds() >= gap_minutes * 60:
            sittings += 1
        previous = moment
    return sittings


def churn_finding(
    region: RegionState, span: tuple[int, int], th: ThresholdSettings, at: str
) -> DecayFinding | None:
    """Edited in ``churnSittings`` sittings, or edited characters above ``churnFactor`` times
    the original size (at least ``MIN_CHURN_BASE``)."""
    sittings = (
        region.sittings
        if region.sittings is not None
        else count_sittings(region.edit_times, th.sitting_gap_minutes)
    )
    base = max(region.original_size, MIN_CHURN_BASE)
    ratio = region.chars_changed / base
    by_sittings = sittings >= th.churn_sittings
    by_size = region.chars_changed > th.churn_factor * base
    if not (by_sittings or by_size):
        return None
    reasons = []
    if by_sittings:
        reasons.append(f"edited in {sittings} separate sittings")
    if by_size:
        reasons.append(
            f"{region.chars_changed} characters changed, {ratio:.1f}× its original "
            f"{region.original_size}"
        )
    message = (
        f"reworked heavily: {' and '.join(reasons)} ({edits(region.edit_count)} since it was "
        "inserted)"
    )
    evidence = {
        "sittings": sittings,
        "chars_changed": region.chars_changed,
        "original_size": region.original_size,
        "edits": region.edit_count,
    }
    return DecayFinding(region.id, CHURN, *span, message, evidence)
