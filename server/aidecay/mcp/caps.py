"""Bounds on everything a tool returns: repository text is data, short, on one line.

Names, docstrings, signatures and messages come from workspace files an attacker may have
written ("ignore previous instructions..."): they only ever travel inside data fields, cut to
``TEXT_CHARS`` with control characters and line breaks flattened, and every result says
whether anything was cut (``truncated``).
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Characters kept of one piece of repository text (a name, a docstring line, a message).
TEXT_CHARS = 300
#: Characters kept of a signature.
SIGNATURE_CHARS = 200
#: Bytes of JSON a whole result may take.
RESULT_BYTES = 64_000
#: Items a list in a result may hold.
MAX_ITEMS = 50

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


class Capper:
    """Cuts text and lists to size and remembers whether it cut anything."""

    def __init__(self) -> None:
        self.truncated = False

    def text(self, value: object, limit: int = TEXT_CHARS) -> str:
        """One line of at most ``limit`` characters."""
        flat = _CONTROL.sub(" ", str(value)).strip()
        if len(flat) > limit:
            self.truncated = True
            return flat[: limit - 1] + "…"
        return flat

    def items(self, values: list, limit: int = MAX_ITEMS) -> list:
        if len(values) > limit:
            self.truncated = True
            return values[:limit]
        return values

    def data(self, value: Any, limit: int = TEXT_CHARS) -> Any:
        """JSON-like evidence with every string capped and lists bounded."""
        if isinstance(value, str):
            return self.text(value, limit)
        if isinstance(value, dict):
            return {self.text(k, 60): self.data(v, limit) for k, v in list(value.items())[:40]}
        if isinstance(value, (list, tuple)):
            return [self.data(v, limit) for v in self.items(list(value), 20)]
        if value is None or isinstance(value, (bool, int, float)):
            return value
        return self.text(value, limit)

    def fit(self, result: dict[str, Any], key: str) -> dict[str, Any]:
        """Drop items from the end of ``result[key]`` until the whole is ``RESULT_BYTES``."""
        rows = result.get(key) or []
        while rows and len(json.dumps(result, default=str).encode()) > RESULT_BYTES:
            rows.pop()
            self.truncated = True
        result["truncated"] = self.truncated or bool(result.get("truncated"))
        return result
