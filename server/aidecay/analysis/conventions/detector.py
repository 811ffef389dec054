"""The one shape of a convention detector: learn from the human code, check AI regions
against what was learned, and say what was learned."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from aidecay.core.settings import ConventionThresholds

from ..spans import SpanIndex
from .model import Convention, Finding
from .source import ParsedSource, Span, ensure_parsed, normalize_spans

M = TypeVar("M")
R = TypeVar("R")
T = TypeVar("T")


Siblings = Iterable["str | ParsedSource"] | Callable[[], Iterable["str | ParsedSource"]]


@dataclass(frozen=True)
class Corpus:
    """What conventions are learned from: one parsed module, the AI-written spans in it
    (left out), and the other modules of its package, read only when a convention needs
    them (the module alone has too few samples)."""

    parsed: ParsedSource
    spans: tuple[Span, ...]
    sibling_source: Siblings = ()

    @classmethod
    def of(
        cls,
        source: str | ParsedSource,
        ai_spans: Iterable[Sequence[int]] = (),
        siblings: Siblings = (),
    ) -> Corpus:
        """Parse the module; normalize the spans; ``siblings`` (or a function returning
        them) are parsed on first use."""
        return cls(ensure_parsed(source), normalize_spans(ai_spans), siblings)

    @cached_property
    def siblings(self) -> tuple[ParsedSource, ...]:
        found = self.sibling_source
        return tuple(ensure_parsed(s) for s in (found() if callable(found) else found))

    @cached_property
    def _ai(self) -> SpanIndex:
        return SpanIndex(self.spans)

    def is_human(self, offset: int) -> bool:
        """Whether ``offset`` lies outside every AI span."""
        return offset not in self._ai

    def human(self, records: Iterable[R]) -> tuple[R, ...]:
        """The records (with a ``start`` offset) written by a person."""
        return tuple(r for r in records if self.is_human(r.start))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Detector(Generic[M, T]):
    """A convention detector: what differs between detectors, behind one interface.

    ``M`` is what it learns from one corpus (immutable, reused for every region of that
    text), ``T`` its group of thresholds.
    """

    #: The diagnostic code its findings carry.
    code: str
    #: Learn the human convention from a corpus.
    learn: Callable[[Corpus], M]
    #: Findings for the definitions starting in a region (str offsets ``[start, end)``).
    check: Callable[[M, Span, T], list[Finding]]
    #: Each aspect learned: its rule (or none), support, scope and examples.
    describe: Callable[[M, T], list[Convention]]
    #: Its own group of thresholds.
    thresholds: Callable[[ConventionThresholds], T]


@dataclass(frozen=True)
class ConventionSettings:
    """Which diagnostic codes run, and with which thresholds."""

    disabled: frozenset[str] = frozenset()
    thresholds: ConventionThresholds = ConventionThresholds()

    def enabled(self, code: str) -> bool:
        """Whether the check producing ``code`` should run."""
        return code not in self.disabled
