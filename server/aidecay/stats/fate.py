"""A region's fate: what became of the lines it added, whatever the source.

Live tracking (``live_fates``) and replayed git history (``replay_fates``) both become
``Fate`` records, and every figure is computed from them, so one question has one answer
whichever source it comes from. Lines are the unit; characters (live only) are a detail.
Metrics a source does not have are ``None`` (never zero); ``MISSING`` says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aidecay.stats.survival import CHURN_WINDOW, Cohort, Observation

LIVE, REPLAY = "live", "replay"
#: The days after birth at which live regions' AI characters are counted (-1: the end).
KEPT_AT = (7, 14, 30, 90, -1)
AI, HUMAN, BOT = "ai", "human", "bot"

#: Why a source lacks a metric (shown instead of a figure).
MISSING = {
    (REPLAY, "chars"): "replayed history follows lines, not characters",
    (REPLAY, "sittings"): "git history has commits, not sittings",
    (REPLAY, "mi"): "replayed regions have a maintainability index at birth only",
    (REPLAY, "findings"): "replay does not run the diagnostics (aidecay replay --validate does)",
    (LIVE, "human"): "live tracking follows AI-written code only (run aidecay replay)",
}


@dataclass(slots=True)
class Fate:
    """One region: where it came from, its lines' deaths, and what was measured of it."""

    id: str
    source: str  # live | replay
    group: str  # ai | human | bot
    origin: str
    tool: str | None
    model: str | None
    path: str  # shown: relative to the workspace or repository
    file: Path | None  # absolute path, for scoping by folder
    born: int  # Unix seconds
    end: int  # end of follow-up: now (live) or the replayed HEAD (replay)
    lines: int
    #: (time, lines) changed or deleted for good at that time
    deaths: list[tuple[int, int]] = field(default_factory=list)
    deleted: bool = False
    repo: str | None = None
    edits: int = 0
    sittings: int | None = None
    chars: int | None = None
    #: AI characters still there at ``born + days`` for the days of ``KEPT_AT`` (-1: at the
    #: end of the follow-up); None when not followed by character (replayed regions)
    chars_kept: tuple[int, ...] | None = None
    cc_birth: int | None = None
    cc_now: int | None = None
    grew: bool | None = None  # the complexity-growth rule fires from birth to now
    mi_birth: float | None = None
    mi_now: float | None = None
    first_edit: int | None = None  # live: when the region was first edited
    findings_birth: frozenset[str] | None = None  # raised on the AI's text as written
    findings_now: frozenset[str] | None = None  # still active
    findings_ever: frozenset[str] | None = None
    #: lines changed or deleted per author of the change (live only)
    by_author: dict[str, int] | None = None

    def kept_chars(self, days: int) -> int:
        """AI characters still there ``days`` after birth (-1: at the end)."""
        return self.chars_kept[KEPT_AT.index(days)] if self.chars_kept else 0

    @property
    def dead(self) -> int:
        return min(self.lines, sum(n for _, n in self.deaths)) if self.deaths else 0

    @property
    def alive(self) -> int:
        """Lines still there at the end of the follow-up."""
        return self.lines - self.dead

    def alive_at(self, moment: int) -> int:
        return self.lines - min(self.lines, sum(n for t, n in self.deaths if t <= moment))

    def cohorts(self) -> list[Cohort]:
        rows: list[Cohort] = [(self.born, max(t, self.born), n) for t, n in self.deaths if n]
        if self.alive:
            rows.append((self.born, None, self.alive))
        return rows

    def observations(self) -> list[Observation]:
        return [
            (max(0, (self.end if died is None else died) - born), died is not None, count)
            for born, died, count in self.cohorts()
        ]

    def churn(self) -> tuple[int, int] | None:
        """(lines changed or deleted within 14 days, lines) when followed 14 days."""
        if self.end - self.born < CHURN_WINDOW:
            return None
        limit = self.born + CHURN_WINDOW
        return min(self.lines, sum(n for t, n in self.deaths if t <= limit)), self.lines

    def revisions(self, quiet_days: int = 30) -> tuple[int, bool] | None:
        """(changes before acceptance, accepted?): accepted once no line changed for
        ``quiet_days`` while some were left; None while that is still undecided."""
        quiet = quiet_days * 86_400
        times = sorted({t for t, n in self.deaths if n})
        start, count, lost = self.born, 0, 0
        counts = dict.fromkeys(times, 0)
        for t, n in self.deaths:
            counts[t] += n
        for t in times:
            if t - start > quiet:
                return count, True
            count += 1
            lost += counts[t]
            if lost >= self.lines:
                return count, False
            start = t
        if self.end - start >= quiet:
            return count, True
        return None
