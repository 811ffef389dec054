"""The chunked scan (``ScanCache``) finds exactly the units the whole-file scan finds: on this
repository's own modules and on random Python-like texts full of traps (strings and headers
over several lines, closing brackets at column 0, comments, decorators)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from aidecay.replay.measure import ScanCache, scan

SERVER = Path(__file__).parents[2] / "server" / "aidecay"

LINES = [
    "def top(a):",
    "    return a",
    "class Box:",
    "    def method(self):",
    "        x = 1",
    "        def inner():",
    "            pass",
    "    async def fetch(self):",
    '    """A docstring',
    "text at column 0 inside it",
    '    """',
    "def header(",
    "    a,",
    "):",
    "    pass",
    "@decorator",
    "# a comment at column 0",
    "",
    "x = [",
    "1,",
    "]",
    "'''",
    "    value = 2",
]


def test_real_modules_scan_the_same_in_chunks():
    cache = ScanCache()
    for path in sorted(SERVER.rglob("*.py")):
        text = path.read_text()
        assert cache.scan(text) == scan(text), path
        edited = text.replace("\n\n", "\n\n# edited\n", 1)
        assert cache.scan(edited) == scan(edited), path


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=40), st.booleans())
def test_random_texts_scan_the_same_in_chunks(lines, newline):
    text = "\n".join(lines) + ("\n" if newline else "")
    cache = ScanCache()
    assert cache.scan(text) == scan(text)
    assert cache.scan(text) == scan(text)  # again, from the cache
