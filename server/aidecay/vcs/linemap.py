"""Where the lines of one version of a file are in another."""

from __future__ import annotations

import difflib


def line_map(old: str, new: str) -> dict[int, int]:
    """1-based lines of ``old`` that are unchanged in ``new``, and where they are."""
    a, b = old.splitlines(), new.splitlines()
    if a == b:
        return {n: n for n in range(1, len(a) + 1)}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    mapped = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapped[block.a + k + 1] = block.b + k + 1
    return mapped
