"""The generated workspace of ``bench/scale.py`` and the version it is compared with."""

from __future__ import annotations

import ast
import os
import subprocess
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_COMMIT = "4bcb809"

# -- the generated workspace ---------------------------------------------------------------


def workspace_text(regions: int) -> str:
    """Whole standard-library modules (that parse, without ``__future__`` imports), joined
    until the text has three lines per region."""
    lib = Path(sysconfig.get_paths()["stdlib"])
    parts, lines = [], 0
    for path in sorted(lib.glob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "__future__" in text or "\r" in text:
            continue
        try:
            ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        parts.append(text if text.endswith("\n") else text + "\n")
        lines += text.count("\n")
        if lines >= 3 * regions + 10:
            break
    return "".join(parts)


def region_lines(regions: int) -> list[tuple[int, int]]:
    """Region ``k`` covers lines ``3k`` and ``3k + 1``."""
    return [(3 * k, 3 * k + 2) for k in range(regions)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# -- the version before --------------------------------------------------------------------


def baseline_checkout(path: str | None) -> Path:
    if path:
        return Path(path).resolve()
    target = Path(tempfile.gettempdir()) / "aidecay-base"
    if not (target / "server" / "aidecay").is_dir():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(target), BASE_COMMIT],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def env_for(checkout: Path, tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(checkout / "server"),
        "AIDECAY_DB": str(tmp / "env.db"),
    }
