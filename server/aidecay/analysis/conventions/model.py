"""Result types shared by the convention checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NAMING = "naming-divergence"
DOCSTRING = "docstring-divergence"
TYPE_HINT = "type-hint-divergence"
ERROR_HANDLING = "error-handling-divergence"
ALL_CODES = (NAMING, DOCSTRING, TYPE_HINT, ERROR_HANDLING)


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


def pick_tally(module: Tally, package: Tally | None, min_samples: int) -> Tally:
    """The module's tally, or the package's when the module alone has too few samples."""
    if module.total >= min_samples or package is None or package.total <= module.total:
        return module
    return package
