"""A pass that reuses the previous pass's per-region metrics reports exactly what a fresh
engine reports for the same snapshot, through edits inside, between, above and across
regions."""

from __future__ import annotations

import ast
import random
import re
from dataclasses import replace

from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
from aidecay.analysis.rules.model import RegionState
from aidecay.core.settings import Settings
from factories import region_state

FUNCTION = """def helper_{k}(items, limit=3):
    total = 0
    for item in items:
        if item > limit:
            total += item
        elif item < 0:
            total -= 1
    return total

"""


def _regions(text: str) -> list[RegionState]:
    regions, start = [], 0
    for k in range(0, 12, 2):  # every other function is AI-written
        start = text.index(f"def helper_{k}(")
        end = text.index("\n\n", start) + 1
        regions.append(region_state(start, end, id=f"r{k}", created_at="2026-01-01T00:00:00Z"))
    return regions


def _edit(text: str, regions: list[RegionState], rng: random.Random):
    """A random edit that keeps the module valid: rename, blank line, new statement, or
    a deleted statement."""
    kind = rng.random()
    lines = [m.start() for m in re.finditer("^", text, re.M)][:-1]
    end = None
    if kind < 0.35:
        pos = rng.choice([m.end() for m in re.finditer("total", text)])
        new = "x"
    elif kind < 0.6:
        pos, new = rng.choice(lines), "\n"
    elif kind < 0.85:
        pos = rng.choice([m.start() for m in re.finditer("^    total = 0", text, re.M)])
        new = "    if limit == 7:\n        return 7\n"
    else:
        found = [m for m in re.finditer("^    if limit == 7:\n        return 7\n", text, re.M)]
        if not found:
            pos, new = rng.choice(lines), "\n"
        else:
            match = rng.choice(found)
            pos, end, new = match.start(), match.end(), ""
    end = pos if end is None else end
    text = text[:pos] + new + text[end:]
    delta = len(new) - (end - pos)
    moved = []
    for r in regions:
        s, e = r.start, r.end
        if s >= end and s > pos:
            s, e = s + delta, e + delta
        elif e > pos or (e == pos and new and s < pos):
            e = e + delta
        moved.append(replace(r, start=s, end=e))
    return text, moved


def test_reused_metrics_match_a_fresh_engine():
    text = "".join(FUNCTION.format(k=k) for k in range(12))
    regions = _regions(text)
    rng = random.Random(4)
    incremental = AnalysisEngine()
    settings = Settings()
    checked = 0
    for version in range(60):
        snap = DocumentSnapshot(
            "file:///t.py", None, text, version, tuple(regions), "2026-01-02T00:00:00Z"
        )
        ours = incremental.analyze(snap, settings, learn=True)
        if _parses(text):  # broken code: a full parse and an incremental one may differ
            fresh = AnalysisEngine().analyze(snap, settings, learn=True)
            assert ours.findings == fresh.findings, version
            assert ours.measurements == fresh.measurements, version
            checked += 1
        text, regions = _edit(text, regions, rng)
    assert checked >= 20


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True
