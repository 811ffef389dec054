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


class CannotFit(Exception):
    """The data cannot be fitted (lifelines' ConvergenceError: e.g. a group whose lines all
    live or all die together); the message says why."""


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


@dataclass
class Design:
    """What the Cox model is fitted on, without the fates: one row per group of lines
    ``(days, died, weight, stratum, cluster, calendar years, *dummies)``."""

    reference: str
    groups: list[str]
    rows: list[tuple]
    regions: dict[str, int]
    lines: dict[str, int]


def design(labels: Sequence[tuple[Fate, str]], reference: str) -> Design:
    """The model's data: each fate with its group label; groups below the minimum sample
    (``MIN_REGIONS`` regions and ``MIN_DEATHS`` dead lines) are left out."""
    regions: dict[str, int] = {}
    lines: dict[str, int] = {}
    deaths: dict[str, int] = {}
    for fate, label in labels:
        regions[label] = regions.get(label, 0) + 1
        lines[label] = lines.get(label, 0) + fate.lines
        deaths[label] = deaths.get(label, 0) + fate.dead
    usable = {g for g in regions if regions[g] >= MIN_REGIONS and deaths.get(g, 0) >= MIN_DEATHS}
    if reference not in usable or len(usable) < 2:
        return Design(reference, [], [], regions, lines)
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
    return Design(reference, groups, rows, regions, lines)


def score_residuals(x, events, weights, beta):
    """Weighted score residuals of a Cox model for rows sorted by time (one stratum), as
    lifelines defines them: for row i, ``w_i * (e_i (x_i - a_i) - phi_i sum_{k<=i} c_k
    (x_i - a_k))`` with ``a_k`` the risk set's weighted mean of x from row k on and ``c_k =
    e_k w_k / risk_k``."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    events = np.asarray(events, dtype=float)
    weights = np.asarray(weights, dtype=float)
    phi = np.exp(x @ np.asarray(beta, dtype=float))
    risk_x = (x * (weights * phi)[:, None])[::-1].cumsum(0)[::-1]
    risk = (weights * phi)[::-1].cumsum()[::-1]
    mean = risk_x / risk[:, None]
    share = events * weights / risk
    before = np.cumsum(share)
    before_mean = np.cumsum(share[:, None] * mean, axis=0)
    score = -phi[:, None] * (x * before[:, None] - before_mean) + events[:, None] * (x - mean)
    return score * weights[:, None]


def fit(data: Design) -> CoxFit:
    """The stratified Cox model of line death on group, adjusted for calendar time."""
    try:
        import pandas as pd
        from lifelines.exceptions import ConvergenceError
        from lifelines.fitters.coxph_fitter import SemiParametricPHFitter
    except ImportError as exc:
        raise MissingExtra(f"hazard ratios need lifelines: {EXTRA}") from exc

    class Sandwich(SemiParametricPHFitter):
        """lifelines' Cox fit (Efron's ties), keeping the whole robust covariance matrix
        (lifelines keeps only its diagonal, the standard errors), with its score residuals
        computed by cumulative sums: the same formula as lifelines' loop, in linear time
        instead of quadratic (tests/stats check the two agree)."""

        def _compute_sandwich_estimator(self, *args):
            self.sandwich_ = super()._compute_sandwich_estimator(*args)
            return self.sandwich_

        def _compute_score_within_strata(self, X, _T, E, weights, entries):
            return score_residuals(
                X.values, E.values, weights.values, self.params_.values * self._norm_std
            )

    if not data.groups:
        return CoxFit(data.reference, {}, {}, data.regions, data.lines)
    dummies = [f"g{k}" for k in range(len(data.groups))]
    frame = pd.DataFrame(data.rows, columns=["t", "e", "w", "s", "c", "calendar", *dummies])
    data.rows = []
    model = Sandwich(strata=["s"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model.fit(frame, "t", "e", weights_col="w", cluster_col="c", robust=True)
        except ConvergenceError as exc:
            why = str(exc).split(".")[0]
            raise CannotFit(f"the Cox model could not be fitted ({why})") from exc
    names = list(model.params_.index)
    index = [names.index(d) for d in dummies]
    coef = {g: float(model.params_[d]) for g, d in zip(data.groups, dummies)}
    cov = {
        (g, h): float(model.sandwich_[i, j])
        for g, i in zip(data.groups, index)
        for h, j in zip(data.groups, index)
    }
    return CoxFit(data.reference, coef, cov, data.regions, data.lines)
