"""Moved to :mod:`aidecay.analysis.index.siblings` (kept so old imports work)."""

from .index.siblings import *  # noqa: F403
