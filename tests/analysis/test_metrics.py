"""Tests for aidecay.analysis.metrics (radon on units and regions)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from radon.complexity import cc_visit
from radon.metrics import h_visit, mi_compute, mi_parameters, mi_visit
from radon.raw import analyze

from aidecay.analysis.metrics import (
    MetricsCache,
    MetricsLimits,
    dedent_code,
    function_complexity,
    maintainability_index,
    region_metrics,
)
from aidecay.analysis.units import find_units

HEADER = '''"""HTTP retry policy."""

from datetime import timezone
from email.utils import parsedate_to_datetime


class RetryPolicy:
    """Decide when to retry a failed request."""

    def __init__(self, attempts: int = 3) -> None:
        self.attempts = attempts

    @staticmethod
'''

V1 = '''    def parse_retry_after(value, now):
        """Return the delay in seconds encoded in a Retry-After header."""
        if value is None:
            return None
        value = value.strip()
        if value.isdigit():
            return int(value)
        return None
'''

FOOTER = """
    def should_retry(self, status: int, attempt: int) -> bool:
        if attempt >= self.attempts:
            return False
        return status in (429, 502, 503, 504)


def backoff(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    delay = base * 2**attempt
    return min(delay, cap)
"""

# Realistic successive edits of the same method, each one adding branches.
V2 = '''    def parse_retry_after(value, now):
        """Return the delay in seconds encoded in a Retry-After header."""
        if value is None:
            return None
        value = value.strip()
        if value.isdigit():
            return int(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        delay = (when - now).total_seconds()
        return max(0, int(delay)) if delay > 0 else 0
'''

V3 = '''    def parse_retry_after(value, now, *, cap=None, default=None):
        """Return the delay in seconds encoded in a Retry-After header."""
        if value is None or not value.strip():
            return default
        value = value.strip()
        if value.isdigit():
            delay = int(value)
        else:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return default
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            delay = int((when - now).total_seconds())
        if delay < 0:
            delay = 0
        if cap is not None and delay > cap:
            delay = cap
        return delay
'''

V4 = '''    def parse_retry_after(value, now, *, cap=None, default=None):
        """Return the delay in seconds encoded in a Retry-After header."""
        if value is None or not value.strip():
            return default
        value = value.strip()
        if value.isdigit():
            delay = int(value)
        elif value.endswith("ms") and value[:-2].isdigit():
            delay = int(value[:-2]) // 1000
        else:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return default
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            delay = int((when - now).total_seconds())
        if delay < 0:
            delay = 0
        if cap is not None and delay > cap:
            delay = cap
        return delay
'''


def _unit(source: str, qualname: str):
    return next(u for u in find_units(source) if u.qualname == qualname)


def test_complexity_grows_through_realistic_edits_and_cache_is_incremental() -> None:
    cache = MetricsCache()
    seen = []
    for step, version in enumerate((V1, V2, V3, V4)):
        source = HEADER + version + FOOTER
        unit = _unit(source, "RetryPolicy.parse_retry_after")
        complexity = function_complexity(source, unit, cache=cache)
        seen.append(complexity)
        # Same number radon reports when analysing the whole (valid) file.
        whole = {(getattr(b, "classname", None), b.name): b.complexity for b in cc_visit(source)}
        assert complexity == whole[("RetryPolicy", "parse_retry_after")]
        # Region over the whole class: only the edited method is re-measured.
        before = cache.misses
        cls = _unit(source, "RetryPolicy")
        metrics = region_metrics(source, cls.start, cls.end, cache=cache)
        assert metrics.functions["RetryPolicy.parse_retry_after"] == complexity
        assert metrics.functions["RetryPolicy.should_retry"] == 2
        if step:
            # The edited method was measured just above and the other methods hit the
            # cache: the only new measurement is the (changed) class text itself.
            assert cache.misses - before == 1
    assert seen == [3, 5, 9, 11]


def test_complexity_of_unparseable_function_is_none_others_still_measured() -> None:
    source = HEADER + V1.replace("if value.isdigit():", "if value.isdigit()") + FOOTER
    units = {u.qualname: u for u in find_units(source)}
    assert function_complexity(source, units["RetryPolicy.parse_retry_after"]) is None
    assert function_complexity(source, units["RetryPolicy.should_retry"]) == 2
    assert function_complexity(source, units["backoff"]) == 1
    metrics = region_metrics(source, 0, len(source))
    assert "RetryPolicy.parse_retry_after" not in metrics.functions
    assert metrics.functions["backoff"] == 1
    assert not metrics.measured  # the whole region contains the syntax error
    assert metrics.mi is None and metrics.sloc is None and metrics.halstead_volume is None


def test_region_inside_broken_function_expands_or_gives_up() -> None:
    source = HEADER + V1.replace("if value.isdigit():", "if value.isdigit()") + FOOTER
    # A complete statement inside the broken method still parses on its own.
    start = source.index("value = value.strip()")
    metrics = region_metrics(source, start, start + 10)
    assert metrics.measured and metrics.sloc == 1
    # A region touching the broken line cannot be measured at any level.
    start = source.index("if value.isdigit()")
    assert not region_metrics(source, start, start + 5).measured


def test_partial_region_expands_to_enclosing_method() -> None:
    source = HEADER + V1 + FOOTER
    start = source.index("if attempt >= self.attempts")
    end = source.index("self.attempts:") + len("self.attempts:")  # header only: no parse
    metrics = region_metrics(source, start, end)
    method = _unit(source, "RetryPolicy.should_retry")
    assert metrics.measured
    assert metrics.span is not None
    assert source[metrics.span[0] : metrics.span[1]].strip() == method.text(source)
    assert metrics.functions == {"RetryPolicy.should_retry": 2}
    assert metrics.sloc == 4


def test_region_spanning_two_methods_measures_both() -> None:
    source = HEADER + V1 + FOOTER
    start = source.index("return int(value)")
    end = source.index("return False")
    metrics = region_metrics(source, start, end)
    assert metrics.measured
    assert set(metrics.functions) == {"RetryPolicy.parse_retry_after", "RetryPolicy.should_retry"}
    measured = source[metrics.span[0] : metrics.span[1]]
    assert "def parse_retry_after" in measured and "def should_retry" in measured
    assert "class RetryPolicy" not in measured


def test_region_metrics_match_radon_on_whole_valid_file() -> None:
    source = HEADER + V1 + FOOTER
    metrics = region_metrics(source, 0, len(source))
    assert metrics.measured
    # radon's index without docstrings in the comment share (radon's multi=False), where
    # radon does not clamp it
    assert 0 < mi_visit(source, False) < 100
    assert metrics.mi == pytest.approx(mi_visit(source, False))
    assert metrics.halstead_volume == pytest.approx(h_visit(source).total.volume)
    assert metrics.sloc == analyze(source).sloc


def test_crlf_and_column_zero_docstring_lines_are_dedented() -> None:
    source = (HEADER + V1 + FOOTER).replace("\n", "\r\n")
    unit = _unit(source, "RetryPolicy.parse_retry_after")
    assert function_complexity(source, unit) == 3
    # A docstring line at column 0 pins textwrap.dedent's margin; we still dedent.
    doc = (
        'class A:\n    def f(self, x):\n        """Doc\nflush left\n"""\n'
        "        if x:\n            return 1\n        return 2\n"
    )
    unit = _unit(doc, "A.f")
    assert function_complexity(doc, unit) == 2
    assert dedent_code("    a = 1\r\n\r\n    b = 2\r\n") == "a = 1\n\nb = 2\n"


def test_never_raises_on_pathological_input() -> None:
    deep = "def f(x):\n    return " + "+".join(["x"] * 30_000) + "\n"
    unit = _unit(deep, "f")
    assert function_complexity(deep, unit) in (None, 1)
    assert isinstance(region_metrics(deep, 0, len(deep)).measured, bool)
    nested = "def g(x):\n    return " + "(" * 150 + "x" + ")" * 150 + "\n"
    region_metrics(nested, 0, len(nested))
    nul = "def h():\n    return '\x00'\n"
    region_metrics(nul, 0, len(nul))
    assert region_metrics("", 0, 0).functions == {}
    assert region_metrics("x = 1\n", 50, -3).functions == {}


def test_limits_cap_work_on_huge_inputs() -> None:
    body = "".join(f"    total += values[{i}] * {i}\n" for i in range(3_000))
    source = f"def accumulate(values):\n    total = 0\n{body}    return total\n"
    small_mi = region_metrics(source, 0, len(source), limits=MetricsLimits(max_mi_lines=500))
    assert small_mi.measured and small_mi.mi is None and small_mi.halstead_volume
    capped = region_metrics(source, 0, len(source), limits=MetricsLimits(max_chars=10_000))
    assert not capped.measured and capped.functions == {}


def test_cache_is_bounded_and_shared_by_identical_text() -> None:
    cache = MetricsCache(maxsize=2)
    a = "def a(x):\n    if x:\n        return 1\n    return 0\n"
    b = "class K:\n    def a(x):\n        if x:\n            return 1\n        return 0\n"
    assert function_complexity(a, find_units(a)[0], cache=cache) == 2
    # Same function text at another indentation: same cache entry.
    assert function_complexity(b, find_units(b)[1], cache=cache) == 2
    assert (cache.hits, cache.misses) == (1, 1)
    for i in range(5):
        code = f"def f{i}():\n    pass\n"
        function_complexity(code, find_units(code)[0], cache=cache)
    assert len(cache) == 2


def _mi(code: str) -> float:
    metrics = region_metrics(code, 0, len(code))
    assert metrics.measured and metrics.mi is not None
    return metrics.mi


SMALL = """def label(w, item):
    # the short name is enough on narrow screens
    if w < 40:
        return item.short
    return item.name
"""


def test_small_function_scores_above_100_and_its_growth_is_seen_in_full() -> None:
    """radon clamps at 100, so a small commented function hid most of its fall."""
    assert mi_visit(SMALL, False) == 100.0
    grown = _grown(SMALL)
    assert _mi(SMALL) > 100 and _mi(SMALL) - _mi(grown) >= 15
    assert mi_visit(SMALL, False) - mi_visit(grown, False) < 15


def _grown(code: str, doc_lines: int = 0) -> str:
    """``code`` (a function) with three special cases pasted at the top of its body, each a
    copy of the body after the docstring (as the wild corpus's maintainability family)."""
    lines = code.splitlines(keepends=True)
    head, body = lines[: 1 + doc_lines], lines[1 + doc_lines :]
    cases = [
        f"    if {condition}:\n" + "".join("    " + line for line in body)
        for condition in ("w is None", "isinstance(w, str)", "not w")
    ]
    return "".join(head + cases + body)


def test_docstrings_do_not_count_as_comments() -> None:
    """radon's multi=True counted a 20-line docstring as 20 comment lines over 2 of code (a
    share of 1,000 %, where the formula's sine term swings), so growing the code of a mostly
    docstring function could raise its index. Now the docstring's length does not matter."""
    short = 'def area(w, h):\n    """Area."""\n    # both in metres\n    return w * h\n'
    long = short.replace('"""Area."""', '"""Area.\n\n' + "    More words.\n" * 20 + '    """')
    assert _mi(long) == pytest.approx(_mi(short))
    grown = _grown(long, doc_lines=23)
    assert grown.count("return w * h") == 4
    assert _mi(long) - _mi(grown) >= 15


@settings(max_examples=200, deadline=None)
@given(
    volume=st.floats(0, 1e6, allow_nan=False),
    complexity=st.integers(0, 500),
    lloc=st.integers(0, 5000),
    share=st.floats(0, 100, allow_nan=False),
)
def test_index_is_radons_formula_where_radon_does_not_clamp(volume, complexity, lloc, share):
    """Reference: radon's mi_compute, which clamps to 0..100 and returns 100 for an empty
    volume or no logical lines; ours agrees wherever radon does neither."""
    ours = maintainability_index(volume, complexity, lloc, share)
    theirs = mi_compute(volume, complexity, lloc, share)
    if volume >= 1 and lloc >= 1 and 0 < theirs < 100:  # radon's volumes are 0 or >= 2
        assert ours == pytest.approx(theirs)
    # more volume, complexity or lines never raise it
    assert maintainability_index(volume + 10, complexity + 1, lloc + 1, share) < ours


def test_index_of_real_code_matches_radons_components() -> None:
    source = HEADER + V1 + FOOTER
    volume, complexity, lloc, _ = mi_parameters(source, count_multi=False)
    raw = analyze(source)
    share = raw.comments * 100 / raw.sloc
    assert _mi(source) == pytest.approx(maintainability_index(volume, complexity, lloc, share))
