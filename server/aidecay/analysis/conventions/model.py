"""Result types shared by the convention detectors: findings, tallies, learned rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from aidecay.core.settings import Norm

NAMING = "naming-divergence"
DOCSTRING = "docstring-divergence"
TYPE_HINT = "type-hint-divergence"
ERROR_HANDLING = "error-handling-divergence"
ALL_CODES = (NAMING, DOCSTRING, TYPE_HINT, ERROR_HANDLING)

R = TypeVar("R")


@dataclass(frozen=True)
class Finding:
    """One divergence of AI-written code from the surrounding human convention.

    ``start``/``end`` are str offsets of the offending name or node; ``message`` names the
    evidence with counts; ``evidence`` holds the same facts in machine-readable form.
    """

    code: str
    start: int
    end: int
    message: str
    evidence: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Tally:
    """How many of ``total`` samples show a trait, and where the samples come from."""

    hits: int
    total: int
    scope: str = "module"

    @property
    def share(self) -> float:
        """Fraction of samples with the trait (0 when there are none)."""
        return self.hits / self.total if self.total else 0.0

    @property
    def where(self) -> str:
        """'this module' or 'this package', for messages."""
        return f"this {self.scope}"

    def __str__(self) -> str:
        return f"{self.hits} of {self.total}"


def pick_tally(
    module: Tally, package: Tally | Callable[[], Tally] | None, min_samples: int
) -> Tally:
    """The module's tally, or the package's when the module alone has too few samples
    (``package`` may be a function: it is called only then)."""
    if module.total >= min_samples or package is None:
        return module
    package = package() if callable(package) else package
    return module if package.total <= module.total else package


def judge(
    norm: Norm, module: Tally, package: Tally | Callable[[], Tally] | None = None
) -> tuple[Tally, bool]:
    """The tally a convention is judged by (the module's, or the package's when the module
    alone has too few samples) and whether it makes a clear convention under ``norm``."""
    chosen = pick_tally(module, package, norm.min_samples)
    return chosen, norm.holds(chosen.hits, chosen.total)


@dataclass(frozen=True)
class Example:
    """A human-written place that follows a rule: 1-based ``line``; ``path`` None for the
    module the rule was asked about, else the sibling module it comes from."""

    symbol: str
    line: int
    path: str | None = None

    @classmethod
    def at(cls, record: Any, symbol: str) -> Example:
        """An example at a record with ``line`` and ``path``."""
        return cls(symbol, record.line, record.path)


@dataclass(frozen=True)
class Convention:
    """One aspect of the human code as learned, able to say what it is.

    ``rule`` is None when the human code shows no clear convention; ``tally`` counts the
    samples either way (``noun`` names them: "methods", "exception handlers").
    """

    code: str
    aspect: str
    rule: str | None
    tally: Tally
    noun: str
    examples: tuple[Example, ...] = ()

    @property
    def support(self) -> str:
        """``12 of 13 methods``."""
        return f"{self.tally} {self.noun}"

    @classmethod
    def judged(
        cls,
        code: str,
        aspect: str,
        rule: str,
        tally: Tally,
        noun: str,
        holds: bool,
        examples: Iterable[Example] = (),
    ) -> Convention:
        """``rule`` with its first two ``examples`` when it ``holds``, else no convention."""
        if not holds:
            return cls(code, aspect, None, tally, noun)
        return cls(code, aspect, rule, tally, noun, tuple(islice(examples, 2)))


def module_first(module: Iterable[R], siblings: Callable[[], Iterable[R]]) -> Iterator[R]:
    """The module's records, then the sibling modules' (``siblings`` is called, and so the
    siblings read, only when the module's records run out): for examples."""
    yield from module
    yield from siblings()
