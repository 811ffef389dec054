"""The scorecard computed in a child process (``aidecay scorecard --json -``).

Long-lived servers (the language server, ``aidecay mcp``) ask for it this way so the
statistics libraries behind its hazard ratios (lifelines, pandas) never load into their own
memory. The child starts in a neutral folder with the workspace kept off its ``sys.path``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from aidecay import safety

#: Seconds the child may take (a scorecard over 2M events takes about 10).
TIMEOUT_S = 300


def command(
    db: str | Path,
    *,
    source: str = "all",
    since: str | None = None,
    repo: Path | None = None,
    by: str = "tool",
) -> list[str]:
    """The argv of ``aidecay scorecard`` writing its JSON to stdout."""
    argv = [*safety.module_command("aidecay"), "scorecard", *([str(repo)] if repo else [])]
    argv += ["--db", str(db), "--source", source, "--by", by, "--json", "-"]
    return argv + (["--since", since] if since else [])


def answer(returncode: int | None, out: bytes, err: bytes) -> dict[str, Any]:
    """The scorecard the child printed, or ``{"error": its last line of stderr}``."""
    if returncode != 0:
        message = err.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        return {"error": message[0]}
    try:
        return json.loads(out)
    except ValueError as exc:
        return {"error": f"the scorecard's output is not JSON: {exc}"}


def run(db: str | Path, **options: Any) -> dict[str, Any]:
    """The scorecard of ``db`` (``command``'s options: files of ``repo`` only, rows ``by``),
    or ``{"error": ...}``."""
    try:
        child = subprocess.run(
            command(db, **options),
            cwd=safety.neutral_directory(),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"error": f"the scorecard could not be computed: {exc}"}
    return answer(child.returncode, child.stdout, child.stderr)
