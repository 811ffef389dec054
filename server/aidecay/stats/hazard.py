"""Fair comparisons: hazard ratios of line death, stratified by directory and adjusted for
calendar time (Cox proportional hazards, lifelines).

AI and human code are written in different places and at different times; comparing their
raw survival mixes the tool with where and when it was used. A Cox model stratified by
directory compares lines only with lines of the same directory (each directory keeps its own
baseline hazard), and the birth time (in years) as a covariate takes out a drift over the
calendar. The hazard ratio of a group against the reference says how much faster (> 1) or
slower (< 1) its lines die, all else equal; its 95 % interval uses robust standard errors
with regions as clusters (the lines of one region are not independent).

lifelines is an optional dependency: ``pip install 'aidecay[stats]'``.
"""

from __future__ import annotations

import math
import posixpath
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from aidecay.stats.estimate import MIN_REGIONS, Estimate, estimate, missing
from aidecay.stats.fate import Fate
from aidecay.stats.survival import Z95

EXTRA = "pip install 'aidecay[stats]'"
YEAR = 365.25 * 86_400
#: A group needs this many deaths (besides MIN_REGIONS regions) for a hazard ratio.
MIN_DEATHS = 5


class MissingExtra(Exception):
    """lifelines is not installed; the message says how to install it."""


@dataclass
class CoxFit:
    """Log hazard ratios of each group against ``reference``, with their covariance."""

    reference: str
    coef: dict[str, float]
    cov: dict[tuple[str, str], float]
    regions: dict[str, int]
    lines: dict[str, int]

    def ratio(self, group: str, other: str | None = None) -> Estimate:
        """Hazard ratio of ``group`` against ``other`` (default the reference)."""
        other = other or self.reference
        n = self.lines.get(group, 0) + self.lines.get(other, 0)
        if group not in self.coef and group != self.reference:
            return missing(n, f"not enough data for {group}")
        if other not in self.coef and other != self.reference:
            return missing(n, f"not enough data for {other}")
        b = self.coef.get(group, 0.0) - self.coef.get(other, 0.0)
        var = (
            self.cov.get((group, group), 0.0)
            + self.cov.get((other, other), 0.0)
            - 2 * self.cov.get((group, other), 0.0)
        )
        se = math.sqrt(max(var, 0.0))
        return estimate(math.exp(b), math.exp(b - Z95 * se), math.exp(b + Z95 * se), n)


def verdict(value: Estimate, a: str, b: str) -> str:
    """Which lasts longer, said only when the interval excludes a ratio of 1."""
    if value.get("value") is None:
        return "not enough data"
    if value["high"] < 1:
        return f"{a} lasts longer"
    if value["low"] > 1:
        return f"{b} lasts longer"
    return "no clear difference"


def stratum(fate: Fate) -> str:
    return f"{fate.repo or ''}:{posixpath.dirname(fate.path)}"


def fit(labels: Sequence[tuple[Fate, str]], reference: str) -> CoxFit:
    """A stratified Cox model of line death on group (``labels``: each fate with its
    group label), adjusted for calendar time. Groups below the minimum sample are left out."""
    try:
        import pandas as pd
        from lifelines.fitters.coxph_fitter import SemiParametricPHFitter
    except ImportError as exc:
        raise MissingExtra(f"hazard ratios need lifelines: {EXTRA}") from exc

    class Sandwich(SemiParametricPHFitter):
        """lifelines' Cox fit (Efron's ties), keeping the whole robust covariance matrix
        (lifelines keeps only its diagonal, the standard errors)."""

        def _compute_sandwich_estimator(self, *args):
            self.sandwich_ = super()._compute_sandwich_estimator(*args)
            return self.sandwich_

    regions: dict[str, int] = {}
    lines: dict[str, int] = {}
    deaths: dict[str, int] = {}
    for fate, label in labels:
        regions[label] = regions.get(label, 0) + 1
        lines[label] = lines.get(label, 0) + fate.lines
        deaths[label] = deaths.get(label, 0) + fate.dead
    usable = {g for g in regions if regions[g] >= MIN_REGIONS and deaths.get(g, 0) >= MIN_DEATHS}
    if reference not in usable or len(usable) < 2:
        return CoxFit(reference, {}, {}, regions, lines)
    groups = sorted(usable - {reference})
    start = min(f.born for f, g in labels if g in usable)
    rows = []
    for k, (fate, label) in enumerate(labels):
        if label not in usable:
            continue
        dummies = [1.0 if label == g else 0.0 for g in groups]
        calendar = (fate.born - start) / YEAR
        place = stratum(fate)
        for duration, died, count in fate.observations():
            # Lines that die together are tied deaths, one row each (Efron's correction
            # counts rows); the lines still there share one weighted row.
            row = (max(duration, 1) / 86_400, int(died), 1 if died else count, place, k, calendar)
            rows.extend([(*row, *dummies)] * (count if died else 1))
    columns = ["t", "e", "w", "s", "c", "calendar", *[f"g{k}" for k in range(len(groups))]]
    frame = pd.DataFrame(rows, columns=columns)
    model = Sandwich(strata=["s"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(frame, "t", "e", weights_col="w", cluster_col="c", robust=True)
    names = list(model.params_.index)
    coef = {g: float(model.params_[f"g{k}"]) for k, g in enumerate(groups)}
    cov = {
        (g, h): float(model.sandwich_[names.index(f"g{i}"), names.index(f"g{j}")])
        for i, g in enumerate(groups)
        for j, h in enumerate(groups)
    }
    return CoxFit(reference, coef, cov, regions, lines)
