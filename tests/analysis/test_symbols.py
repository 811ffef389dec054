"""Region names (``symbol``) and CodeLens targets, against a simple model of a module."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aidecay.analysis.symbols import SymbolIndex, lens_targets, symbol_of
from aidecay.analysis.units import find_units

SOURCE = '''"""Parsing."""

import sys


class Parser:
    def parse_args(self, argv):
        if not argv:
            return []
        return argv[1:]

    def usage(self):
        return "usage"


def main():
    return Parser().parse_args(sys.argv)


def helper():
    return 1
'''


def span(text: str, first: str, last: str | None = None) -> tuple[int, int]:
    """Offsets from the start of the line holding ``first`` to the end of ``last``'s line."""
    start = text.rindex("\n", 0, text.index(first)) + 1
    end_at = text.index(last or first, start)
    return start, text.index("\n", end_at)


def test_covered_function_is_named_by_itself():
    units = find_units(SOURCE)
    assert symbol_of(units, *span(SOURCE, "def main", "parse_args(sys.argv)")) == "main"


def test_covering_several_functions_names_the_first_and_counts_the_rest():
    units = find_units(SOURCE)
    assert symbol_of(units, *span(SOURCE, "def main", "return 1")) == "main +1"


def test_covered_class_is_named_by_the_class_not_its_methods():
    units = find_units(SOURCE)
    start, _ = span(SOURCE, "class Parser")
    _, end = span(SOURCE, 'return "usage"')
    assert symbol_of(units, start, end) == "Parser"


def test_code_inside_a_method_is_named_by_the_method():
    units = find_units(SOURCE)
    assert symbol_of(units, *span(SOURCE, "if not argv", "return []")) == "Parser.parse_args"


def test_module_level_code_has_no_symbol():
    units = find_units(SOURCE)
    assert symbol_of(units, *span(SOURCE, "import sys")) is None


def test_lens_goes_on_each_covered_function_or_on_a_mostly_filled_one():
    units = find_units(SOURCE)
    targets = lens_targets(units, *span(SOURCE, "def main", "return 1"))
    assert [t.unit.qualname for t in targets] == ["main", "helper"]
    body = span(SOURCE, "if not argv", "return argv[1:]")
    (target,) = lens_targets(units, *body)
    assert target.unit is not None and target.unit.qualname == "Parser.parse_args"
    small = span(SOURCE, "return []")
    (target,) = lens_targets(units, *small)
    assert target.unit is None and target.offset == small[0]


def test_broken_code_still_names_what_it_can():
    broken = SOURCE.replace("def usage(self):", "def usage(self:")
    index = SymbolIndex()
    assert index.symbol("k", broken, *span(broken, "def main", "parse_args(sys.argv)")) == "main"


def test_index_reuses_units_until_the_text_changes():
    index = SymbolIndex()
    first = index.units("k", SOURCE)
    assert index.units("k", SOURCE) is first
    changed = SOURCE.replace("return 1", "return 2")
    assert index.units("k", changed) is not first


NAMES = st.lists(
    st.text(alphabet="abcdefghij_", min_size=1, max_size=6).map(lambda s: f"f_{s}"),
    min_size=1,
    max_size=6,
    unique=True,
)


@given(NAMES, st.data())
def test_model_any_function_exactly_or_inside(names, data):
    """Model: a module of N functions; a region over function k (exactly, or any
    non-empty part of its body) is named k."""
    bodies = [f"def {n}(x):\n    y = x + {i}\n    return y\n" for i, n in enumerate(names)]
    text = "import os\n\n\n" + "\n\n".join(bodies)
    units = find_units(text)
    k = data.draw(st.integers(0, len(names) - 1))
    start = text.index(f"def {names[k]}(")
    end = start + len(bodies[k]) - 1
    assert symbol_of(units, start, end) == names[k]
    lo = data.draw(st.integers(start + 1, end - 1))
    hi = data.draw(st.integers(lo + 1, end))
    assert symbol_of(units, lo, hi) == names[k]
