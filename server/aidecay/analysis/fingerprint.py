"""Moved to :mod:`aidecay.analysis.index.fingerprint` (kept so old imports work)."""

from .index.fingerprint import *  # noqa: F403
