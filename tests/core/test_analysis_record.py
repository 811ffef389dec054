"""What the analysis record writes for findings across passes: a finding is written when it
appears, changes or goes away, and refreshed only every few minutes while it stays."""

from __future__ import annotations

from aidecay.analysis.engine import AnalysisResult, DocumentSnapshot
from aidecay.analysis.rules.model import DecayFinding
from aidecay.store.database import Store
from aidecay.tracking.analysis_record import FINDING_REFRESH_S, AnalysisRecord

URI = "file:///m.py"


def passed(record: AnalysisRecord, store: Store, at: str, *messages: str) -> list[dict]:
    """One pass at ``at`` whose findings on region ``r`` carry ``messages``; the stored rows."""
    snap = DocumentSnapshot(URI, None, "x = 1\n", 1, (), at)
    findings = tuple(DecayFinding("r", "naming-divergence", 0, 1, m) for m in messages)
    record.record(snap, AnalysisResult(URI, 1, findings, {}, True), set())
    store.flush(at)
    return store.load_findings("r", active_only=False)


def test_a_finding_is_written_when_it_appears_changes_or_goes_away(tmp_path) -> None:
    store = Store(tmp_path / "a.db")
    record = AnalysisRecord(store)
    (row,) = passed(record, store, "2026-01-01T00:00:00.000Z", "camelCase")
    assert (row["active"], row["last_seen_at"]) == (1, "2026-01-01T00:00:00.000Z")
    (row,) = passed(record, store, "2026-01-01T00:00:10.000Z", "camelCase")
    assert row["last_seen_at"] == "2026-01-01T00:00:00.000Z"  # unchanged: not written again
    (row,) = passed(record, store, "2026-01-01T00:00:20.000Z", "camelCase twice")
    assert (row["message"], row["last_seen_at"]) == ("camelCase twice", "2026-01-01T00:00:20.000Z")
    later = f"2026-01-01T00:{FINDING_REFRESH_S // 60:02d}:21.000Z"
    (row,) = passed(record, store, later, "camelCase twice")
    assert row["last_seen_at"] == later  # still there minutes later: refreshed
    (row,) = passed(record, store, "2026-01-01T01:00:00.000Z")
    assert (row["active"], row["message"]) == (0, "camelCase twice")
    store.close()
