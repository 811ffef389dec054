"""What is left of the AI's text, against a reference model of edits (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aidecay.core.ai_text import compare, line_count, split_lines, untouched

WORDS = st.sampled_from(["total", "item", " = ", "0", "(x)", "return ", "    ", "if ", ":"])
LINE = st.lists(WORDS, min_size=1, max_size=6).map("".join)
TEXT = st.lists(LINE, min_size=1, max_size=12).map("\n".join)


#: What a person types: never a line break, and never a line the AI wrote (an identical line
#: could stand for the AI's, as it would for git blame).
TYPED = st.text("XYZ#", min_size=1, max_size=40)


@given(TEXT, st.data())
def test_insertions_never_change_the_ai_text(original, data):
    """Text typed at one place in a line, or whole new lines, removes no AI character."""
    lines = original.split("\n")
    for k in data.draw(st.lists(st.integers(0, len(lines) - 1), unique=True)):
        at = data.draw(st.integers(0, len(lines[k])))
        lines[k] = lines[k][:at] + data.draw(TYPED) + lines[k][at:]
    for _ in range(data.draw(st.integers(0, 3))):
        lines.insert(data.draw(st.integers(0, len(lines))), "# " + data.draw(TYPED))
    kept = compare(original, "\n".join(lines))
    assert kept.changed_chars == 0
    assert kept.chars == len(original) and kept.lines == line_count(original)


@given(TEXT, st.data())
def test_typed_then_deleted_is_untouched(original, data):
    at = data.draw(st.integers(0, len(original)))
    typed = data.draw(st.text(min_size=1, max_size=1500))
    during = original[:at] + typed + original[at:]
    assert compare(original, during[:at] + during[at + len(typed) :]) == untouched(original)


@given(st.lists(LINE, min_size=1, max_size=12, unique=True), st.data())
@settings(max_examples=200)
def test_deleted_lines_are_changed_lines(lines, data):
    """Deleting whole lines of distinct lines: exactly those lines and characters go."""
    gone = set(data.draw(st.lists(st.integers(0, len(lines) - 1), unique=True)))
    original = "\n".join(lines)
    current = "\n".join(line for k, line in enumerate(lines) if k not in gone)
    kept = compare(original, current)
    assert kept.kept_lines == frozenset(k for k in range(len(lines)) if k not in gone)
    if gone and len(gone) < len(lines):
        last = len(lines) - 1  # every line but the last ends with a line break
        removed = sum(len(lines[k]) + (k != last) for k in gone)
        assert kept.changed_chars == removed


@given(TEXT, TEXT)
def test_bounds(original, current):
    kept = compare(original, current)
    assert 0 <= kept.kept_chars <= kept.chars == len(original)
    assert kept.kept_lines <= frozenset(range(kept.lines))
    assert len(split_lines(original)[0]) == kept.lines


def test_a_rewritten_line_replaces_the_rewritten_part_only():
    kept = compare("    total = 0\n    return total", "    subtotal = 0\n    return total + 1")
    assert kept.changed_lines == 2 and kept.changed_chars == 0  # only insertions
    kept = compare("    total = 0\n    return total", "    owed = {}\n    return total")
    assert kept.changed_lines == 1 and kept.changed_chars == len("total = 0")
