"""Decay rules: from a region's baseline, its current metrics and its edit history to
findings that name their evidence.

Pure: no LSP types, no I/O. Offsets are ``str`` indices into the analysed text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aidecay.core.clock import parse_time
from aidecay.core.settings import ThresholdSettings

COMPLEXITY = "complexity-growth"
MAINTAINABILITY = "maintainability-drop"
CHURN = "churn"
DUPLICATE = "duplicate-helper"
#: Edited characters are compared with at least this many original characters, so a
#: three-character region does not "churn" after one small fix.
MIN_CHURN_BASE = 80


@dataclass(frozen=True)
class Measurement:
    """Radon metrics of a region at one moment (``functions``: qualname -> CC)."""

    functions: tuple[tuple[str, int], ...] = ()
    mi: float | None = None
    halstead_volume: float | None = None
    sloc: int | None = None
    at: str = ""

    @property
    def function_map(self) -> dict[str, int]:
        return dict(self.functions)

    @property
    def max_cc(self) -> int | None:
        return max((cc for _, cc in self.functions), default=None)

    def same_values(self, other: Measurement | None) -> bool:
        return other is not None and (
            self.functions,
            _round(self.mi),
            _round(self.halstead_volume),
            self.sloc,
        ) == (other.functions, _round(other.mi), _round(other.halstead_volume), other.sloc)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True)
class RegionState:
    """A frozen copy of a live region, its baseline and the times it was edited."""

    id: str
    start: int
    end: int
    origin: str
    tool: str | None
    model: str | None
    created_at: str
    edit_count: int
    chars_changed: int
    original_size: int
    last_edited_at: str | None
    reviewed_at: str | None
    baseline: Measurement | None
    edit_times: tuple[str, ...] = ()
    #: The text as inserted, sent while the region has no baseline but was already edited,
    #: so the baseline describes what the AI wrote, not the first text analysis saw.
    original_text: str | None = None
    #: Sittings counted as edits happened (the compact summary the server keeps); when None
    #: they are counted from ``edit_times``.
    sittings: int | None = None

    @property
    def silenced(self) -> bool:
        """Reviewed, and not edited since."""
        if not self.reviewed_at:
            return False
        return not (self.last_edited_at and self.last_edited_at > self.reviewed_at)


@dataclass(frozen=True)
class Related:
    """Another place that explains a finding (e.g. the existing helper)."""

    path: str
    start_line: int
    end_line: int
    message: str


@dataclass(frozen=True)
class DecayFinding:
    """One diagnostic on one region; ``start``/``end`` are offsets inside the region."""

    region_id: str
    code: str
    start: int
    end: int
    message: str
    evidence: Mapping[str, Any] = field(default_factory=dict, hash=False)
    related: tuple[Related, ...] = ()


def describe_age(since: str, now: str) -> str:
    """``"4 days ago"``, ``"3 hours ago"``, ``"just now"``."""
    try:
        seconds = (parse_time(now) - parse_time(since)).total_seconds()
    except (ValueError, TypeError):
        return "some time ago"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def _edits(count: int) -> str:
    return f"{count} edit{'s' if count != 1 else ''}"


def match_functions(baseline: Mapping[str, int], now: Mapping[str, int]) -> dict[str, int]:
    """Baseline CC for each current function: by qualname, else (a rename) by position
    when the unmatched functions pair up one to one."""
    matched = {name: baseline[name] for name in now if name in baseline}
    rest_now = [name for name in now if name not in baseline]
    rest_base = [name for name in baseline if name not in now]
    if rest_now and len(rest_now) == len(rest_base):
        matched.update({n: baseline[b] for n, b in zip(rest_now, rest_base)})
    return matched


def complexity_findings(
    region: RegionState,
    now: Measurement,
    def_spans: Mapping[str, tuple[int, int]],
    th: ThresholdSettings,
    at: str,
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
        grew = cc - before >= th.complexity_growth
        crossed = before <= th.complexity_max < cc
        if not (grew or crossed):
            continue
        age = describe_age(region.created_at, at)
        message = (
            f"cyclomatic complexity of '{name.split('@')[0]}' {before} → {cc} over "
            f"{_edits(region.edit_count)} since it was inserted {age}"
        )
        if crossed:
            message += f" (now above the limit of {th.complexity_max})"
        start, end = def_spans.get(name, (region.start, region.start))
        evidence = {"function": name, "before": before, "now": cc, "edits": region.edit_count}
        found.append(DecayFinding(region.id, COMPLEXITY, start, end, message, evidence))
    return found


def maintainability_finding(
    region: RegionState, now: Measurement, span: tuple[int, int], th: ThresholdSettings, at: str
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
        f"{_edits(region.edit_count)} since it was inserted {describe_age(region.created_at, at)}"
    )
    evidence = {"before": round(base.mi, 1), "now": round(now.mi, 1), "edits": region.edit_count}
    return DecayFinding(region.id, MAINTAINABILITY, *span, message, evidence)


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
        f"reworked heavily: {' and '.join(reasons)} ({_edits(region.edit_count)} since it was "
        f"inserted {describe_age(region.created_at, at)})"
    )
    evidence = {
        "sittings": sittings,
        "chars_changed": region.chars_changed,
        "original_size": region.original_size,
        "edits": region.edit_count,
    }
    return DecayFinding(region.id, CHURN, *span, message, evidence)
