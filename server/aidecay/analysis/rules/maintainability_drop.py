"""maintainability-drop: the region's maintainability index fell."""

from __future__ import annotations

from aidecay.core.settings import ThresholdSettings

from .model import DecayFinding, Measurement, RegionState, edits

MAINTAINABILITY = "maintainability-drop"


def maintainability_finding(
    region: RegionState, now: Measurement, span: tuple[int, int], th: ThresholdSettings
) -> DecayFinding | None:
    """The region's maintainability index fell by at least ``maintainabilityDrop``."""
    base = region.baseline
    if base is None or base.mi is None or now.mi is None:
        return None
    drop = base.mi - now.mi
    if drop < th.maintainability_drop or drop <= 0:
        return None
    message = (
        f"maintainability index {base.mi:.0f} → {now.mi:.0f} (−{drop:.0f}) over "
        f"{edits(region.edit_count)} since it was inserted"
    )
    evidence = {"before": round(base.mi, 1), "now": round(now.mi, 1), "edits": region.edit_count}
    return DecayFinding(region.id, MAINTAINABILITY, *span, message, evidence)
