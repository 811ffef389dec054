"""The sittings a region was edited in, kept as one start time per sitting.

The churn rule counts sittings: edits separated by at least the sitting gap. Keeping every
edit time of a session costs memory per keystroke and has to be shipped to the analysis
process on every pass; the start of each sitting is all ``count_sittings`` needs
(``count_sittings(log.starts(), gap) == count_sittings(all_times, gap)``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from aidecay.core.clock import parse_time


class SittingLog:
    """Edit times folded into sitting starts for one gap (in minutes)."""

    __slots__ = ("_gap_s", "_starts", "_last")

    def __init__(self, gap_minutes: float, times: Iterable[str] = ()) -> None:
        self._gap_s = gap_minutes * 60
        self._starts: list[str] = []
        self._last: datetime | None = None
        for at in sorted(times):
            self.add(at)

    def add(self, at: str) -> None:
        """One more edit (times arrive in order; an earlier one only extends nothing)."""
        try:
            moment = parse_time(at)
        except (ValueError, TypeError):
            return
        if self._last is None or (moment - self._last).total_seconds() >= self._gap_s:
            self._starts.append(at)
        if self._last is None or moment > self._last:
            self._last = moment

    def starts(self) -> tuple[str, ...]:
        return tuple(self._starts)
