"""The wild corpus through the real server: false alarms and recall against the targets,
on the tuning set and on the held-out set.

Real projects from the package index (cached outside git, see ``sources.py``); skipped only
when a project is neither cached nor downloadable. ``AIDECAY_WILD_QUICK=1`` runs the smaller
sample (``--quick``); ``AIDECAY_WILD_JSON=PATH`` writes every figure and outcome there (as
``run.py --json`` does).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from run import CODES, evaluate, table
from sources import SETS, CorpusUnavailable, load_manifest

#: The targets of docs/diagnostics.md: false alarms per 100 controls (all codes together)
#: at most, recall per code at least.
MAX_FALSE_ALARMS_PER_100 = 2.0
MIN_RECALL = 0.95
#: Where a set misses a target, the figure docs/diagnostics.md reports for it instead (run of
#: 2026-12-07). Nothing was tuned to reach these: the held-out set is never tuned on. A change
#: that lowers one of them fails; one that raises it should update the docs and this table.
DOCUMENTED = {
    ("tuning", "churn"): 15 / 16,
    ("held-out", "duplicate-helper"): 15 / 16,
    ("held-out", "false_alarms_per_100"): 5.0,
}
MIN_CONTROLS = 150
QUICK = os.environ.get("AIDECAY_WILD_QUICK") == "1"


@pytest.fixture(scope="module")
def result():
    try:
        outcome = evaluate(load_manifest(), QUICK, log=lambda line: None)
    except CorpusUnavailable as exc:
        pytest.skip(f"wild corpus unavailable (package index unreachable?): {exc}")
    print(table(outcome))
    if os.environ.get("AIDECAY_WILD_JSON"):
        Path(os.environ["AIDECAY_WILD_JSON"]).write_text(json.dumps(outcome), encoding="utf-8")
    return outcome


def _false_alarms(summary, code):
    return [
        (o["key"], f["message"])
        for o in summary["outcomes"]
        if o["kind"] == "control"
        for f in o["findings"] + o["edited_findings"]
        if f["code"] == code
    ]


@pytest.mark.parametrize("which", SETS)
def test_every_item_ran_through_the_server(result, which):
    summary = result["sets"][which]
    assert summary["errors"] == []
    if not QUICK:
        assert summary["controls"] >= MIN_CONTROLS
        assert summary["edited_controls"] >= 0.9 * summary["controls"]
    assert set(summary["recall"]) == set(CODES), "every code has a mutation family"


@pytest.mark.parametrize("which", SETS)
def test_false_alarms_on_controls(result, which):
    summary = result["sets"][which]
    details = {c: _false_alarms(summary, c) for c in CODES if summary["false_alarms"][c]}
    limit = DOCUMENTED.get((which, "false_alarms_per_100"), MAX_FALSE_ALARMS_PER_100)
    assert summary["total_false_alarms_per_100"] <= limit + 1e-9, details


@pytest.mark.parametrize("which", SETS)
@pytest.mark.parametrize("code", CODES)
def test_recall_on_mutations(result, which, code):
    summary = result["sets"][which]
    figures = summary["recall"][code]
    missed = [
        (o["key"], [f["code"] for f in o["findings"]])
        for o in summary["outcomes"]
        if o["kind"] == "mutation" and o["expected"] == code
        if not any(f["code"] == code for f in o["findings"])
    ]
    assert figures["total"] >= (4 if QUICK else 12), "too few mutations to measure recall"
    floor = DOCUMENTED.get((which, code), MIN_RECALL)
    if QUICK:  # a smaller sample: one miss more than the documented share is noise
        floor = min(floor, (figures["total"] - 1) / figures["total"])
    assert figures["recall"] >= floor - 1e-9, missed
