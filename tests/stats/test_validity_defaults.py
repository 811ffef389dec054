"""The default severity of every diagnostic code follows the pooled evidence published in
docs/validity.md (issue 15): a code whose pooled 95 % interval includes no effect, or that has
no pooled figure (too few regions), is ``information``; a code shown as a ``warning`` has a
pooled interval above 1."""

from __future__ import annotations

import re
from pathlib import Path

from aidecay.core.settings import DEFAULT_SEVERITY, DIAGNOSTIC_CODES, Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "validity.md"
#: A table row: the code, then cells; the last cell is the pooled figure.
_ROW = re.compile(r"^\| `([a-z-]+)` \|(.*)\|\s*$", re.M)
_FIGURE = re.compile(r"^\s*([\d.]+) \(([\d.]+)–([\d.]+);")


def pooled() -> dict[str, tuple[float, float, float] | None]:
    """code -> (hazard ratio, low, high) of the pooled column, None for "–"."""
    table = DOC.read_text(encoding="utf-8").split("## The table", 1)[1].split("\n## ", 1)[0]
    found: dict[str, tuple[float, float, float] | None] = {}
    for code, cells in _ROW.findall(table):
        m = _FIGURE.match(cells.split("|")[-1])
        found[code] = (float(m[1]), float(m[2]), float(m[3])) if m else None
    return found


def test_every_code_has_a_default_severity():
    assert tuple(DEFAULT_SEVERITY) == DIAGNOSTIC_CODES
    assert dict(Settings().diagnostics.severity) == dict(DEFAULT_SEVERITY)


def test_defaults_follow_the_pooled_evidence():
    figures = pooled()
    assert set(figures) == set(DIAGNOSTIC_CODES)
    for code, figure in figures.items():
        severity = Settings().diagnostics.severity_of(code)
        if figure is None or figure[1] <= 1 <= figure[2]:
            assert severity == "information", (code, figure)
        if severity == "warning":
            assert figure is not None and figure[1] > 1, (code, figure)
