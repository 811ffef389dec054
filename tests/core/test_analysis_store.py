"""Schema 2: metrics and findings tables, and the settings of the decay analysis."""

from __future__ import annotations

from aidecay.core.settings import parse_settings
from aidecay.store.analysis import FindingRow, MetricsRow
from aidecay.store.database import SCHEMA_VERSION, Store


def test_metrics_and_findings_round_trip(tmp_path):
    store = Store(tmp_path / "a.db")
    assert store.schema_version() == SCHEMA_VERSION
    store.queue_metrics(MetricsRow("r", "u", "t1", 1, "baseline", 70.0, 12.0, 4, {"f": 2}, 2))
    store.queue_metrics(MetricsRow("r", "u", "t2", 2, "sample", 60.0, 30.0, 9, {"f": 6}, 6))
    store.queue_finding(FindingRow("r", "churn", "u", "first", "information", "t1", True))
    store.flush("t2")
    store.queue_finding(FindingRow("r", "churn", "u", "second", "information", "t3", True))
    store.flush("t3")
    assert store.load_metrics(["r"], "baseline")["r"].functions == {"f": 2}
    assert store.load_metrics(["r"], "sample")["r"].max_cc == 6
    (row,) = store.load_findings("r")
    assert (row["message"], row["first_seen_at"], row["last_seen_at"]) == ("second", "t1", "t3")
    store.queue_finding(FindingRow("r", "churn", "u", "", "", "t4", False))
    store.flush("t4")
    assert store.load_findings("r") == []
    (row,) = store.load_findings("r", active_only=False)
    assert (row["active"], row["message"], row["last_seen_at"]) == (0, "second", "t3")


def test_a_version_1_database_is_migrated(tmp_path):
    import sqlite_utils

    from aidecay.store.schema import MIGRATIONS

    db = sqlite_utils.Database(tmp_path / "old.db")
    MIGRATIONS[1](db)
    db["meta"].insert({"key": "schema_version", "value": "1"}, pk="key")
    db.close()
    store = Store(tmp_path / "old.db")
    assert store.schema_version() == SCHEMA_VERSION and store.db["metrics"].exists()


def test_analysis_settings_parse_lists_and_severity_maps():
    settings, warnings = parse_settings(
        {
            "analysis": {"debounceMs": 100},
            "thresholds": {"churnFactor": 0.7, "complexityMax": 0},
            "diagnostics": {
                "disabled": ["churn", "nope"],
                "severity": {"churn": "hint", "naming-divergence": "loud"},
            },
        }
    )
    assert settings.analysis.debounce_ms == 100
    assert settings.thresholds.churn_factor == 0.7
    assert settings.thresholds.complexity_max == 10
    assert settings.diagnostics.disabled == ("churn",)
    assert settings.diagnostics.severity_of("churn") == "hint"
    assert settings.diagnostics.severity_of("naming-divergence") == "information"
    assert settings.diagnostics.severity_of("complexity-growth") == "warning"
    assert len(warnings) == 3


def test_severity_off_switches_a_code_off():
    settings, warnings = parse_settings({"diagnostics": {"severity": {"churn": "off"}}})
    assert warnings == []
    assert not settings.diagnostics.enabled("churn")
    assert settings.diagnostics.enabled("complexity-growth")
