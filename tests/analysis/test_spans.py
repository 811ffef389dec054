"""Indexed span lookups agree with the plain linear scans they replace."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from aidecay.analysis.spans import SpanIndex, in_any_indexed, per_object, starting_in

spans = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=40)


@dataclass(frozen=True)
class Record:
    start: int
    name: str


@given(spans, st.lists(st.integers(-5, 310), max_size=30))
def test_span_index_matches_any(raw, offsets):
    index = SpanIndex(raw)
    normalized = tuple(sorted(raw))
    for offset in offsets:
        expected = any(s <= offset < e for s, e in raw)
        assert (offset in index) == expected
        assert in_any_indexed(offset, normalized) == expected


@given(st.lists(st.integers(0, 200), max_size=60), st.integers(0, 210), st.integers(0, 210))
def test_starting_in_keeps_the_original_order(starts, a, b):
    records = tuple(Record(s, f"r{k}") for k, s in enumerate(starts))
    assert starting_in(records, (a, b)) == [r for r in records if a <= r.start < b]
    pairs = tuple((s, s + 1) for s in starts)
    assert starting_in(pairs, (a, b)) == [p for p in pairs if a <= p[0] < b]


def test_per_object_computes_once_per_object_and_argument():
    calls = []

    @per_object
    def total(record: Record, factor: int) -> int:
        calls.append((record.name, factor))
        return record.start * factor

    one, two = Record(3, "one"), Record(4, "two")
    assert [total(one, 2), total(one, 2), total(two, 2), total(one, 3)] == [6, 6, 8, 9]
    assert calls == [("one", 2), ("two", 2), ("one", 3)]
