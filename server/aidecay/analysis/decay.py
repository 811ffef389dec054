"""Decay rules: from a region's baseline, its current metrics and its edit history to
findings that name their evidence.

The rules live one per code in :mod:`aidecay.analysis.rules`; this module re-exports them
with their shared types, for the engine and the LSP layer.
"""

from __future__ import annotations

from .rules.churn import CHURN, MIN_CHURN_BASE, churn_finding, count_sittings
from .rules.complexity_growth import COMPLEXITY, complexity_findings, match_functions
from .rules.maintainability_drop import MAINTAINABILITY, maintainability_finding
from .rules.model import DecayFinding, Measurement, RegionState, Related, describe_age

DUPLICATE = "duplicate-helper"

__all__ = (
    "CHURN",
    "COMPLEXITY",
    "DUPLICATE",
    "MAINTAINABILITY",
    "MIN_CHURN_BASE",
    "DecayFinding",
    "Measurement",
    "Related",
    "RegionState",
    "churn_finding",
    "complexity_findings",
    "count_sittings",
    "describe_age",
    "maintainability_finding",
    "match_functions",
)
