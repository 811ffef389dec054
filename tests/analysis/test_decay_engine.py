"""Pure parts of the decay analysis: rules, incremental units, stale conventions."""

from __future__ import annotations

import _pydecimal
import random
from pathlib import Path

from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
from aidecay.analysis.incremental import changed_window, update_units
from aidecay.analysis.rules.churn import count_sittings
from aidecay.analysis.rules.model import Measurement, RegionState, describe_age
from aidecay.analysis.units import find_units
from aidecay.core.settings import Settings
from factories import region_state


def state(start, end, baseline=None, **extra) -> RegionState:
    return region_state(start, end, **{"edit_count": 3, "baseline": baseline, **extra})


def test_age_and_sittings():
    assert describe_age("2024-05-01T09:00:00.000Z", "2024-05-05T10:00:00.000Z") == "4 days ago"
    assert describe_age("2024-05-01T09:00:00.000Z", "2024-05-01T09:00:20.000Z") == "just now"
    times = ("2024-05-01T09:00:00.000Z", "2024-05-01T09:20:00.000Z", "2024-05-01T10:00:00.000Z")
    assert count_sittings(times, 30) == 2
    assert count_sittings(times, 10) == 3


def test_reviewed_region_is_silent_until_edited_again():
    reviewed = state(0, 1, reviewed_at="2024-05-02T00:00:00.000Z")
    assert reviewed.silenced
    assert state(0, 1, reviewed_at="2024-05-02T00:00:00.000Z",
                 last_edited_at="2024-05-01T00:00:00.000Z").silenced  # fmt: skip
    assert not state(0, 1, reviewed_at="2024-05-02T00:00:00.000Z",
                     last_edited_at="2024-05-03T00:00:00.000Z").silenced  # fmt: skip


def test_incremental_units_equal_a_full_parse():
    source = Path(_pydecimal.__file__).read_text()
    units = find_units(source)
    rng = random.Random(7)
    functions = [u for u in units if u.kind != "class"]
    fallbacks = 0
    for _ in range(20):
        unit = rng.choice(functions)
        body = source.index("\n", unit.start) + 1
        line = source[body : source.index("\n", body)]
        indent = " " * (len(line) - len(line.lstrip()))
        new = source[:body] + f"{indent}if flag:\n{indent}    pass\n" + source[body:]
        window = changed_window(source, new)
        updated = update_units(units, source, new, window)
        if updated is None:  # e.g. inserted into a multi-line signature: a full parse judges
            fallbacks += 1
            continue
        assert updated == find_units(new)
    assert fallbacks <= 5


def test_syntax_error_region_gets_measured_once_it_parses():
    broken = "def f(x:\n    return x\n"
    engine = AnalysisEngine()
    snap = DocumentSnapshot("file:///a.py", None, broken, 1, (state(0, len(broken)),), "t")
    assert engine.analyze(snap, Settings()).measurements == {}
    fixed = broken.replace("(x:", "(x):")
    snap = DocumentSnapshot("file:///a.py", None, fixed, 2, (state(0, len(fixed)),), "t")
    measured = engine.analyze(snap, Settings()).measurements["r"]
    assert measured.functions == (("f", 1),)


def test_disabled_codes_and_thresholds():
    before = "def f(x):\n    return x\n"
    grown = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(5))
    grown += "    return x\n"
    base = Measurement((("f", 1),), 80.0)
    snap = DocumentSnapshot(
        "file:///a.py", None, grown, 2, (state(0, len(grown), base),), "2024-05-02T09:00:00.000Z"
    )
    engine = AnalysisEngine()
    codes = {f.code for f in engine.analyze(snap, Settings()).findings}
    assert "complexity-growth" in codes and before
    from aidecay.core.settings import parse_settings

    quiet, _ = parse_settings({"diagnostics": {"disabled": ["complexity-growth"]}})
    assert "complexity-growth" not in {f.code for f in engine.analyze(snap, quiet).findings}
    high, _ = parse_settings({"thresholds": {"complexityGrowth": 9, "complexityMax": 20}})
    assert "complexity-growth" not in {f.code for f in engine.analyze(snap, high).findings}
