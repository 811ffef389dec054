"""The scenario corpus through the real analysis engine: precision and recall per code.

The figures asserted here are the ones reported in docs/diagnostics.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aidecay.core.settings import DIAGNOSTIC_CODES

from .model import run
from .scenarios_conventions import SCENARIOS as CONVENTIONS
from .scenarios_metrics import SCENARIOS as METRICS

SCENARIOS = METRICS + CONVENTIONS
DOCS = Path(__file__).resolve().parents[2] / "docs" / "diagnostics.md"
#: Minimum precision and recall per code (the table in docs/diagnostics.md).
REPORTED = {code: (1.0, 1.0) for code in DIAGNOSTIC_CODES}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    return [
        (scenario, run(scenario, tmp_path_factory.mktemp("scenario"))) for scenario in SCENARIOS
    ]


def confusion(outcomes, code):
    tp = sum(code in found and code in s.expected for s, found in outcomes)
    fp = sum(code in found and code not in s.expected for s, found in outcomes)
    fn = sum(code not in found and code in s.expected for s, found in outcomes)
    return tp, fp, fn


def test_every_code_has_two_decayed_and_two_healthy_scenarios():
    for code in DIAGNOSTIC_CODES:
        decayed = [s for s in SCENARIOS if code in s.expected]
        assert len(decayed) >= 2, code
    assert sum(not s.expected for s in SCENARIOS) >= 8


@pytest.mark.parametrize("code", DIAGNOSTIC_CODES)
def test_precision_and_recall(outcomes, code):
    tp, fp, fn = confusion(outcomes, code)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    wrong = [
        (s.name, sorted(found)) for s, found in outcomes if (code in found) != (code in s.expected)
    ]
    low_p, low_r = REPORTED[code]
    assert precision >= low_p and recall >= low_r, wrong


def test_the_docs_table_is_what_the_corpus_gives(outcomes):
    """docs/diagnostics.md shows exactly the counts this corpus produces, code by code."""
    rows = []
    for code in DIAGNOSTIC_CODES:
        tp, fp, fn = confusion(outcomes, code)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        rows.append(f"| `{code}` | {tp} | {fp} | {fn} | {precision:.2f} | {recall:.2f} |")
    section = DOCS.read_text(encoding="utf-8").split("## Precision and recall", 1)[1]
    documented = [line for line in section.splitlines() if line.startswith("| `")]
    assert documented[: len(rows)] == rows
