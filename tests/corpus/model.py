"""The scenario record and how a scenario runs through the real analysis engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.analysis.rules.model import RegionState
from aidecay.core.ai_text import compare
from aidecay.core.settings import Settings
from factories import region_state

CREATED = "2024-05-01T09:00:00.000Z"
NOW = "2024-05-05T09:00:00.000Z"
TARGET = "module.py"


@dataclass(frozen=True)
class Scenario:
    name: str
    text: str  # the file now; « and » delimit the AI region
    expected: set[str]  # the codes a careful reviewer would raise on the region
    before: str | None = None  # the file when the region was inserted
    others: dict[str, str] = field(default_factory=dict)  # other workspace files
    edits: int = 0
    edit_times: tuple[str, ...] = ()
    target: str = TARGET


def split(text: str) -> tuple[str, int, int]:
    start = text.index("«")
    end = text.index("»") - 1
    return text.replace("«", "").replace("»", ""), start, end


def run(scenario: Scenario, root: Path, settings: Settings | None = None) -> set[str]:
    """The codes the engine reports on the scenario's region."""
    settings = settings or Settings()
    for name, content in {**scenario.others, scenario.target: scenario.text}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(split(content)[0] if "«" in content else content)
    index = WorkspaceIndex(root)
    index.build()
    engine = AnalysisEngine()
    path = str(root / scenario.target)
    baseline = None
    original = 0
    was = None
    if scenario.before is not None:
        text, start, end = split(scenario.before)
        original, was = end - start, text[start:end]
        first = engine.analyze(
            DocumentSnapshot("file:///m", path, text, 1, (_region(start, end, None, 0),), CREATED),
            settings,
            index,
        )
        baseline = first.measurements.get("r")
    text, start, end = split(scenario.text)
    kept = compare(was, text[start:end]) if was is not None else None
    region = region_state(
        start, end, created_at=CREATED, edit_count=scenario.edits,
        chars_changed=kept.changed_chars if kept else 0, original_size=original or end - start,
        last_edited_at=scenario.edit_times[-1] if scenario.edit_times else None,
        baseline=baseline, edit_times=scenario.edit_times,
        lines_changed=kept.changed_lines if kept else 0,
    )  # fmt: skip
    result = engine.analyze(
        DocumentSnapshot("file:///m", path, text, 2, (region,), NOW), settings, index
    )
    return {f.code for f in result.findings if f.region_id == "r"}


def _region(start: int, end: int, baseline, edits: int) -> RegionState:
    return region_state(start, end, created_at=CREATED, edit_count=edits, baseline=baseline)
