"""Shared test setup: ``tests/`` is importable, so every test can use ``factories`` (source
fragments, region states, git) and ``lsp_stdio`` (the stdio client of the harnesses)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
