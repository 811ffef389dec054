"""The typed results of the tools: their JSON schemas are the tools' declared output schemas.

Every line number is 1-based; every path is relative to the root it lies in.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Capped(BaseModel):
    truncated: bool = Field(description="whether text or items were cut to the size caps")


class Example(BaseModel):
    symbol: str
    line: int
    path: str


class Convention(BaseModel):
    aspect: str = Field(description="what is described, e.g. 'function names', 'docstrings'")
    code: str = Field(description="the diagnostic code raised when new code diverges")
    rule: str = Field(description="the convention, or 'no clear convention'")
    clear: bool
    support: str = Field(description="e.g. '12 of 13 methods'")
    matching: int
    total: int
    scope: str = Field(description="where it was learned: class, module or package")
    examples: list[Example]


class ConventionsResult(Capped):
    path: str
    kind: str = Field(description="module, new module (not written yet) or package")
    conventions: list[Convention]
    ai_regions_left_out: int = Field(description="AI-written regions not learned from")


class RootStatus(BaseModel):
    root: str
    ready: bool
    files_done: int
    files: int


class IndexStatus(BaseModel):
    ready: bool = Field(description="false while the index loads: answers are partial")
    roots: list[RootStatus]


class HelperMatch(BaseModel):
    name: str = Field(description="qualified name (Class.method for methods)")
    path: str
    line: int
    end_line: int
    kind: str
    signature: str
    summary: str = Field(description="first line of its docstring (repository text, capped)")
    similarity: float = Field(description="0..1: code similarity, or share of words matched")
    by: str = Field(description="'code' (similar body) or 'description' (name/docstring words)")
    duplicate: bool = Field(description="the duplicate-helper diagnostic would fire")
    ai: bool = Field(description="whether an AI wrote it (inside an AI region)")


class HelperResult(Capped):
    matches: list[HelperMatch]
    index: IndexStatus
    partial: bool


class Related(BaseModel):
    path: str
    line: int
    message: str


class Finding(BaseModel):
    code: str
    line: int
    end_line: int
    severity: str
    message: str
    evidence: dict[str, Any]
    related: list[Related]


class CheckResult(Capped):
    path: str
    verdict: str = Field(description="'clean' or 'revise'")
    findings: list[Finding]
    added_lines: list[list[int]] = Field(description="the line ranges judged as new AI code")
    index: IndexStatus
    partial: bool


class Region(BaseModel):
    id: str
    path: str
    line: int
    end_line: int
    origin: str
    tool: str | None
    model: str | None
    created: str
    age: str
    edits: int
    sittings: int
    chars_changed: int
    reviewed: str | None


class DecayedRegion(Region):
    findings: list[Finding]


class DecayedResult(Capped):
    regions: list[DecayedRegion]
    examined_regions: int
    files: int


class Metrics(BaseModel):
    complexity: dict[str, int]
    max_complexity: int | None
    maintainability: float | None
    sloc: int | None
    at: str


class Event(BaseModel):
    at: str
    kind: str
    author: str


class RegionDetail(Region):
    baseline: Metrics | None
    current: Metrics | None
    findings: list[Finding]
    events: list[Event]


class HistoryResult(Capped):
    path: str
    line: int
    region: RegionDetail | None


class MarkResult(Capped):
    path: str
    regions: list[Region]


class ScoreRow(BaseModel):
    scope: str = Field(description="the root whose history the row covers")
    group: str = Field(description="'ai', 'human' or 'bot'")
    tool: str | None = None
    model: str | None = None
    linesAdded: int | None = None
    regions: int | None = None
    linesAtEnd: int | None = None
    survival: dict[str, Any] = Field(
        default={}, description="7d/30d/90d: {value, low, high, n}, Kaplan-Meier of lines"
    )
    revisions: dict[str, Any] | None = Field(
        default=None, description="later edits before 30 days unchanged: median, p90"
    )
    rework14d: dict[str, Any] | None = None
    complexityGrowth: dict[str, Any] | None = None
    findingsPer1k: dict[str, Any] | None = None
    hazardRatioVsHuman: dict[str, Any] | None = None


class ScorecardResult(Capped):
    source: str
    by: str
    note: str
    errors: list[str] = Field(description="roots whose scorecard could not be computed, why")
    rows: list[ScoreRow]


class RegionsResult(Capped):
    path: str
    regions: list[Region]
