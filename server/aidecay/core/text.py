"""A text document with a line index: positions in any LSP encoding to offsets and back.

Offsets are Python string indices (code points). Lines end at ``\\n``, ``\\r\\n`` or ``\\r``,
exactly as the LSP defines them (unlike ``str.splitlines``, which also splits on form feeds).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

LINE_BREAK = re.compile(r"\r\n|\r|\n")

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)


@dataclass(frozen=True)
class Position:
    """A (line, character) position; ``character`` counts units of the document's encoding."""

    line: int
    character: int


def line_starts_of(text: str, base: int = 0) -> list[int]:
    """Offsets (plus ``base``) at which each line after the first begins."""
    return [m.end() + base for m in LINE_BREAK.finditer(text)]


def units_to_chars(line: str, units: int, encoding: str) -> int:
    """How many characters of ``line`` make up its first ``units`` code units."""
    if units <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    prefix = line[:units]  # at least one unit per character, so this is enough
    if encoding == UTF16:
        raw = prefix.encode("utf-16-le", "surrogatepass")[: 2 * units]
        return len(raw.decode("utf-16-le", "ignore"))
    raw = prefix.encode("utf-8", "surrogatepass")[:units]
    return len(raw.decode("utf-8", "ignore"))


def chars_to_units(line: str, chars: int, encoding: str) -> int:
    """How many code units the first ``chars`` characters of ``line`` take."""
    prefix = line[:chars]
    if encoding == UTF32 or prefix.isascii():
        return len(prefix)
    if encoding == UTF16:
        return len(prefix.encode("utf-16-le", "surrogatepass")) // 2
    return len(prefix.encode("utf-8", "surrogatepass"))


class TextDocument:
    """Mutable text plus the offsets at which its lines start.

    ``apply`` keeps the line index current in time proportional to the edit plus a shift of
    the later line starts, so the keystroke path never rescans the whole text.
    """

    def __init__(self, text: str, version: int | None = None, encoding: str = UTF16) -> None:
        self.text = text
        self.version = version
        self.encoding = encoding
        self._starts = [0, *line_starts_of(text)]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        start = self._starts[line]
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.text)
        content = self.text[start:end]
        if content.endswith("\r\n"):
            return content[:-2]
        if content.endswith(("\n", "\r")):
            return content[:-1]
        return content

    def line_end_offset(self, line: int) -> int:
        """The offset just past ``line``'s text (before its line break)."""
        return self._starts[line] + len(self.line_text(line))

    def offset_at(self, position: Position) -> tuple[int, bool]:
        """The offset of ``position`` and whether it had to be clamped into the document."""
        line, character = position.line, position.character
        if line < 0 or character < 0:
            return (0 if line < 0 else self._starts[min(line, len(self._starts) - 1)]), True
        if line >= len(self._starts):
            return len(self.text), True
        text = self.line_text(line)
        chars = units_to_chars(text, character, self.encoding)
        clamped = chars_to_units(text, chars, self.encoding) != character
        return self._starts[line] + chars, clamped

    def position_at(self, offset: int) -> Position:
        """The position of ``offset`` (clamped into the document)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        if (
            offset > start
            and self.text[offset - 1] == "\r"
            and self.text[offset : offset + 1] == "\n"
        ):
            offset -= 1  # a position never falls between \r and \n
        return Position(
            line, chars_to_units(self.text[start:offset], offset - start, self.encoding)
        )

    def apply(self, start: int, end: int, new_text: str) -> None:
        """Replace ``text[start:end]`` with ``new_text`` and update the line index."""
        starts = self._starts
        delta = len(new_text) - (end - start)
        # Lines whose starts may change: from the line before the edit (a \r may join a \n)
        # up to the first line starting after the edited span.
        first = max(bisect_right(starts, start) - 2, 0)
        last = bisect_right(starts, end + 1)
        window_start = starts[first]
        self.text = self.text[:start] + new_text + self.text[end:]
        window_end = (starts[last] + delta) if last < len(starts) else len(self.text)
        window = self.text[window_start:window_end]
        middle = [window_start, *line_starts_of(window, window_start)]
        if last < len(starts) and middle[-1] == window_end:
            middle.pop()  # already the first of the shifted tail
        tail = starts[last:]
        if delta:
            tail = list(map(delta.__add__, tail))  # C-speed shift of the later lines
        self._starts = starts[:first] + middle + tail
