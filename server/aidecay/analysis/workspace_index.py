"""Moved to :mod:`aidecay.analysis.index.workspace` (kept so old imports work)."""

from .index.workspace import *  # noqa: F403
