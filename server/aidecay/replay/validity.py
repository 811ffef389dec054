"""From a validated replay to each region's timeline and the hazard ratio of every code."""

from __future__ import annotations

from aidecay.replay.attribution import AI
from aidecay.replay.results import Outcome
from aidecay.replay.walk import Walk
from aidecay.stats.validity import Timeline


def timelines(
    repo: str, walk: Walk, outcomes: list[Outcome], first: dict[int, dict[str, int]], head: int
) -> list[Timeline]:
    """One timeline per AI region: born, reworked (edits), deleted or followed to ``head``."""
    times = [c.time for c in walk.commits]
    found = []
    for outcome in outcomes:
        region = outcome.region
        if region.attribution.group != AI:
            continue
        events = {times[edit.commit] for edit in region.edits}
        end = head
        if outcome.died_commit is not None:
            end = times[outcome.died_commit]
            events.add(end)
        fired = {code: times[commit] for code, commit in first.get(region.index, {}).items()}
        born = times[region.commit if region.copied_at is None else region.copied_at]
        found.append(Timeline(f"{region.index}", repo, born, end, tuple(sorted(events)), fired))
    return found
