"""Span normalization and the human/AI split of a corpus against simple reference models."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aidecay.analysis.conventions import Corpus
from aidecay.analysis.conventions.source import normalize_spans

spans = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=12)


@given(spans, st.integers(-5, 210))
def test_corpus_is_human_outside_every_span(raw, offset):
    expected = not any(start <= offset < end for start, end in raw if end > start)
    assert Corpus.of("x = 1\n", raw).is_human(offset) == expected


@given(spans)
def test_normalized_spans_are_sorted_and_disjoint(raw):
    normalized = normalize_spans(raw)
    assert all(a[1] < b[0] for a, b in zip(normalized, normalized[1:]))
    assert all(start < end for start, end in normalized)
