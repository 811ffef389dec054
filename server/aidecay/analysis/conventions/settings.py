"""Tunable thresholds and on/off switches for the convention checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """When a human convention counts as clear enough to flag divergences from it."""

    naming_min_samples: int = 5
    naming_min_share: float = 0.8
    naming_max_minority_share: float = 0.1
    docstring_min_samples: int = 5
    docstring_min_share: float = 0.8
    docstring_min_body_lines: int = 4
    docstring_style_min_samples: int = 3
    docstring_style_min_share: float = 0.8
    typehint_min_samples: int = 5
    typehint_min_share: float = 0.8
    #: Report hints added in a module that never uses them (off: that is not decay).
    typehint_report_added: bool = False
    typehint_reverse_min_samples: int = 6
    errors_min_handlers: int = 3
    errors_min_log_calls: int = 2


@dataclass(frozen=True)
class ConventionSettings:
    """Which diagnostic codes run, and with which thresholds."""

    disabled: frozenset[str] = frozenset()
    thresholds: Thresholds = Thresholds()

    def enabled(self, code: str) -> bool:
        """Whether the check producing ``code`` should run."""
        return code not in self.disabled
