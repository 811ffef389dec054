"""The optional dependencies of ``aidecay org``: say which extra to install when one is missing."""

from __future__ import annotations

import importlib.util

EXTRA = "pip install 'aidecay[org]'"


class OrgError(Exception):
    """``aidecay org`` cannot go on; the message says why and what to do."""


def require(*modules: str, what: str = "aidecay org") -> None:
    """OrgError naming the extra when any of ``modules`` cannot be imported."""
    missing = [name for name in modules if not _importable(name)]
    if missing:
        raise OrgError(f"{what} needs {', '.join(missing)}, from the org extra: {EXTRA}")


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
