"""The scenario record and how a scenario runs through the real analysis engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.analysis.rules.model import RegionState
from aidecay.core.settings import Settings

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
    chars_changed: int = 0
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
    if scenario.before is not None:
        text, start, end = split(scenario.before)
        original = end - start
        first = engine.analyze(
            DocumentSnapshot("file:///m", path, text, 1, (_region(start, end, None, 0),), CREATED),
            settings,
            index,
        )
        baseline = first.measurements.get("r")
    text, start, end = split(scenario.text)
    region = RegionState(
        "r", start, end, "agent", None, None, CREATED, scenario.edits, scenario.chars_changed,
        original or end - start, scenario.edit_times[-1] if scenario.edit_times else None, None,
        baseline, scenario.edit_times,
    )  # fmt: skip
    result = engine.analyze(
        DocumentSnapshot("file:///m", path, text, 2, (region,), NOW), settings, index
    )
    return {f.code for f in result.findings if f.region_id == "r"}


def _region(start: int, end: int, baseline, edits: int) -> RegionState:
    return RegionState(
        "r", start, end, "agent", None, None, CREATED, edits, 0, end - start, None, None,
        baseline,
    )  # fmt: skip
