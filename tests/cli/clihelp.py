"""Run the ``aidecay`` command as a subprocess, with its own database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, db: Path | None = None, stdin: str | None = None, cwd: Path | None = None):
    env = {**os.environ}
    env.pop("AIDECAY_DB", None)
    if db is not None:
        env["AIDECAY_DB"] = str(db)
    return subprocess.run(
        [sys.executable, "-m", "aidecay", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )
