"""Sitting starts count the same sittings as every edit time did."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from aidecay.analysis.decay import count_sittings
from aidecay.analysis.sittings import SittingLog

BASE = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _iso(seconds: int) -> str:
    return (
        (BASE + timedelta(seconds=seconds))
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


@given(
    st.lists(st.integers(0, 20_000), max_size=60),
    st.floats(0, 120),
    st.integers(0, 60),
)
def test_sitting_starts_count_like_all_edit_times(seconds, gap, preloaded):
    times = [_iso(s) for s in sorted(seconds)]
    log = SittingLog(gap, times[:preloaded])  # loaded from the database, then live events
    for at in times[preloaded:]:
        log.add(at)
    assert count_sittings(log.starts(), gap) == count_sittings(tuple(times), gap)
    assert len(log.starts()) == count_sittings(tuple(times), gap)
