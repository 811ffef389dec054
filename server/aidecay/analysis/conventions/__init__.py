"""Learn a module's human-written conventions and flag AI regions that diverge from them.

Learn once per file version with :func:`learn_all`, then call :func:`check_region` for each
AI region; :func:`check_conventions` does both in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .docstrings import DocstringConvention, check_docstrings, learn_docstrings
from .errors import ErrorConvention, check_errors, learn_errors
from .model import (
    ALL_CODES,
    DOCSTRING,
    ERROR_HANDLING,
    NAMING,
    TYPE_HINT,
    Finding,
)
from .naming import NamingConvention, check_naming, learn_naming
from .settings import ConventionSettings, Thresholds
from .source import ParsedSource, Span, ensure_parsed, normalize_spans
from .typehints import TypeHintConvention, check_typehints, learn_typehints

__all__ = (
    "ALL_CODES",
    "DOCSTRING",
    "ERROR_HANDLING",
    "NAMING",
    "TYPE_HINT",
    "ConventionSettings",
    "Finding",
    "LearnedConventions",
    "Thresholds",
    "check_conventions",
    "check_region",
    "learn_all",
    "learn_naming",
)


@dataclass(frozen=True)
class LearnedConventions:
    """Everything learned from one version of a file; reusable for all of its regions."""

    parsed: ParsedSource
    ai_spans: tuple[Span, ...]
    naming: NamingConvention
    docstrings: DocstringConvention
    typehints: TypeHintConvention
    errors: ErrorConvention


def learn_all(
    source: str | ParsedSource,
    ai_spans: Iterable[Sequence[int]],
    siblings: Iterable[str | ParsedSource] = (),
) -> LearnedConventions:
    """Parse ``source`` (and ``siblings``, other modules of the package) once and learn all
    conventions from the code outside ``ai_spans``."""
    parsed = ensure_parsed(source)
    spans = normalize_spans(ai_spans)
    sibling_trees = tuple(ensure_parsed(s) for s in siblings)
    return LearnedConventions(
        parsed=parsed,
        ai_spans=spans,
        naming=learn_naming(parsed, spans, sibling_trees),
        docstrings=learn_docstrings(parsed, spans, sibling_trees),
        typehints=learn_typehints(parsed, spans, sibling_trees),
        errors=learn_errors(parsed, spans, sibling_trees),
    )


def check_region(
    learned: LearnedConventions,
    region: Sequence[int],
    settings: ConventionSettings | None = None,
) -> list[Finding]:
    """Findings for the definitions inside ``region`` (str offsets ``[start, end)``)."""
    settings = settings or ConventionSettings()
    th = settings.thresholds
    span = (int(region[0]), int(region[1]))
    checks = (
        (NAMING, lambda: check_naming(learned.naming, span, th)),
        (DOCSTRING, lambda: check_docstrings(learned.docstrings, span, th)),
        (TYPE_HINT, lambda: check_typehints(learned.typehints, span, th)),
        (ERROR_HANDLING, lambda: check_errors(learned.errors, span, th)),
    )
    findings = [f for code, run in checks if settings.enabled(code) for f in run()]
    return sorted(findings, key=lambda f: (f.start, f.end, f.code))


def check_conventions(
    source: str,
    ai_spans: Iterable[Sequence[int]],
    region: Sequence[int],
    siblings: Iterable[str] = (),
    settings: ConventionSettings | None = None,
) -> list[Finding]:
    """Learn conventions from the human part of ``source`` and check one AI ``region``."""
    return check_region(learn_all(source, ai_spans, siblings), region, settings)
