"""The range engine against a character-tagging reference model (rules 1-4) and invariants."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aidecay.core.regions import Region, RegionSet

WORDS = st.sampled_from(["x", "yy", "def f():\n", "    return 1\n", "\n", "é😀", ""])
NEW_TEXT = st.lists(WORDS, max_size=4).map("".join)


def make_set(length: int, cuts: list[int]) -> RegionSet:
    points = sorted(set(min(c, length) for c in cuts))
    regions = RegionSet()
    for k, (s, e) in enumerate(zip(points[::2], points[1::2])):
        if s < e:
            regions.add(Region(f"r{k}", "u", s, e, "agent"))
    return regions


def reference(tags: list[str | None], regions: RegionSet, a: int, b: int, new: str):
    """Tag every character with its region; the inserted text takes the tag of the region the
    change is inside of or crosses a boundary of (rules 3 and 4), else none (rules 1 and 2)."""
    owner = None
    for r in regions:
        inside = r.start <= a and b <= r.end and not (a == b and a in (r.start, r.end))
        crosses = (a < r.start < b < r.end) or (r.start < a < r.end < b)
        if inside or crosses:
            owner = r.id
            break
    return tags[:a] + [owner] * len(new) + tags[b:]


def spans(tags: list[str | None]) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for k, tag in enumerate(tags):
        if tag is not None:
            s, _ = found.get(tag, (k, k))
            found[tag] = (s, k + 1)
    return found


@settings(max_examples=400)
@given(
    st.text(alphabet="ab\n ", min_size=1, max_size=40),
    st.lists(st.integers(0, 40), min_size=2, max_size=10),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8), NEW_TEXT), min_size=1, max_size=12),
)
def test_rules_one_to_four_match_the_tagging_model(text, cuts, edits):
    regions = make_set(len(text), cuts)
    tags: list[str | None] = [None] * len(text)
    for r in regions:
        tags[r.start : r.end] = [r.id] * (r.end - r.start)
    for at, length, new in edits:
        a = min(at, len(text))
        b = min(a + length, len(text))
        assume(not any(a <= r.start and b >= r.end for r in regions))  # rule 5 tested apart
        expected_tags = reference(tags, regions, a, b, new)
        touches = regions.apply(a, b, new, text)
        text = text[:a] + new + text[b:]
        tags = expected_tags
        assert all(not t.died for t in touches)
        assert {r.id: (r.start, r.end) for r in regions} == spans(tags)


@settings(max_examples=300)
@given(
    st.text(alphabet="ab\n (:)", min_size=1, max_size=60),
    st.lists(st.integers(0, 60), min_size=2, max_size=12),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70), NEW_TEXT), min_size=1, max_size=10),
)
def test_invariants_hold_under_any_change(text, cuts, edits):
    regions = make_set(len(text), cuts)
    for x, y, new in edits:
        a, b = sorted((min(x, len(text)), min(y, len(text))))
        before = {r.id: text[r.start : r.end] for r in regions}
        untouched = {r.id for r in regions if b <= r.start or a >= r.end}
        regions.apply(a, b, new, text)
        text = text[:a] + new + text[b:]
        previous_end = 0
        for r in regions:
            assert previous_end <= r.start < r.end <= len(text)
            previous_end = r.end
            if r.id in untouched:
                assert text[r.start : r.end] == before[r.id]


def test_whole_document_resend_that_keeps_the_text_keeps_every_region():
    text = "import os\n\ndef f(x):\n    return x + 1\n\ndef g():\n    pass\n"
    regions = make_set(len(text), [11, 38, 40, 58])
    before = [(r.start, r.end) for r in regions]
    touches = regions.apply(0, len(text), text, text)
    assert [(r.start, r.end) for r in regions] == before
    assert not any(t.edited for t in touches)


def test_covering_reformat_keeps_a_region_and_counts_the_edit():
    old = "def f(x,y):\n    return x+y\n"
    new = "def f(x, y):\n    return x + y\n"
    regions = RegionSet([Region("r", "u", 0, len(old) - 1, "agent")])
    (touch,) = regions.apply(0, len(old), new, old)
    assert not touch.died and touch.edited
    (r,) = regions
    assert new[r.start : r.end] == new.rstrip("\n")


def test_covering_rewrite_deletes_the_region():
    old = "x = 1\ndef helper(a):\n    return a * 2\ny = 2\n"
    new = "x = 1\nclass Totally:\n    different = True\ny = 2\n"
    s = old.index("def")
    regions = RegionSet([Region("r", "u", s, old.index("y = 2") - 1, "agent")])
    (touch,) = regions.apply(0, len(old), new, old)
    assert touch.died
    assert len(regions) == 0


def test_external_insert_above_shifts_region_through_diff():
    old = "a = 1\ndef f():\n    return 2\n"
    new = "import sys\na = 1\ndef f():\n    return 2\n"
    s = old.index("def")
    regions = RegionSet([Region("r", "u", s, len(old) - 1, "agent")])
    regions.apply(0, len(old), new, old)
    (r,) = regions
    assert new[r.start : r.end] == "def f():\n    return 2"
