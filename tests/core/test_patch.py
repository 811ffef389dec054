"""What a proposed change adds, from whole content or a unified diff, against difflib."""

from __future__ import annotations

import difflib

from hypothesis import given
from hypothesis import strategies as st

from aidecay.core.patch import PatchError, from_content, from_diff

lines = st.lists(st.sampled_from(["a = 1", "b = 2", "", "def f():", "    return x", "c = 3"]))


def _text(rows: list[str]) -> str:
    return "".join(f"{row}\n" for row in rows)


def _plus_lines(old: list[str], new: list[str]) -> set[int]:
    """Reference: 1-based lines of ``new`` that a unified diff of old -> new adds."""
    added, line = set(), 0
    for row in difflib.ndiff(old, new):
        if row.startswith("+ "):
            line += 1
            added.add(line)
        elif row.startswith("  "):
            line += 1
    return added


def _expand(ranges) -> set[int]:
    return {n for a, b in ranges for n in range(a, b + 1)}


@given(lines, lines)
def test_a_unified_diff_applies_and_adds_its_plus_lines(old, new):
    diff = "".join(difflib.unified_diff(_text(old).splitlines(True), _text(new).splitlines(True)))
    if not diff:
        return
    proposal = from_diff(_text(old), diff)
    assert proposal.text == _text(new)
    plus = [row for row in diff.splitlines() if row.startswith("+") and not row.startswith("+++")]
    assert len(_expand(proposal.added)) == len(plus)
    assert all(
        proposal.text.splitlines()[n - 1] == row[1:]
        for n, row in zip(sorted(_expand(proposal.added)), plus)
    )


@given(lines, lines)
def test_whole_content_adds_what_differs_from_disk(old, new):
    proposal = from_content(_text(old), _text(new))
    assert proposal.text == _text(new)
    kept = [row for n, row in enumerate(new, 1) if n not in _expand(proposal.added)]
    remaining = iter(old)
    assert all(row in remaining for row in kept)  # kept lines are old lines, in order
    assert len(_expand(proposal.added)) <= len(_plus_lines(old, new))  # no more than ndiff adds


def test_a_new_file_is_added_whole_and_a_wrong_diff_is_refused():
    assert from_content(None, "x = 1\ny = 2\n").added == ((1, 2),)
    try:
        from_diff("a = 1\n", "@@ -1,1 +1,1 @@\n-b = 2\n+c = 3\n")
    except PatchError as exc:
        assert "does not apply" in str(exc)
    else:
        raise AssertionError("a diff whose removed line is not in the file must be refused")
