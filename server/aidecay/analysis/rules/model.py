"""What the decay rules read and produce: region state, measurements, findings.

Pure: no LSP types, no I/O. Offsets are ``str`` indices into the analysed text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aidecay.core.clock import parse_time


@dataclass(frozen=True)
class Measurement:
    """Radon metrics of a region at one moment (``functions``: qualname -> CC)."""

    functions: tuple[tuple[str, int], ...] = ()
    mi: float | None = None
    halstead_volume: float | None = None
    sloc: int | None = None
    at: str = ""

    @property
    def function_map(self) -> dict[str, int]:
        return dict(self.functions)

    @property
    def max_cc(self) -> int | None:
        return max((cc for _, cc in self.functions), default=None)

    def same_values(self, other: Measurement | None) -> bool:
        return other is not None and (
            self.functions,
            _round(self.mi),
            _round(self.halstead_volume),
            self.sloc,
        ) == (other.functions, _round(other.mi), _round(other.halstead_volume), other.sloc)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True)
class RegionState:
    """A frozen copy of a live region, its baseline and the times it was edited."""

    id: str
    start: int
    end: int
    origin: str
    tool: str | None
    model: str | None
    created_at: str
    edit_count: int
    chars_changed: int
    original_size: int
    last_edited_at: str | None
    reviewed_at: str | None
    baseline: Measurement | None
    edit_times: tuple[str, ...] = ()
    #: The text as inserted, sent while the region has no baseline but was already edited,
    #: so the baseline describes what the AI wrote, not the first text analysis saw.
    original_text: str | None = None
    #: Sittings counted as edits happened (the compact summary the server keeps); when None
    #: they are counted from ``edit_times``.
    sittings: int | None = None
    #: Lines the AI wrote that are no longer there unchanged (``chars_changed`` counts its
    #: characters replaced or deleted; see ``aidecay.core.ai_text``).
    lines_changed: int = 0

    @property
    def silenced(self) -> bool:
        """Reviewed, and not edited since."""
        if not self.reviewed_at:
            return False
        return not (self.last_edited_at and self.last_edited_at > self.reviewed_at)


@dataclass(frozen=True)
class Related:
    """Another place that explains a finding (e.g. the existing helper)."""

    path: str
    start_line: int
    end_line: int
    message: str


#: A position as the client counts it: (zero-based line, character in the negotiated encoding).
LineCharacter = tuple[int, int]


@dataclass(frozen=True)
class DecayFinding:
    """One diagnostic on one region; ``start``/``end`` are offsets into the analysed text.

    The engine completes each finding with what publishing needs, decided once: its
    ``severity`` (from the settings) and its ``range`` in the snapshot's text as the client
    counts positions, so a published diagnostic never looks at the live document.
    """

    region_id: str
    code: str
    start: int
    end: int
    message: str
    evidence: Mapping[str, Any] = field(default_factory=dict, hash=False)
    related: tuple[Related, ...] = ()
    severity: str = "warning"
    range: tuple[LineCharacter, LineCharacter] | None = None


def describe_age(since: str, now: str) -> str:
    """``"4 days ago"``, ``"3 hours ago"``, ``"just now"``."""
    try:
        seconds = (parse_time(now) - parse_time(since)).total_seconds()
    except (ValueError, TypeError):
        return "some time ago"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def edits(count: int) -> str:
    """``"1 edit"``, ``"4 edits"``."""
    return f"{count} edit{'s' if count != 1 else ''}"
