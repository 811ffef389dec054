"""What is left of the text an AI wrote: its lines and characters still in a later text.

One definition for the churn diagnostic, the statistics and the scorecard: the AI's lines
(``original``) are aligned with the lines of a later text of the region (``current``); an AI
line is *kept* when it is still there unchanged (as ``git blame`` sees lines). Characters are
the detail: a changed AI line is paired, in order, with the new line that keeps most of it,
and its characters around one changed span (the common prefix and suffix, as edits are
sized) are kept, so typing at one place in a line replaces nothing while rewriting a line
replaces what was rewritten. Text inserted later (by
anyone) is never counted: it was not the AI's. Typing into a region and deleting it again
leaves everything kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from aidecay.core.edits import net_size
from aidecay.core.text import LINE_BREAK

#: Replaced blocks of more line pairs than this pair their lines in order instead of by the
#: best alignment (which is quadratic).
MAX_PAIRS = 2_500


@dataclass(frozen=True)
class Kept:
    """The AI's ``lines``/``chars``, and which of them are still in the later text."""

    lines: int
    chars: int
    kept_lines: frozenset[int]  # 0-based indices of the AI's lines still there unchanged
    kept_chars: int

    @property
    def changed_chars(self) -> int:
        """AI characters replaced or deleted."""
        return self.chars - self.kept_chars

    @property
    def changed_lines(self) -> int:
        return self.lines - len(self.kept_lines)


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """The lines of ``text`` and the break that ends each (``""`` for the last)."""
    lines, breaks, start = [], [], 0
    for match in LINE_BREAK.finditer(text):
        lines.append(text[start : match.start()])
        breaks.append(match.group())
        start = match.end()
    lines.append(text[start:])
    breaks.append("")
    return lines, breaks


def line_count(text: str) -> int:
    """Lines of ``text`` (``\r\n``, ``\r`` or ``\n`` end one); 0 for no text."""
    if not text:
        return 0
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def untouched(original: str) -> Kept:
    lines = line_count(original)
    return Kept(lines, len(original), frozenset(range(lines)), len(original))


def compare(original: str, current: str) -> Kept:
    """What of ``original`` (the AI's text) is still in ``current``."""
    if original == current or not original:
        return untouched(original)
    old, old_breaks = split_lines(original)
    new = split_lines(current)[0] if current else []
    lo, hi_old, hi_new = 0, len(old), len(new)
    while lo < min(hi_old, hi_new) and old[lo] == new[lo]:
        lo += 1
    while hi_old > lo and hi_new > lo and old[hi_old - 1] == new[hi_new - 1]:
        hi_old -= 1
        hi_new -= 1
    kept = set(range(lo)) | set(range(hi_old, len(old)))
    kept_chars = 0
    middle = (slice(lo, hi_old), slice(lo, hi_new))
    if (hi_old - lo) * (hi_new - lo) <= MAX_PAIRS:
        same, kept_chars = _aligned(old[middle[0]], old_breaks[middle[0]], new[middle[1]])
        kept.update(lo + k for k in same)
    else:
        matcher = SequenceMatcher(None, old[middle[0]], new[middle[1]], autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                kept.update(range(lo + a1, lo + a2))
            elif tag == "replace":
                block = slice(lo + a1, lo + a2)
                kept_chars += _paired(old[block], old_breaks[block], new[lo + b1 : lo + b2])
    kept_chars += sum(len(old[k]) + len(old_breaks[k]) for k in kept)
    return Kept(len(old), len(original), frozenset(kept), min(kept_chars, len(original)))


def _aligned(old: list[str], breaks: list[str], new: list[str]) -> tuple[list[int], int]:
    """The in-order pairing of ``old`` with ``new`` lines that keeps the most lines
    unchanged, then the most characters: (indices of the unchanged old lines, characters
    kept in the changed ones)."""
    whole = sum(len(a) + len(k) for a, k in zip(old, breaks)) + 1
    score = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i, (a, brk) in enumerate(zip(old, breaks), 1):
        above, here = score[i - 1], score[i]
        for j, b in enumerate(new, 1):
            pair = whole if a == b else _pair(a, brk, b)
            here[j] = max(above[j], here[j - 1], above[j - 1] + pair)
    same, chars, i, j = [], 0, len(old), len(new)
    while i and j:
        if score[i][j] == score[i - 1][j]:
            i -= 1
        elif score[i][j] == score[i][j - 1]:
            j -= 1
        else:
            if old[i - 1] == new[j - 1]:
                same.append(i - 1)
            else:
                chars += _pair(old[i - 1], breaks[i - 1], new[j - 1])
            i, j = i - 1, j - 1
    return same, chars


def line_kept(old: str, new: str) -> int:
    """Characters of ``old`` still in ``new`` around one changed span (common prefix and
    suffix, as edits are sized)."""
    return len(old) - net_size(old, new)[1]


def _pair(old: str, brk: str, new: str) -> int:
    """Characters of ``old`` kept in ``new``, its line break with them when any are."""
    kept = line_kept(old, new)
    return kept + len(brk) if kept else 0


def _paired(old: list[str], breaks: list[str], new: list[str]) -> int:
    """Characters of the changed lines ``old`` kept by their best in-order pairing with
    ``new``: each old line with at most one new line."""
    if len(old) * len(new) > MAX_PAIRS:
        return sum(_pair(a, k, b) for a, k, b in zip(old, breaks, new))
    previous = [0] * (len(new) + 1)
    for a, brk in zip(old, breaks):
        row = [0]
        for j, b in enumerate(new):
            row.append(max(previous[j + 1], row[j], previous[j] + _pair(a, brk, b)))
        previous = row
    return previous[-1]


class ChangedText:
    """What changed of each region's AI text, recomputed only when its text changed (the
    latest ``limit`` regions are remembered): (characters replaced or deleted, lines changed)."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self._seen: dict[str, tuple[int, int, tuple[int, int]]] = {}

    def of(self, region_id: str, original: str, current: str) -> tuple[int, int]:
        key = (hash(current), len(current))
        found = self._seen.pop(region_id, None)
        if found is not None and found[:2] == key:
            value = found[2]
        else:
            kept = compare(original, current)
            value = (kept.changed_chars, kept.changed_lines)
        self._seen[region_id] = (*key, value)
        if len(self._seen) > self.limit:
            del self._seen[next(iter(self._seen))]
        return value
