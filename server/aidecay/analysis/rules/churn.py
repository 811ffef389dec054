"""churn: much of the AI's text was replaced or deleted, or reworked over many sittings.

Only what happened to the AI's own text counts (``aidecay.core.ai_text``): text a person
typed into the region and removed again, or new lines between the AI's lines, change none of
it. ``RegionState.chars_changed`` carries the AI characters replaced or deleted so far.
"""

from __future__ import annotations

from datetime import datetime

from aidecay.core.clock import parse_time
from aidecay.core.settings import ThresholdSettings

from .model import DecayFinding, RegionState, edits

CHURN = "churn"
#: Replaced characters are compared with at least this many original characters, so a
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
    """More than ``churnFactor`` of the AI's characters (its size counted as at least
    ``MIN_CHURN_BASE``) replaced or deleted; or edited in ``churnSittings`` sittings with
    some of the AI's lines changed."""
    changed = region.chars_changed
    if changed <= 0 and region.lines_changed <= 0:
        return None
    sittings = (
        region.sittings
        if region.sittings is not None
        else count_sittings(region.edit_times, th.sitting_gap_minutes)
    )
    base = max(region.original_size, MIN_CHURN_BASE)
    by_sittings = sittings >= th.churn_sittings
    by_size = changed > th.churn_factor * base
    if not (by_sittings or by_size):
        return None
    share = changed / region.original_size if region.original_size else 1.0
    reasons = []
    if by_size or changed:
        reasons.append(
            f"{changed} of its {region.original_size} AI-written characters replaced or "
            f"deleted ({share:.0%})"
        )
    if by_sittings:
        lines = f"{region.lines_changed} of its lines changed, "
        reasons.append(f"{lines if region.lines_changed else ''}edited in {sittings} sittings")
    message = (
        f"reworked heavily: {' and '.join(reasons)} ({edits(region.edit_count)} since it was "
        "inserted)"
    )
    evidence = {
        "sittings": sittings,
        "chars_changed": changed,
        "lines_changed": region.lines_changed,
        "original_size": region.original_size,
        "edits": region.edit_count,
    }
    return DecayFinding(region.id, CHURN, *span, message, evidence)
