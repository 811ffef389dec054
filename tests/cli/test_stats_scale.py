"""Stats agree between a schema-2 database (per-keystroke events) and the same database
migrated to edits, on a generated history of months of use."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

from aidecay.stats import sources, summary  # noqa: E402
from aidecay.stats.scope import Scope  # noqa: E402
from aidecay.store.database import Store  # noqa: E402
from history_db import generate  # noqa: E402

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)
SAME = ("totals", "inserted", "survival", "churn14d", "topFiles", "diagnostics", "complexity")


def test_v2_and_migrated_databases_give_the_same_statistics(tmp_path):
    v2 = tmp_path / "v2.db"
    made = generate(v2, 20_000, 300, days=120)
    v3 = tmp_path / "v3.db"
    shutil.copy(v2, v3)
    Store(v3).close()
    scope = Scope(NOW)
    old, new = (summary.compute(sources.load(p, scope), scope) for p in (v2, v3))
    for key in SAME:
        assert old[key] == new[key] or key == "complexity", key
    # Schema 6 set the maintainability index measured before its redefinition apart
    # (metrics.mi_radon): the migrated database compares no index, every other figure holds.
    mi = {"medianMiDelta", "miRegions"}
    assert {k: v for k, v in old["complexity"].items() if k not in mi} == {
        k: v for k, v in new["complexity"].items() if k not in mi
    }
    assert old["complexity"]["miRegions"] > 0 and new["complexity"]["miRegions"] == 0
    assert _without_mi(old["series"]) == _without_mi(new["series"])
    assert old["rework"]["changedLines"] == new["rework"]["changedLines"]
    assert old["rework"]["edits"] == made["events"]  # not migrated: one per keystroke
    assert 0 < new["rework"]["edits"] < 20_000 / 3  # grouped
    # The keystrokes carry no text and the stored files are older than them: the AI
    # characters removed are estimated from the deleted characters; deleted regions lose
    # all their lines.
    deleted = new["totals"]["deleted"]
    assert deleted and 7 * deleted <= new["rework"]["changedLines"] < new["totals"]["aiLines"]
    assert old["survival"]["30d"]["rate"] < 1


def _without_mi(value):
    """``value`` with every maintainability index left out (see schema 6 above)."""
    if isinstance(value, dict):
        return {k: _without_mi(v) for k, v in value.items() if k != "mi"}
    if isinstance(value, list):
        return [_without_mi(v) for v in value]
    return value
