"""The in-process sections of ``bench/scale.py``: a full analysis pass and a tracker flush,
run under one version's ``PYTHONPATH`` (``python bench/scale_inproc.py pass|flush REGIONS
KEYSTROKES`` prints one JSON line)."""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_workspace import region_lines, workspace_text  # noqa: E402


def inproc_pass(regions: int) -> dict:
    from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
    from aidecay.core.settings import Settings

    try:
        from aidecay.analysis.rules.model import RegionState
    except ImportError:  # the version before (no rules package)
        from aidecay.analysis.decay import RegionState

    text = workspace_text(regions)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def states(shift_at: int | None = None) -> tuple:
        found = []
        for k, (a, b) in enumerate(region_lines(regions)):
            s, e = starts[a], starts[b]
            if shift_at is not None:
                s, e = s + (s > shift_at), e + (e > shift_at)
            found.append(
                RegionState(
                    f"r{k}",
                    s,
                    e,
                    "agent",
                    None,
                    None,
                    "2026-01-01T00:00:00Z",
                    0,
                    0,
                    e - s,
                    None,
                    None,
                    None,
                )  # fmt: skip
            )
        return tuple(found)

    engine, settings = AnalysisEngine(), Settings()
    snap = DocumentSnapshot(
        "file:///big_module.py", None, text, 1, states(), "2026-01-02T00:00:00Z"
    )
    began = time.perf_counter()
    engine.analyze(snap, settings, None, learn=True)
    cold = time.perf_counter() - began
    middle = snap.regions[len(snap.regions) // 2]
    pos = middle.start + 4
    edited = text[:pos] + "x" + text[pos:]
    snap2 = DocumentSnapshot(
        "file:///big_module.py", None, edited, 2, states(pos), "2026-01-02T00:00:01Z"
    )
    began = time.perf_counter()
    engine.analyze(snap2, settings, None, learn=False)
    fast = time.perf_counter() - began
    began = time.perf_counter()
    engine.analyze(snap2, settings, None, learn=True)
    relearn = time.perf_counter() - began
    return {"cold_s": cold, "edit_fast_s": fast, "edit_learn_s": relearn}


def _write_bytes() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    return 0


def inproc_flush(regions: int, keystrokes: int) -> dict:
    from aidecay.core.settings import parse_settings
    from aidecay.core.text import Position

    try:
        from aidecay.store.database import Store
        from aidecay.tracking.tracker import Change, Tracker
    except ImportError:  # the version before the layers (issue 14)
        from aidecay.core.store import Store
        from aidecay.core.tracker import Change, Tracker

    tmp = Path(tempfile.mkdtemp(prefix="aidecay-flush-"))
    text = workspace_text(regions)
    db = tmp / "flush.db"
    store = Store(str(db))
    settings, _ = parse_settings({"heuristic": {"enabled": False}})
    tracker = Tracker(store, settings)
    uri = (tmp / "big_module.py").as_uri()
    tracker.open(uri, text, 1)
    for a, b in region_lines(regions):
        tracker.mark(uri, Position(a, 0), Position(b, 0), "agent")
    tracker.flush()
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lines = text.split("\n")
    rng = random.Random(5)
    flushes: list[float] = []
    size_before = db.stat().st_size
    written_before = _write_bytes()
    for k in range(keystrokes):
        start, _ = rng.choice(region_lines(regions))
        col = len(lines[start])
        lines[start] += "x"
        tracker.change(uri, 2 + k, [Change("x", Position(start, col), Position(start, col))])
        if k % 7 == 6:  # typing pace: ~7 keystrokes per one-second flush
            began = time.perf_counter()
            tracker.flush()
            flushes.append((time.perf_counter() - began) * 1000)
    tracker.flush()
    written = _write_bytes() - written_before
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    grown = db.stat().st_size - size_before
    store.close()
    return {
        "flush_p50_ms": statistics.median(flushes),
        "flush_max_ms": max(flushes),
        "db_bytes_per_keystroke": grown / keystrokes,
        "disk_bytes_per_keystroke": written / keystrokes,
    }


if __name__ == "__main__":
    section, regions, keystrokes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    result = inproc_pass(regions) if section == "pass" else inproc_flush(regions, keystrokes)
    print(json.dumps(result))
