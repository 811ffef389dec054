"""From a finished walk to what each region became at HEAD, and the ``--json`` summary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from aidecay.analysis.rules.complexity_growth import complexity_findings
from aidecay.analysis.rules.model import Measurement, RegionState
from aidecay.core.clock import format_time
from aidecay.core.settings import ThresholdSettings
from aidecay.replay.attribution import AI, HUMAN
from aidecay.replay.lines import ALIVE
from aidecay.replay.measure import FileMeasure, maintainability
from aidecay.replay.walk import RegionBirth, Walk
from aidecay.stats.survival import Cohort, churn, survival_table

RESULTS_SCHEMA_VERSION = 1


def iso(timestamp: int) -> str:
    """A Unix time as the database's ISO 8601 UTC text."""
    return format_time(datetime.fromtimestamp(timestamp, timezone.utc))


@dataclass
class Outcome:
    """A region at HEAD: where its surviving lines are, and how its lines' lives ended."""

    region: RegionBirth
    lines_at_head: int = 0
    head_path: str | None = None
    head_first: int = 0  # 1-based lines at HEAD (first and last surviving line)
    head_last: int = 0
    died_commit: int | None = None  # all lines gone: the commit that removed the last
    cohorts: list[Cohort] = field(default_factory=list)
    head_functions: dict[str, int] | None = None
    complexity_grew: bool = False

    @property
    def alive(self) -> bool:
        return self.lines_at_head > 0


def outcomes(
    walk: Walk,
    head: str,
    head_time: int,
    read_head: Callable[[str], str | None],
    jobs: int = 1,
) -> list[Outcome]:
    state = walk.state(head)
    where: dict[int, tuple[str, int]] = {}
    for path, ids in state.items():
        for number, line in enumerate(ids, 1):
            where[line] = (path, number)
    result = []
    times = [c.time for c in walk.commits]
    head_index = len(walk.commits) - 1
    measures: dict[str, FileMeasure] = {}
    th = ThresholdSettings()
    for region in walk.regions:
        outcome = Outcome(region)
        born = times[region.commit]
        deaths: dict[int | None, int] = defaultdict(int)
        last_death = -1
        for line in region.lines:
            spot = where.get(line)
            if spot is not None:
                outcome.lines_at_head += 1
                path, number = spot
                if outcome.head_path is None:
                    outcome.head_path, outcome.head_first = path, number
                if path == outcome.head_path:
                    outcome.head_first = min(outcome.head_first, number)
                    outcome.head_last = max(outcome.head_last, number)
                deaths[None] += 1
            else:
                died = walk.lines.died[line]
                died = head_index if died == ALIVE else died
                deaths[times[died]] += 1
                last_death = max(last_death, died)
        outcome.cohorts = [(born, when, count) for when, count in deaths.items()]
        if not outcome.alive:
            outcome.died_commit = last_death
        elif region.baseline and outcome.head_path:
            if outcome.head_path not in measures:
                text = read_head(outcome.head_path)
                measures[outcome.head_path] = (
                    walk.cache.measure(text) if text is not None else FileMeasure()
                )
            outcome.head_functions = measures[outcome.head_path].functions_in(
                outcome.head_first, outcome.head_last
            )
        result.append(outcome)
    book = walk.cache.book
    book.resolve(jobs)
    for outcome in result:
        region = outcome.region
        if not region.resolved:
            region.baseline = book.functions(region.baseline)
            region.samples = [(commit, book.functions(keyed)) for commit, keyed in region.samples]
            region.resolved = True
        if outcome.head_functions is not None:
            outcome.head_functions = book.functions(outcome.head_functions)
            born = times[region.commit]
            outcome.complexity_grew = _grew(region, outcome.head_functions, th, born, head_time)
    # The maintainability baseline of the AI regions the server will follow (the live
    # engine's maintainability-drop rule compares the file as opened with it).
    wanted = [o.region for o in result if o.alive and o.region.attribution.group == AI]
    wanted = [r for r in wanted if r.birth_mi is None and r.text.strip()]
    for region, values in zip(wanted, maintainability([r.text for r in wanted], jobs)):
        region.birth_mi = values
    return result


def _grew(
    region: RegionBirth, now: dict[str, int], th: ThresholdSettings, born: int, head: int
) -> bool:
    """The live engine's ``complexity-growth`` rule, baseline at birth, now at HEAD."""
    state = RegionState(
        id=str(region.index),
        start=0,
        end=0,
        origin=region.attribution.origin,
        tool=region.attribution.tool,
        model=region.attribution.model,
        created_at=iso(born),
        edit_count=len(region.edits),
        chars_changed=0,
        original_size=0,
        last_edited_at=None,
        reviewed_at=None,
        baseline=Measurement(tuple(sorted((region.baseline or {}).items()))),
    )
    current = Measurement(tuple(sorted(now.items())))
    return bool(complexity_findings(state, current, {}, th))


def _group(outcomes: list[Outcome], head_time: int) -> dict:
    cohorts = [c for o in outcomes for c in o.cohorts]
    return {
        "linesAdded": sum(len(o.region.lines) for o in outcomes),
        "linesAtHead": sum(o.lines_at_head for o in outcomes),
        "survival": survival_table(cohorts, head_time),
        "churn14d": churn(cohorts, head_time),
        "regions": len(outcomes),
        "complexityGrowthRegions": sum(1 for o in outcomes if o.complexity_grew),
    }


def summary(walk: Walk, repo: str, head: str, head_time: int, results: list[Outcome]) -> dict:
    """The ``--json`` object (docs/replay.md defines every field)."""
    by_group: dict[str, list[Outcome]] = {AI: [], HUMAN: []}
    for outcome in results:
        by_group.setdefault(outcome.region.attribution.group, []).append(outcome)
    tools: dict[str, dict] = {}
    tool_commits: dict[str, set[int]] = defaultdict(set)
    for outcome in by_group[AI]:
        name = outcome.region.attribution.tool or "unknown"
        row = tools.setdefault(name, {"commits": 0, "linesAdded": 0, "linesAtHead": 0})
        row["linesAdded"] += len(outcome.region.lines)
        row["linesAtHead"] += outcome.lines_at_head
        tool_commits[name].add(outcome.region.commit)
    for name, commits in tool_commits.items():
        tools[name]["commits"] = len(commits)
    ai_commits = {o.region.commit for o in by_group[AI]}
    return {
        "schemaVersion": RESULTS_SCHEMA_VERSION,
        "repo": repo,
        "head": head,
        "commits": len(walk.commits),
        "aiCommits": len(ai_commits),
        "tools": dict(sorted(tools.items())),
        "ai": _group(by_group[AI], head_time),
        "human": _group(by_group[HUMAN], head_time),
    }


def models(results: list[Outcome]) -> list[dict]:
    """Per tool and model: regions, lines added and at HEAD (for the tables)."""
    rows: dict[tuple[str, str], dict] = {}
    for outcome in results:
        attribution = outcome.region.attribution
        if attribution.group != AI:
            continue
        key = (attribution.tool or "unknown", attribution.model or "–")
        row = rows.setdefault(
            key,
            {"tool": key[0], "model": key[1], "regions": 0, "linesAdded": 0, "linesAtHead": 0},
        )
        row["regions"] += 1
        row["linesAdded"] += len(outcome.region.lines)
        row["linesAtHead"] += outcome.lines_at_head
    return sorted(rows.values(), key=lambda r: -r["linesAdded"])
