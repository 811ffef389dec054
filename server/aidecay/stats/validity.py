"""Does a warning predict rework? Per diagnostic code, the hazard of an AI region being
reworked or deleted after the code first fired on it, against regions of the same age
without it (``stats.flag_hazard``), from the timelines ``aidecay replay --validate`` records.

A region's timeline: its birth, every later commit that reworked it (an edit) or deleted its
last line, the end of its follow-up (that deletion, or HEAD), and when each code first fired
(at its birth or at one of those edits). Age is the time scale; a region is flagged from the
moment the code fired, so a finding is judged only on what happens after it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aidecay.core.settings import DIAGNOSTIC_CODES
from aidecay.stats.flag_hazard import HazardRatio, Interval, hazard_ratio
from aidecay.stats.survival import DAY


@dataclass(frozen=True)
class Timeline:
    region: str
    repo: str
    born: int  # Unix seconds
    end: int  # the deletion of its last line, or HEAD
    events: tuple[int, ...]  # reworks (edits) and the deletion, Unix seconds
    findings: Mapping[str, int] = field(default_factory=dict)  # code -> when it first fired


def intervals(timelines: Iterable[Timeline], code: str) -> list[Interval]:
    """The counting-process rows of ``code``: one per stretch between reworks, flagged from
    the stretch that starts at (or after) the moment the code fired."""
    rows = []
    for line in timelines:
        fired = line.findings.get(code)
        start_time = line.born
        cuts = sorted(t for t in line.events if t >= line.born)
        for when in cuts:
            if when <= start_time:
                continue  # same second as the previous cut: one rework
            flagged = fired is not None and fired <= start_time
            rows.append(_row(line, start_time, when, True, flagged))
            start_time = when
        if line.end > start_time and (not cuts or cuts[-1] < line.end):
            flagged = fired is not None and fired <= start_time
            rows.append(_row(line, start_time, line.end, False, flagged))
    return rows


def _row(line: Timeline, start: int, stop: int, event: bool, flagged: bool) -> Interval:
    # Region ids are unique within a repository only: the subject (a cluster of the robust
    # variance, a region in the counts) names both, so pooled repositories never merge two.
    subject = f"{line.repo}\n{line.region}"
    return Interval(
        subject, line.repo, (start - line.born) / DAY, (stop - line.born) / DAY, event, flagged
    )


def validity(
    timelines: Sequence[Timeline], codes: Iterable[str] = DIAGNOSTIC_CODES
) -> dict[str, HazardRatio]:
    """Per code, the hazard ratio of being reworked or deleted after the finding (stratified
    by repository when the timelines come from several)."""
    return {code: hazard_ratio(intervals(timelines, code)) for code in codes}


def sentence(row: Mapping) -> str | None:
    """The hover's words for one stored figure, or None when there is no hazard ratio."""
    value, low, high = row.get("hazard_ratio"), row.get("low"), row.get("high")
    if value is None or low is None or high is None:
        return None
    regions = (row.get("flagged") or 0) + (row.get("unflagged") or 0)
    how = f"{value:.1f}× as often" if value >= 1 else f"{1 / value:.1f}× less often"
    verdict = "" if low > 1 or high < 1 else " — no clear effect"
    return (
        f"in this repository's history, AI regions with this finding were reworked {how} "
        f"(95 % CI {low:.1f}–{high:.1f}, {regions:,} regions){verdict}"
    )


def load_timelines(conn: sqlite3.Connection, repos: Sequence[str] | None = None) -> list[Timeline]:
    """The timelines ``replay --validate`` stored (all repositories, or ``repos``)."""
    rows = conn.execute(
        "select repo, region, born_at, end_at, events, findings from replay_timelines"
    ).fetchall()
    return [
        Timeline(region, repo, born, end, tuple(json.loads(events)), json.loads(findings))
        for repo, region, born, end, events, findings in rows
        if repos is None or repo in repos
    ]


def stored(conn: sqlite3.Connection, path: Path) -> dict[str, dict]:
    """code -> the stored figure of the replayed repository that holds ``path`` (the
    innermost), or {} when none was validated."""
    try:
        rows = conn.execute(
            "select repo, code, flagged, unflagged, hazard_ratio, low, high, reason"
            " from replay_validity"
        ).fetchall()
    except sqlite3.OperationalError:  # a database from before migration 7
        return {}
    found: dict[str, dict[str, dict]] = {}
    for repo, code, flagged, unflagged, value, low, high, reason in rows:
        found.setdefault(repo, {})[code] = {
            "flagged": flagged,
            "unflagged": unflagged,
            "hazard_ratio": value,
            "low": low,
            "high": high,
            "reason": reason,
        }
    holders = [repo for repo in found if path.is_relative_to(Path(repo))]
    return found[max(holders, key=len)] if holders else {}
