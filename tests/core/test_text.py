"""TextDocument: line index and position encodings against straightforward references."""

from hypothesis import given, settings
from hypothesis import strategies as st

from aidecay.core.text import UTF8, UTF16, UTF32, Position, TextDocument, line_starts_of

ALPHABET = st.sampled_from(["a", "b", " ", "\n", "\r", "\r\n", "é", "中", "😀", "\t", "\x0c"])
TEXT = st.lists(ALPHABET, max_size=40).map("".join)


def reference_lines(text: str) -> list[str]:
    """Lines as the LSP defines them: split at \\r\\n, \\r or \\n only."""
    lines, current, i = [], "", 0
    while i < len(text):
        if text.startswith("\r\n", i):
            lines.append(current)
            current, i = "", i + 2
        elif text[i] in "\r\n":
            lines.append(current)
            current, i = "", i + 1
        else:
            current += text[i]
            i += 1
    return [*lines, current]


def units(s: str, encoding: str) -> int:
    if encoding == UTF16:
        return len(s.encode("utf-16-le")) // 2
    if encoding == UTF8:
        return len(s.encode("utf-8"))
    return len(s)


@settings(max_examples=300)
@given(TEXT, st.sampled_from([UTF8, UTF16, UTF32]), st.data())
def test_positions_round_trip(text, encoding, data):
    doc = TextDocument(text, encoding=encoding)
    lines = reference_lines(text)
    assert doc.line_count == len(lines)
    offset = 0
    for number, line in enumerate(lines):
        for k in range(len(line) + 1):
            position = Position(number, units(line[:k], encoding))
            assert doc.offset_at(position) == (offset + k, False)
            assert doc.position_at(offset + k) == position
        offset += len(line)
        offset += 2 if text.startswith("\r\n", offset) else (1 if offset < len(text) else 0)


def test_positions_past_the_end_are_clamped_and_reported():
    doc = TextDocument("ab\ncd", encoding=UTF16)
    assert doc.offset_at(Position(0, 99)) == (2, True)
    assert doc.offset_at(Position(7, 0)) == (5, True)
    assert doc.offset_at(Position(-1, 0)) == (0, True)


def test_utf16_position_inside_a_surrogate_pair_is_clamped_to_the_character():
    doc = TextDocument("a😀b", encoding=UTF16)
    assert doc.offset_at(Position(0, 3)) == (2, False)
    assert doc.offset_at(Position(0, 2)) == (1, True)


@settings(max_examples=300)
@given(TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), TEXT), max_size=8))
def test_line_index_stays_exact_under_edits(text, edits):
    doc = TextDocument(text)
    for x, y, new in edits:
        a, b = sorted((min(x, len(doc.text)), min(y, len(doc.text))))
        expected = doc.text[:a] + new + doc.text[b:]
        doc.apply(a, b, new)
        assert doc.text == expected
        assert doc._starts == [0, *line_starts_of(expected)]
