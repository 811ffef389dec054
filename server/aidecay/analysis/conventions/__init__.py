"""Learn a module's human-written conventions and flag AI regions that diverge from them.

Every detector has the same shape (:class:`Detector`: learn, check, describe); ``DETECTORS``
is the registry the engine iterates. Learn once per file version with :func:`learn_all`,
then call :func:`check_region` for each AI region, or :func:`describe` for what was learned;
:func:`check_conventions` learns and checks in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aidecay.core.settings import ConventionThresholds

from .detector import ConventionSettings, Corpus, Detector, Siblings
from .docstrings import DOCSTRING_DETECTOR
from .errors import ERROR_DETECTOR
from .model import (
    ALL_CODES,
    DOCSTRING,
    ERROR_HANDLING,
    NAMING,
    TYPE_HINT,
    Convention,
    Example,
    Finding,
)
from .naming import NAMING_DETECTOR
from .source import ParsedSource, Span
from .typehints import TYPE_HINT_DETECTOR

__all__ = (
    "ALL_CODES",
    "DETECTORS",
    "DOCSTRING",
    "ERROR_HANDLING",
    "NAMING",
    "TYPE_HINT",
    "Convention",
    "ConventionSettings",
    "ConventionThresholds",
    "Corpus",
    "Detector",
    "Example",
    "Finding",
    "LearnedConventions",
    "check_conventions",
    "check_region",
    "describe",
    "learn_all",
)

#: The convention detectors, in the order their findings and descriptions are listed.
DETECTORS: tuple[Detector[Any, Any], ...] = (
    NAMING_DETECTOR,
    DOCSTRING_DETECTOR,
    TYPE_HINT_DETECTOR,
    ERROR_DETECTOR,
)


@dataclass(frozen=True)
class LearnedConventions:
    """Everything learned from one version of a file; reusable for all of its regions."""

    parsed: ParsedSource
    ai_spans: tuple[Span, ...]
    #: What each detector learned, by diagnostic code.
    models: Mapping[str, Any]


def learn_all(
    source: str | ParsedSource,
    ai_spans: Iterable[Sequence[int]],
    siblings: Siblings = (),
) -> LearnedConventions:
    """Parse ``source`` once and learn all conventions from the code outside ``ai_spans``;
    ``siblings`` (other modules of the package, or a function returning them) are read only
    when the module alone has too few samples of something."""
    corpus = Corpus.of(source, ai_spans, siblings)
    models = {d.code: d.learn(corpus) for d in DETECTORS}
    return LearnedConventions(corpus.parsed, corpus.spans, models)


def check_region(
    learned: LearnedConventions,
    region: Sequence[int],
    settings: ConventionSettings | None = None,
) -> list[Finding]:
    """Findings for the definitions inside ``region`` (str offsets ``[start, end)``)."""
    settings = settings or ConventionSettings()
    span = (int(region[0]), int(region[1]))
    findings = [
        finding
        for d in DETECTORS
        if settings.enabled(d.code)
        for finding in d.check(learned.models[d.code], span, d.thresholds(settings.thresholds))
    ]
    return sorted(findings, key=lambda f: (f.start, f.end, f.code))


def describe(
    learned: LearnedConventions, thresholds: ConventionThresholds | None = None
) -> list[Convention]:
    """Every aspect the detectors learned, with its rule (or none), support and examples."""
    th = thresholds or ConventionThresholds()
    return [c for d in DETECTORS for c in d.describe(learned.models[d.code], d.thresholds(th))]


def check_conventions(
    source: str,
    ai_spans: Iterable[Sequence[int]],
    region: Sequence[int],
    siblings: Iterable[str] = (),
    settings: ConventionSettings | None = None,
) -> list[Finding]:
    """Learn conventions from the human part of ``source`` and check one AI ``region``."""
    return check_region(learn_all(source, ai_spans, siblings), region, settings)
