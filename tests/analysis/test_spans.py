"""Indexed span lookups agree with the plain linear scans they replace."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from aidecay.analysis.spans import SpanIndex, per_object, starting_in

spans = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=40)


@dataclass(frozen=True)
class Record:
    start: int
    name: str


@given(spans, st.lists(st.integers(-5, 310), max_size=30))
def test_span_index_matches_any(raw, offsets):
    index = SpanIndex(raw)
    for offset in offsets:
        expected = any(s <= offset < e for s, e in raw)
        assert (offset in index) == expected


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


@dataclass(frozen=True)
class Unit:
    start: int
    end: int


def _nested(draw_spans: list[tuple[int, int]]) -> list[Unit]:
    """Turn random spans into a properly nested forest, sorted by (start, -end)."""
    units: list[Unit] = []
    for start, length in sorted(draw_spans):
        end = start + length + 1
        for other in units:  # clip to the innermost enclosing unit
            if other.start <= start < other.end:
                end = min(end, other.end)
        if all(not (u.start < start < u.end < end) for u in units):
            units.append(Unit(start, end))
    return sorted(set(units), key=lambda u: (u.start, -u.end))


@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 80)), max_size=40),
    st.integers(0, 220),
    st.integers(0, 60),
)
def test_nested_index_matches_the_linear_scan(raw, start, length):
    from aidecay.analysis.spans import NestedIndex
    from aidecay.analysis.units import units_overlapping

    units = _nested(raw)
    index = NestedIndex(units)
    for end in (start, start + length):
        assert index.overlapping(start, end) == units_overlapping(units, start, end)
    crossing = [Unit(0, 10), Unit(5, 20)]  # not nested: the index scans
    assert NestedIndex(crossing).overlapping(12, 13) == [Unit(5, 20)]
