"""Hazard ratio of a time-varying flag: Cox proportional hazards in counting-process form.

Each subject (a region) is followed from age 0 in intervals ``(start, stop]``; an interval
ends with an event (the region was reworked or deleted) or not (censored), and carries the
flag as it was at its start. Events recur (a region is reworked again and again: the
Andersen–Gill model), so the 95 % interval uses the robust (sandwich) variance clustered by
subject (``_robust_variance``). Subjects are compared at the same age; ``stratum`` (the
repository, when pooling) gets its own baseline hazard.

The fitting is statsmodels' ``PHReg`` (Efron ties), installed with the optional extra
``pip install 'aidecay[stats]'``; ``require`` says so when it is missing. PHReg counts a
subject at risk from its entry time inclusive (Stata's convention), so entries are moved a
hair (``ENTRY_NUDGE``) later: the usual ``start < t <= stop`` of counting-process data (R's
``survival``, lifelines), which the tests check against lifelines.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

EXTRA = "pip install 'aidecay[stats]'"
#: Fewer regions (or events) on either side than this: no hazard ratio, a reason instead.
MIN_REGIONS = 10
MIN_EVENTS = 5
#: Days; far below one second, the resolution of commit times.
ENTRY_NUDGE = 1e-7
Z95 = 1.959963984540054


class StatsUnavailable(RuntimeError):
    """The optional statistics extra is not installed; the message says how to install it."""


def require() -> None:
    """StatsUnavailable unless statsmodels (the ``stats`` extra) can be imported."""
    try:
        import statsmodels.duration.hazard_regression  # noqa: F401
    except ImportError as exc:
        raise StatsUnavailable(f"this needs the statistics extra (statsmodels): {EXTRA}") from exc


@dataclass(frozen=True)
class Interval:
    subject: str  # the region (the cluster of the robust variance)
    stratum: str  # the repository (own baseline hazard)
    start: float  # age in days
    stop: float
    event: bool  # reworked or deleted at ``stop``
    flagged: bool  # the finding had fired by ``start``


@dataclass(frozen=True)
class HazardRatio:
    """Flagged against unflagged regions; ``value``/``low``/``high`` None with a ``reason``
    when the data are too few or the model cannot be fitted."""

    flagged: int  # regions flagged at some point
    unflagged: int  # regions never flagged
    events_flagged: int
    events_unflagged: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    reason: str | None = None

    def as_json(self) -> dict:
        out = {
            "flagged": self.flagged,
            "unflagged": self.unflagged,
            "hazardRatio": _round(self.value),
            "low": _round(self.low),
            "high": _round(self.high),
        }
        if self.reason:
            out["reason"] = self.reason
        return out

    @property
    def includes_no_effect(self) -> bool | None:
        """Whether the 95 % interval contains 1 (None without an interval)."""
        if self.low is None or self.high is None:
            return None
        return self.low <= 1.0 <= self.high


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def hazard_ratio(intervals: Sequence[Interval]) -> HazardRatio:
    """The hazard ratio of ``flagged`` (robust 95 % interval), stratified by ``stratum``."""
    ever = {i.subject for i in intervals if i.flagged}
    subjects = {i.subject for i in intervals}
    events_on = sum(1 for i in intervals if i.event and i.flagged)
    events_off = sum(1 for i in intervals if i.event and not i.flagged)
    counts = (len(ever), len(subjects - ever), events_on, events_off)
    reason = _too_few(*counts)
    if reason:
        return HazardRatio(*counts, reason=reason)
    require()
    import numpy as np
    from statsmodels.duration.hazard_regression import PHReg

    used = [i for i in intervals if i.stop > i.start + 2 * ENTRY_NUDGE]
    stop = np.array([i.stop for i in used])
    entry = np.array([i.start + ENTRY_NUDGE for i in used])
    status = np.array([1 if i.event else 0 for i in used])
    exog = np.array([[1.0 if i.flagged else 0.0] for i in used])
    strata = _codes([i.stratum for i in used])
    groups = _codes([i.subject for i in used])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            model = PHReg(stop, exog, status=status, entry=entry, strata=strata, ties="efron")
            params = model.fit().params
            coef, se = float(params[0]), math.sqrt(_robust_variance(model, params, groups))
    except (ValueError, ArithmeticError, np.linalg.LinAlgError, RuntimeWarning) as exc:
        return HazardRatio(*counts, reason=f"the model could not be fitted ({exc})")
    if not (math.isfinite(coef) and math.isfinite(se)):
        return HazardRatio(*counts, reason="the model could not be fitted (no finite estimate)")
    return HazardRatio(
        *counts,
        value=math.exp(coef),
        low=math.exp(coef - Z95 * se),
        high=math.exp(coef + Z95 * se),
    )


def _robust_variance(model, params, groups) -> float:
    """statsmodels' sandwich (``PHReg.robust_covariance``), clustered by subject, with one
    fix: a row never at risk at an event time has no score residual (statsmodels gives NaN,
    which would void its whole cluster); its contribution is 0."""
    import numpy as np

    scores = np.nan_to_num(model.score_residuals(params))
    sums = np.zeros((int(groups.max()) + 1, scores.shape[1]))
    np.add.at(sums, groups, scores)
    inverse = np.linalg.inv(model.hessian(params))
    return float((inverse @ (sums.T @ sums) @ inverse)[0, 0])


def _too_few(flagged: int, unflagged: int, events_on: int, events_off: int) -> str | None:
    if flagged < MIN_REGIONS:
        return f"too few regions with this finding ({flagged} < {MIN_REGIONS})"
    if unflagged < MIN_REGIONS:
        return f"too few regions without this finding ({unflagged} < {MIN_REGIONS})"
    if events_on < MIN_EVENTS:
        return f"too few reworks after the finding ({events_on} < {MIN_EVENTS})"
    if events_off < MIN_EVENTS:
        return f"too few reworks without the finding ({events_off} < {MIN_EVENTS})"
    return None


def _codes(values: list[str]):
    import numpy as np

    index: dict[str, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values])
