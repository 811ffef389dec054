"""The analysis child's memory bound (``analysis.memoryLimitMb``): past it, the child answers,
ends, and the next call is served by a fresh one."""

from __future__ import annotations

import logging

from aidecay.analysis.engine import DocumentSnapshot
from aidecay.analysis.rules.model import RegionState
from aidecay.analysis.worker import AnalysisProcess
from aidecay.core.settings import parse_settings

TEXT = (
    "def grow(values):\n    for v in values:\n        if v:\n            return v\n    return 0\n"
)
REGION = RegionState("r", 0, len(TEXT), "agent", None, None, "2026-01-01T00:00:00.000Z", 0, 0,
                     len(TEXT), None, None, None)  # fmt: skip
SNAP = DocumentSnapshot("file:///m.py", None, TEXT, 1, (REGION,), "2026-01-02T00:00:00.000Z")


def test_the_child_starts_afresh_past_its_memory_bound(caplog) -> None:
    caplog.set_level(logging.INFO, logger="aidecay.analysis.worker")
    tight, warnings = parse_settings({"analysis": {"memoryLimitMb": 16}})
    assert not warnings
    process = AnalysisProcess(min_uptime_s=0)
    try:
        first = process.analyze(SNAP, tight, True)
        assert "over analysis.memoryLimitMb (16)" in caplog.text
        second = process.analyze(SNAP, tight, True)  # served by the next child
        assert first.measurements["r"] == second.measurements["r"]
        assert caplog.text.count("starting a fresh one") == 2
    finally:
        process.close()


def test_under_the_default_bound_the_child_stays(caplog) -> None:
    caplog.set_level(logging.INFO, logger="aidecay.analysis.worker")
    default, _ = parse_settings({})
    assert default.analysis.memory_limit_mb == 1024
    process = AnalysisProcess(min_uptime_s=0)
    try:
        process.analyze(SNAP, default, True)
        pid = process._process.pid
        process.analyze(SNAP, default, True)
        assert process._process.pid == pid
        assert "starting a fresh one" not in caplog.text
    finally:
        process.close()
