"""The findings aidecay would raise if spans of a text were new AI-written code.

For agents asking before they write (``check_code``) and hearing back after (hook feedback):
the spans become fresh regions (no edits, their own text as baseline), the file's other AI
regions stay out of what conventions are learned from, and only the new spans' findings are
returned. Nothing is recorded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aidecay.core.settings import Settings
from aidecay.core.text import line_starts_of

from .engine import AnalysisEngine, DocumentSnapshot
from .index.workspace import WorkspaceIndex
from .rules.model import DecayFinding, RegionState

Span = tuple[int, int]
_NEW, _OLD = "new:", "old:"


@dataclass(frozen=True)
class Lines:
    """1-based line numbers of offsets in one text, and offsets of line ranges."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Lines:
        return cls(text, (0, *line_starts_of(text)))

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def span(self, first: int, last: int) -> Span:
        """Offsets of lines ``first``..``last`` (1-based, inclusive), without the last
        line's break."""
        start = self.starts[min(first, len(self.starts)) - 1]
        end = self.starts[last] if last < len(self.starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end


def fresh_region(region_id: str, span: Span, now: str) -> RegionState:
    """A region as written just now: no edits, no baseline yet (measured from itself)."""
    return RegionState(
        region_id, span[0], span[1], "agent", None, None, now, 0, 0, span[1] - span[0],
        None, None, None,
    )  # fmt: skip


def check_spans(
    engine: AnalysisEngine,
    text: str,
    path: str | None,
    new: Sequence[Span],
    others: Sequence[Span],
    index: WorkspaceIndex | None,
    settings: Settings,
    now: str,
) -> list[DecayFinding]:
    """Findings of the ``new`` spans of ``text`` (``others``: the file's existing AI code)."""
    regions = [fresh_region(f"{_NEW}{k}", s, now) for k, s in enumerate(new) if s[1] > s[0]]
    regions += [fresh_region(f"{_OLD}{k}", s, now) for k, s in enumerate(others) if s[1] > s[0]]
    regions.sort(key=lambda r: r.start)
    uri = Path(path).resolve().as_uri() if path else "untitled:check"
    snap = DocumentSnapshot(uri, path, text, None, tuple(regions), now)
    result = engine.analyze(snap, settings, index)
    return [f for f in result.findings if f.region_id.startswith(_NEW)]
