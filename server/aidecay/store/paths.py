"""Where the database lives: setting > ``AIDECAY_DB`` > the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "AIDECAY_DB"


def default_db_path() -> Path:
    return platformdirs.user_data_path("aidecay", appauthor=False) / "aidecay.db"


def resolve_db_path(explicit: str | None = None) -> Path:
    """The database path every aidecay command and server agrees on."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return default_db_path()
