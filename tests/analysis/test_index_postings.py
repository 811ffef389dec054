"""The compact posting index against a plain dict-of-sets reference model."""

from __future__ import annotations

from array import array
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from aidecay.analysis.index.fingerprint import winnow
from aidecay.analysis.index.similarity import MAX_POSTINGS, PostingIndex

MARKS = st.lists(st.integers(0, 40), min_size=1, max_size=12, unique=True)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), MARKS),
        st.tuples(st.just("remove"), st.integers(0, 200)),
        st.tuples(st.just("compact"), st.none()),
        st.tuples(st.just("query"), MARKS),
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(OPS)
def test_candidates_match_the_reference_model(ops) -> None:
    index = PostingIndex()
    model: dict[int, set[int]] = {}  # live id -> marks
    next_id = 0
    for op, arg in ops:
        if op == "add":
            index.add(next_id, array("I", arg).tobytes())
            model[next_id] = set(arg)
            next_id += 1
        elif op == "remove":
            model.pop(arg, None)  # the index learns it at the next compaction
        elif op == "compact":
            index.compact(model.__contains__)
        else:
            expected = Counter(i for i, marks in model.items() for m in arg if m in marks)
            found = index.candidates(arg)
            live = {i: n for i, n in found.items() if i in model}
            assert live == dict(expected)


def test_stop_marks_are_skipped() -> None:
    index = PostingIndex()
    for i in range(MAX_POSTINGS + 1):
        index.add(i, array("I", [7, 1000 + i]).tobytes())
    assert index.candidates([7]) == Counter()
    assert index.candidates([7, 1003]) == Counter({3: 1})


@given(st.lists(st.integers(0, 2**32 - 1), max_size=60), st.integers(1, 8))
def test_winnowing_picks_a_minimum_of_every_window(hashes, window) -> None:
    picked = winnow(hashes, window)
    assert picked <= set(hashes)
    for i in range(max(0, len(hashes) - window + 1)):
        assert min(hashes[i : i + window]) in picked
