"""The tracker through LSP-style positions: encodings, CRLF and astral text, random edits."""

from hypothesis import given, settings
from hypothesis import strategies as st

from aidecay.core.regions import Region, RegionSet
from aidecay.core.settings import HeuristicSettings, Settings
from aidecay.core.text import UTF8, UTF16, UTF32, Position, TextDocument
from aidecay.store.database import Store
from aidecay.tracking.tracker import Change, Tracker

PIECES = st.sampled_from(["a", "é", "😀", "\r\n", "\n", "中", " ", "x = 1\n", "🙋🏽"])
TEXT = st.lists(PIECES, min_size=1, max_size=30).map("".join)


def lsp_position(text: str, offset: int, encoding: str) -> Position:
    """Reference: count lines and code units the slow way."""
    before = text[:offset]
    line = before.count("\n") + before.count("\r") - before.count("\r\n")
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    prefix = before[start:]
    if encoding == UTF16:
        units = len(prefix.encode("utf-16-le")) // 2
    elif encoding == UTF8:
        units = len(prefix.encode("utf-8"))
    else:
        units = len(prefix)
    return Position(line, units)


def boundaries(text: str) -> list[int]:
    """Offsets an editor can address (never between \\r and \\n)."""
    return [k for k in range(len(text) + 1) if text[k - 1 : k + 1] != "\r\n"]


@settings(max_examples=200, deadline=None)
@given(
    TEXT,
    st.sampled_from([UTF8, UTF16, UTF32]),
    st.lists(st.integers(0, 10_000), min_size=2, max_size=6),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), TEXT), max_size=8),
)
def test_tracker_matches_the_offset_engine_in_every_encoding(text, encoding, cuts, edits):
    tracker = Tracker(Store(":memory:"), Settings(heuristic=HeuristicSettings(enabled=False)))
    tracker.encoding = encoding
    uri = "file:///p.py"
    tracker.open(uri, text, 1)
    spots = boundaries(text)
    points = sorted({spots[c % len(spots)] for c in cuts})
    model = RegionSet()
    for s, e in zip(points[::2], points[1::2]):
        created = tracker.mark(
            uri, lsp_position(text, s, encoding), lsp_position(text, e, encoding), "agent"
        )
        for region in created:
            model.add(Region(region.id, uri, region.start, region.end, "agent"))
    for version, (x, y, new) in enumerate(edits, start=2):
        spots = boundaries(text)
        a, b = sorted((spots[x % len(spots)], spots[y % len(spots)]))
        change = Change(new, lsp_position(text, a, encoding), lsp_position(text, b, encoding))
        tracker.change(uri, version, [change])
        if text[a:b] != new:
            model.apply(a, b, new, text)
            text = text[:a] + new + text[b:]
        doc = tracker.documents[uri].doc
        assert doc.text == text
        assert [(r.id, r.start, r.end) for r in tracker.documents[uri].regions] == [
            (r.id, r.start, r.end) for r in model
        ]
    # Ranges reported to the client round-trip through the same encoding.
    regions = list(tracker.documents[uri].regions)
    check = TextDocument(text, encoding=encoding)
    for region, (start, end) in zip(regions, tracker.ranges(regions)):
        assert start == lsp_position(text, region.start, encoding)
        assert check.offset_at(end)[0] == region.end
