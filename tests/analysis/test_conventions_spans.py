"""Indexed span lookups against a simple reference model."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aidecay.analysis.conventions.source import count_in, in_any, normalize_spans

spans = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=12)


@given(spans, st.integers(-5, 210))
def test_in_any_matches_a_linear_scan(raw, offset):
    normalized = normalize_spans(raw)
    expected = any(start <= offset < end for start, end in raw if end > start)
    assert in_any(offset, normalized) == expected


@given(spans)
def test_normalized_spans_are_sorted_and_disjoint(raw):
    normalized = normalize_spans(raw)
    assert all(a[1] < b[0] for a, b in zip(normalized, normalized[1:]))
    assert all(start < end for start, end in normalized)


@given(st.lists(st.integers(0, 100)), st.integers(0, 100), st.integers(0, 100))
def test_count_in_matches_a_linear_count(positions, start, end):
    positions.sort()
    assert count_in(positions, (start, end)) == sum(start <= p < end for p in positions)
