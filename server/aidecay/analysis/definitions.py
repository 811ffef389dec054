"""Moved to :mod:`aidecay.analysis.index.definitions` (kept so old imports work)."""

from .index.definitions import *  # noqa: F403
