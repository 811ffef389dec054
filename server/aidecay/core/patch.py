"""What a proposed change adds to a file: from its whole new text, or from a unified diff.

Pure text: line numbers are 1-based and inclusive, as ``aidecay mark --lines`` takes them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_FILE_HEADERS = ("diff ", "index ", "new file", "deleted file", "similarity ", "rename ")
#: How far (in lines) a hunk may have moved from where its header says it applies.
FUZZ_LINES = 200


class PatchError(ValueError):
    """The diff cannot be read or does not apply to the file."""


@dataclass(frozen=True)
class Proposal:
    """The file's new text and the line ranges of it that the change adds."""

    text: str
    added: tuple[tuple[int, int], ...]


def merge_lines(lines: list[int]) -> tuple[tuple[int, int], ...]:
    """Sorted line numbers into inclusive ranges."""
    ranges: list[list[int]] = []
    for line in sorted(set(lines)):
        if ranges and line == ranges[-1][1] + 1:
            ranges[-1][1] = line
        else:
            ranges.append([line, line])
    return tuple((a, b) for a, b in ranges)


def from_content(old: str | None, new: str) -> Proposal:
    """``new`` replaces ``old`` (None: a new file); the added lines are those of ``new``
    that are not unchanged lines of ``old``."""
    new_lines = new.splitlines()
    if old is None:
        return Proposal(new, merge_lines(list(range(1, len(new_lines) + 1))))
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new_lines, autojunk=False)
    added = [
        line + 1
        for tag, _a, _b, first, last in matcher.get_opcodes()
        if tag in ("insert", "replace")
        for line in range(first, last)
    ]
    return Proposal(new, merge_lines(added))


def from_diff(old: str | None, diff: str) -> Proposal:
    """Apply a unified diff to ``old`` (None or "": a new file); the added lines are its
    ``+`` lines. Hunks are placed by their context, as ``patch`` does, within
    ``FUZZ_LINES`` of where their header says."""
    lines = (old or "").splitlines(keepends=True)
    out: list[str] = []
    added: list[int] = []
    cursor = 0
    hunks = _hunks(diff)
    if not hunks:
        raise PatchError("the diff has no hunk (expected lines starting with '@@ -a,b +c,d @@')")
    for header_line, body in hunks:
        expected = [text for kind, text in body if kind in " -"]
        at = _locate(lines, expected, max(header_line - 1, cursor), cursor)
        if at is None:
            raise PatchError(
                f"hunk at line {header_line} does not apply: its context and removed lines "
                "are not in the file as it is on disk"
            )
        out.extend(lines[cursor:at])
        cursor = at
        for kind, text in body:
            if kind == "+":
                out.append(text)
                added.append(len(out))
            elif kind == "-":
                cursor += 1
            else:
                out.append(lines[cursor])
                cursor += 1
    out.extend(lines[cursor:])
    return Proposal("".join(out), merge_lines(added))


def _hunks(diff: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """(old start line, [(kind, line with its line break)]) per hunk."""
    hunks: list[tuple[int, list[tuple[str, str]]]] = []
    body: list[tuple[str, str]] | None = None
    for raw in diff.splitlines(keepends=True):
        match = _HUNK.match(raw)
        if match:
            body = []
            hunks.append((int(match.group(1)), body))
            continue
        if raw.startswith(_FILE_HEADERS):
            body = None  # the next file's header (or git's extended header lines)
            continue
        if body is None:
            continue
        if raw.startswith("\\"):  # "\ No newline at end of file"
            if body:
                kind, text = body[-1]
                body[-1] = (kind, text.rstrip("\r\n"))
            continue
        kind, text = raw[:1], raw[1:]
        if kind not in " +-":
            if raw.strip():
                raise PatchError(f"unexpected line in a hunk: {raw[:60]!r}")
            kind, text = " ", raw  # a blank context line whose leading space was stripped
        if not text.endswith(("\n", "\r")):
            text += "\n"
        body.append((kind, text))
    return [(start, body) for start, body in hunks if body]


def _locate(lines: list[str], expected: list[str], hint: int, floor: int) -> int | None:
    """Where ``expected`` lines stand in ``lines`` at or after ``floor``, nearest ``hint``."""
    if not expected:
        return min(max(hint, floor), len(lines))
    wanted = [line.rstrip("\r\n") for line in expected]
    for delta in range(FUZZ_LINES + 1):
        for at in (hint - delta, hint + delta) if delta else (hint,):
            if floor <= at <= len(lines) - len(wanted) and all(
                lines[at + k].rstrip("\r\n") == wanted[k] for k in range(len(wanted))
            ):
                return at
    return None
