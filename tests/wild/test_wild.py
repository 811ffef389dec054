"""The wild corpus through the real server: false alarms and recall against the targets.

Real projects from the package index (cached outside git, see ``sources.py``); skipped only
when a project is neither cached nor downloadable. ``AIDECAY_WILD_QUICK=1`` runs the smaller
sample (``--quick``).
"""

from __future__ import annotations

import os

import pytest
from run import CODES, NOT_ASSERTED, evaluate, table
from sources import CorpusUnavailable, load_manifest

#: Targets of issue 8, per code and for all codes together.
MAX_FALSE_ALARMS_PER_100 = 2.0
MIN_RECALL = 0.95
MIN_CONTROLS = 150


@pytest.fixture(scope="module")
def result():
    quick = os.environ.get("AIDECAY_WILD_QUICK") == "1"
    try:
        outcome = evaluate(load_manifest(), quick, log=lambda line: None)
    except CorpusUnavailable as exc:
        pytest.skip(f"wild corpus unavailable (package index unreachable?): {exc}")
    print(table(outcome))
    return outcome


def _false_alarms(result, code):
    return [
        (o["key"], f["message"])
        for o in result["outcomes"]
        if o["kind"] == "control"
        for f in o["findings"]
        if f["code"] == code
    ]


def test_every_item_ran_through_the_server(result):
    assert result["errors"] == []
    if os.environ.get("AIDECAY_WILD_QUICK") != "1":
        assert result["controls"] >= MIN_CONTROLS
    assert {r for r in result["recall"]} >= {
        "complexity-growth",
        "naming-divergence",
        "docstring-divergence",
        "type-hint-divergence",
        "error-handling-divergence",
        "duplicate-helper",
    }


def test_false_alarms_on_unchanged_functions(result):
    asserted = [c for c in CODES if c not in NOT_ASSERTED]
    total = sum(result["false_alarms_per_100"][c] for c in asserted)
    details = {c: _false_alarms(result, c) for c in asserted if result["false_alarms"][c]}
    assert total <= MAX_FALSE_ALARMS_PER_100, details


@pytest.mark.parametrize("code", [c for c in CODES if c not in NOT_ASSERTED])
def test_recall_on_mutations(result, code):
    figures = result["recall"].get(code)
    if figures is None:
        pytest.skip(f"no mutation family for {code}")
    missed = [
        (o["key"], [f["code"] for f in o["findings"]])
        for o in result["outcomes"]
        if o["kind"] == "mutation" and o["expected"] == code
        if not any(f["code"] == code for f in o["findings"])
    ]
    assert figures["recall"] >= MIN_RECALL, missed
