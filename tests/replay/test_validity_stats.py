"""The statistics behind ``--validate``: hazard ratios of a time-varying flag against a known
effect, against lifelines, and the counting-process rows built from timelines by hand."""

from __future__ import annotations

import math
import random

import pytest

from aidecay.stats.flag_hazard import Interval, hazard_ratio
from aidecay.stats.survival import DAY
from aidecay.stats.validity import Timeline, intervals, validity


def simulated(ratio: float, regions: int = 300, seed: int = 7) -> list[Interval]:
    """Regions reworked at random (exponential gaps) for 100 days; from a random moment half
    of them are flagged and reworked ``ratio`` times as often. Three repositories (strata)
    with different base rates."""
    rng = random.Random(seed)
    rows = []
    for subject in range(regions):
        stratum = subject % 3
        fired = rng.uniform(0, 30) if subject % 2 else None
        base = 0.05 * (1 + stratum)
        t = 0.0
        while t < 100.0:
            flagged = fired is not None and t >= fired
            gap = rng.expovariate(base * (ratio if flagged else 1.0))
            if fired is not None and t < fired < min(t + gap, 100.0):
                rows.append(Interval(str(subject), str(stratum), t, fired, False, False))
                t = fired
                continue
            stop = min(t + gap, 100.0)
            rows.append(Interval(str(subject), str(stratum), t, stop, stop < 100.0, flagged))
            t = stop
    return rows


def test_a_known_effect_is_recovered():
    found = hazard_ratio(simulated(2.0))
    assert found.reason is None
    assert 1.6 < found.value < 2.5
    assert found.low < 2.0 < found.high and found.low > 1.0
    assert (found.flagged, found.unflagged) == (150, 150)


def test_no_effect_gives_an_interval_around_one():
    found = hazard_ratio(simulated(1.0, seed=3))
    assert found.low < 1.0 < found.high
    assert found.includes_no_effect


def test_statsmodels_and_lifelines_agree():
    """The point estimate against lifelines' CoxTimeVaryingFitter (counting process, strata)."""
    pandas = pytest.importorskip("pandas")
    lifelines = pytest.importorskip("lifelines")
    rows = simulated(1.7, regions=200, seed=11)
    frame = pandas.DataFrame(
        {
            "id": [int(r.subject) for r in rows],
            "stratum": [int(r.stratum) for r in rows],
            "start": [r.start for r in rows],
            "stop": [r.stop for r in rows],
            "event": [int(r.event) for r in rows],
            "flagged": [int(r.flagged) for r in rows],
        }
    )
    fitter = lifelines.CoxTimeVaryingFitter()
    fitter.fit(frame, id_col="id", event_col="event", strata=["stratum"])
    theirs = math.exp(float(fitter.params_["flagged"]))
    ours = hazard_ratio(rows).value
    assert ours == pytest.approx(theirs, rel=1e-4)


def test_robust_interval_matches_lifelines_without_delayed_entry():
    """One interval per region from age 0 (no recurrence): the clustered sandwich variance
    against lifelines' robust CoxPHFitter."""
    pandas = pytest.importorskip("pandas")
    lifelines = pytest.importorskip("lifelines")
    rng = random.Random(5)
    rows = []
    for subject in range(300):
        flagged = subject % 3 == 0
        stop = rng.expovariate(0.1 * (1.8 if flagged else 1.0))
        rows.append(Interval(str(subject), "r", 0.0, min(stop, 40.0), stop < 40.0, flagged))
    frame = pandas.DataFrame(
        {
            "id": [int(r.subject) for r in rows],
            "stop": [r.stop for r in rows],
            "event": [int(r.event) for r in rows],
            "flagged": [int(r.flagged) for r in rows],
        }
    )
    fitter = lifelines.CoxPHFitter()
    fitter.fit(frame, duration_col="stop", event_col="event", cluster_col="id", robust=True)
    low = math.exp(float(fitter.confidence_intervals_.iloc[0, 0]))
    high = math.exp(float(fitter.confidence_intervals_.iloc[0, 1]))
    ours = hazard_ratio(rows)
    assert ours.low == pytest.approx(low, rel=2e-3)
    assert ours.high == pytest.approx(high, rel=2e-3)


def test_too_few_regions_give_a_reason_not_a_figure():
    rows = simulated(2.0, regions=12)
    found = hazard_ratio(rows)
    assert found.value is None and found.low is None and found.high is None
    assert found.reason == "too few regions with this finding (6 < 10)"
    assert found.as_json() == {
        "flagged": 6,
        "unflagged": 6,
        "hazardRatio": None,
        "low": None,
        "high": None,
        "reason": "too few regions with this finding (6 < 10)",
    }


def test_intervals_of_a_timeline_by_hand():
    """Born at 0, reworked at 2 and 5 days (the code fired at the rework of day 2), followed
    to day 10: unflagged until the finding, judged only on what came after it."""
    line = Timeline("r1", "repo", 0, 10 * DAY, (2 * DAY, 5 * DAY), {"churn": 2 * DAY})
    assert intervals([line], "churn") == [
        Interval("repo\nr1", "repo", 0.0, 2.0, True, False),
        Interval("repo\nr1", "repo", 2.0, 5.0, True, True),
        Interval("repo\nr1", "repo", 5.0, 10.0, False, True),
    ]
    deleted = Timeline("r2", "repo", 0, 3 * DAY, (1 * DAY, 3 * DAY), {"naming-divergence": 0})
    assert intervals([deleted], "naming-divergence") == [
        Interval("repo\nr2", "repo", 0.0, 1.0, True, True),
        Interval("repo\nr2", "repo", 1.0, 3.0, True, True),
    ]
    assert intervals([deleted], "churn") == [
        Interval("repo\nr2", "repo", 0.0, 1.0, True, False),
        Interval("repo\nr2", "repo", 1.0, 3.0, True, False),
    ]
    figures = validity([line, deleted], codes=("churn",))
    assert figures["churn"].reason.startswith("too few regions with this finding")


def test_pooled_repositories_never_merge_regions_of_one_id():
    """Region ids repeat across repositories: pooled, each stays a region of its own."""
    flagged = [Timeline(str(k), repo, 0, 10 * DAY, (3 * DAY,), {"churn": 0}) for k in range(6)
               for repo in ("a", "b")]  # fmt: skip
    plain = [Timeline(str(k + 6), repo, 0, 10 * DAY, (), {}) for k in range(6)
             for repo in ("a", "b")]  # fmt: skip
    figure = validity(flagged + plain, codes=("churn",))["churn"]
    assert (figure.flagged, figure.unflagged) == (12, 12)
