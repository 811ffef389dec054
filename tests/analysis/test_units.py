"""Tests for aidecay.analysis.units (parso-based code units)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidecay.analysis.units import (
    CodeUnit,
    UnitFinder,
    find_units,
    innermost_function_at,
    units_overlapping,
)

MODULE = '''"""Rate limiting helpers for the HTTP client."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Bucket:
    """A token bucket."""

    capacity: int
    refill_per_second: float

    @property
    def empty(self) -> bool:
        return self.capacity == 0

    @classmethod
    def from_config(cls, config: dict) -> Bucket:
        def number(key, default):
            value = config.get(key, default)
            return float(value)

        return cls(int(number("capacity", 10)), number("refill", 1.0))


async def wait_for_token(bucket: Bucket, clock=time.monotonic) -> float:
    started = clock()
    while bucket.empty:
        await asyncio.sleep(1 / bucket.refill_per_second)  # back off
    return clock() - started


def retry_delays(attempts: int, base: float = 0.5):
    for attempt in range(attempts):
        yield base * 2**attempt
'''


def _by_qualname(units: list[CodeUnit]) -> dict[str, CodeUnit]:
    return {u.qualname: u for u in units}


def test_realistic_module_units_and_spans() -> None:
    units = find_units(MODULE)
    got = _by_qualname(units)
    assert list(got) == [
        "Bucket",
        "Bucket.empty",
        "Bucket.from_config",
        "Bucket.from_config.number",
        "wait_for_token",
        "retry_delays",
    ]
    assert [u.kind for u in units] == [
        "class",
        "method",
        "method",
        "function",
        "function",
        "function",
    ]
    assert got["Bucket.from_config.number"].parent == "Bucket.from_config"
    assert got["Bucket"].parent is None
    # Decorated units start at their first decorator and end at the end of their body.
    assert got["Bucket"].text(MODULE).startswith("@dataclass(frozen=True)\nclass Bucket:")
    assert got["Bucket"].text(MODULE).endswith('number("refill", 1.0))')
    assert got["Bucket.empty"].text(MODULE) == (
        "@property\n    def empty(self) -> bool:\n        return self.capacity == 0"
    )
    # async def starts at "async"; a trailing comment on the last line is kept.
    wait = got["wait_for_token"]
    assert wait.text(MODULE).startswith("async def wait_for_token(")
    assert wait.text(MODULE).endswith("return clock() - started")
    lines = MODULE.splitlines()
    for unit in units:
        assert not unit.has_error
        assert lines[unit.start_line].lstrip().startswith(("@", "def", "class", "async"))
        assert unit.text(MODULE).splitlines()[-1].strip() == lines[unit.end_line].strip()


def test_units_survive_a_syntax_error_in_another_function() -> None:
    broken = MODULE.replace(
        "    started = clock()\n", "    started = clock(\n    if bucket.empty\n"
    ).replace(
        "def retry_delays(attempts: int, base: float = 0.5):",
        "def retry_delays(attempts: int, base: float = 0.5:",
    )
    units = find_units(broken)
    got = _by_qualname(units)
    assert {
        "Bucket",
        "Bucket.empty",
        "Bucket.from_config",
        "Bucket.from_config.number",
        "wait_for_token",
        "retry_delays",
    } <= set(got)
    assert not got["Bucket.from_config"].has_error
    assert not got["Bucket"].has_error
    assert got["wait_for_token"].has_error
    # The header of retry_delays is broken: recovered by indentation.
    retry = got["retry_delays"]
    assert retry.has_error
    assert retry.text(broken).startswith("def retry_delays(")
    assert retry.text(broken).endswith("yield base * 2**attempt")


def test_crlf_bom_and_emoji_offsets_are_exact() -> None:
    source = (
        "\ufeff# -*- coding: utf-8 -*-\r\n"
        "GREETING = '👋 héllo'\r\n"
        "\r\n"
        "class Café:\r\n"
        '    """Serves ☕ and 🥐."""\r\n'
        "\r\n"
        "    def order(self, item='🥐'):\r\n"
        "        return f'{item} 😀'  # 🎉\r\n"
        "\r\n"
        "def naïve(x):\r\n"
        "    return x\r\n"
    )
    units = _by_qualname(find_units(source))
    order = units["Café.order"]
    assert source[order.start : order.end] == (
        "def order(self, item='🥐'):\r\n        return f'{item} 😀'  # 🎉"
    )
    assert (order.start_line, order.end_line) == (6, 7)
    naive = units["naïve"]
    assert source[naive.start : naive.end] == "def naïve(x):\r\n    return x"
    assert (naive.start_line, naive.end_line) == (9, 10)
    cafe = units["Café"]
    assert source[cafe.start :].startswith("class Café:")
    assert cafe.end == order.end


def test_bom_on_first_line() -> None:
    source = "\ufeffdef f():\n    return 1\n"
    (unit,) = find_units(source)
    assert source[unit.start : unit.end] == "def f():\n    return 1"


def test_overlap_and_innermost() -> None:
    units = find_units(MODULE)
    inner_body = MODULE.index("value = config.get")
    assert innermost_function_at(units, inner_body).qualname == "Bucket.from_config.number"
    method_body = MODULE.index("return cls(int(")
    assert innermost_function_at(units, method_body).qualname == "Bucket.from_config"
    assert innermost_function_at(units, MODULE.index("import time")) is None
    start = MODULE.index("started = clock()")
    end = MODULE.index("yield base")
    names = [u.qualname for u in units_overlapping(units, start, end)]
    assert names == ["wait_for_token", "retry_delays"]
    # Empty range: units containing the point.
    assert [u.qualname for u in units_overlapping(units, method_body, method_body)] == [
        "Bucket",
        "Bucket.from_config",
    ]


def test_unit_finder_incremental_matches_full_parse() -> None:
    finder = UnitFinder()
    text = MODULE
    assert finder.find(text, key="file:///m.py") == find_units(text)
    edits = [
        ("return float(value)", "return float(value) if value else default"),
        ("    started = clock()\n", "    started = clock(\n"),  # now broken
        ("    started = clock(\n", "    started = clock()\n"),  # fixed again
        ("def retry_delays", "def helper(x):\n    return x\n\n\ndef retry_delays"),
    ]
    for old, new in edits:
        text = text.replace(old, new, 1)
        assert finder.find(text, key="file:///m.py") == find_units(text)
    finder.forget("file:///m.py")
    assert finder.find(text, key="file:///m.py") == find_units(text)


_KEYWORD_START = re.compile(r"(@|def\b|class\b|async\b)")


def _check_invariants(source: str, units: list[CodeUnit]) -> None:
    for unit in units:
        assert 0 <= unit.start < unit.end <= len(source)
        assert _KEYWORD_START.match(source, unit.start), source[unit.start : unit.end]
        assert unit.text(source).rstrip("\r\n") == unit.text(source)
        prefix = source[: unit.start]
        breaks = (
            prefix.count("\r\n")
            + prefix.replace("\r\n", "").count("\n")
            + (prefix.replace("\r\n", "").count("\r"))
        )
        assert unit.start_line == breaks
        assert unit.start_line <= unit.end_line


_NAMES = st.sampled_from(["fetch", "Cache", "ünïcode", "日本", "load_rows", "_helper"])
_BODY_LINES = st.sampled_from(
    [
        "x = '😀'",
        "return None",
        "pass",
        "if x:",
        "    y = (1,",
        "total += 1  # ✓",
        "@wrap",
        "def inner(a):",
        "    return a",
        "class Nested:",
        '"""doc 🥐"""',
        "for i in rows:",
    ]
)


@st.composite
def _python_like(draw: st.DrawFn) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            lines.append("@decorator")
        keyword = draw(st.sampled_from(["def", "class", "async def"]))
        lines.append(f"{keyword} {draw(_NAMES)}({draw(_NAMES)}):")
        for _ in range(draw(st.integers(0, 5))):
            indent = "    " * draw(st.integers(0, 3))
            lines.append(indent + draw(_BODY_LINES))
    prefix = draw(st.sampled_from(["", "\ufeff"]))
    return prefix + newline.join(lines) + draw(st.sampled_from(["", newline]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_python_like())
def test_property_unit_offsets_slice_definitions(source: str) -> None:
    units = find_units(source)
    assert units, "the text opens with a top-level definition: at least one unit is found"
    _check_invariants(source, units)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("def class async @ ():\n\r\t x=😀é'\"#")), max_size=200)
)
def test_property_arbitrary_text_never_breaks_invariants(source: str) -> None:
    _check_invariants(source, find_units(source))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(MODULE)),
            st.integers(0, 12),
            st.sampled_from(["", "x", "(", ":\n", "\n    ", "def g():\n  ", "😀", "\r\n", "'''"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_property_incremental_equals_full(edits: list[tuple[int, int, str]]) -> None:
    finder = UnitFinder()
    text = MODULE
    finder.find(text, key="k")
    for position, length, insert in edits:
        position = min(position, len(text))
        text = text[:position] + insert + text[position + length :]
        assert finder.find(text, key="k") == find_units(text)
