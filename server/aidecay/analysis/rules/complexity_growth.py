"""complexity-growth: a function of the region grew in cyclomatic complexity."""

from __future__ import annotations

from collections.abc import Mapping

from aidecay.core.settings import ThresholdSettings

from .model import DecayFinding, Measurement, RegionState, edits

COMPLEXITY = "complexity-growth"


def match_functions(baseline: Mapping[str, int], now: Mapping[str, int]) -> dict[str, int]:
    """Baseline CC for each current function: by qualname, else (a rename) by position
    when the unmatched functions pair up one to one."""
    matched = {name: baseline[name] for name in now if name in baseline}
    rest_now = [name for name in now if name not in baseline]
    rest_base = [name for name in baseline if name not in now]
    if rest_now and len(rest_now) == len(rest_base):
        matched.update({n: baseline[b] for n, b in zip(rest_now, rest_base)})
    return matched


def is_growth(before: int, now: int, th: ThresholdSettings) -> tuple[bool, bool]:
    """(grew by ``complexityGrowth`` or more, crossed ``complexityMax``)."""
    return now - before >= th.complexity_growth, before <= th.complexity_max < now


def grew(baseline: Mapping[str, int], now: Mapping[str, int], th: ThresholdSettings) -> bool:
    """Whether the rule fires on some function, from ``baseline`` to ``now`` (name -> CC)."""
    base = match_functions(baseline, now)
    return any(any(is_growth(base[n], cc, th)) for n, cc in now.items() if n in base)


def complexity_findings(
    region: RegionState,
    now: Measurement,
    def_spans: Mapping[str, tuple[int, int]],
    th: ThresholdSettings,
) -> list[DecayFinding]:
    """Functions whose CC grew by ``complexityGrowth`` or crossed ``complexityMax``."""
    if region.baseline is None:
        return []
    current = now.function_map
    base = match_functions(region.baseline.function_map, current)
    found = []
    for name, cc in current.items():
        before = base.get(name)
        if before is None:
            continue
        grew, crossed = is_growth(before, cc, th)
        if not (grew or crossed):
            continue
        # No age in the message: it would freeze ("2 minutes ago"); the hover and the
        # CodeLens say the age as it is when they are shown.
        message = (
            f"cyclomatic complexity of '{name.split('@')[0]}' {before} → {cc} over "
            f"{edits(region.edit_count)} since it was inserted"
        )
        if crossed:
            message += f" (now above the limit of {th.complexity_max})"
        start, end = def_spans.get(name, (region.start, region.start))
        evidence = {"function": name, "before": before, "now": cc, "edits": region.edit_count}
        found.append(DecayFinding(region.id, COMPLEXITY, start, end, message, evidence))
    return found
