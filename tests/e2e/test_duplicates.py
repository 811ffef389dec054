"""duplicate-helper through the real server: a near-miss clone in the same file and one in
another module of a workspace big enough to be indexed by the process pool, with work done
progress while the index builds, and the index saved in the database for the next start."""

from __future__ import annotations

import sqlite3

from helpers import mark, open_doc, rng, running_server, wait_for_diagnostics
from lsprotocol import types

OPTIONS = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 20}}

UTIL = '''"""Text helpers."""


def strip_margin(text, margin="|"):
    """Remove everything up to and including ``margin`` on every line."""
    lines = text.splitlines()
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(margin):
            stripped = stripped[len(margin):]
        out.append(stripped)
    return "\\n".join(out)
'''
# Renamed, with a guard added: a type-3 clone of strip_margin.
CLONE = """def trim_bars(source, bar="|"):
    if not source:
        return ""
    rows = source.splitlines()
    result = []
    for row in rows:
        s = row.lstrip()
        if s.startswith(bar):
            s = s[len(bar):]
        result.append(s)
    return "\\n".join(result)
"""
HISTOGRAM = """def length_histogram(words, bucket=5):
    counts = {}
    for word in words:
        key = len(word) // bucket * bucket
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items())
    return [f"{low}-{low + bucket - 1}: {n}" for low, n in ordered]
"""
# Renamed throughout: a clone of length_histogram in the same file.
HISTOGRAM_CLONE = """def size_buckets(items, width=5):
    table = {}
    for item in items:
        slot = len(item) // width * width
        table[slot] = table.get(slot, 0) + 1
    pairs = sorted(table.items())
    return [f"{low}-{low + width - 1}: {n}" for low, n in pairs]
"""
FILLER = """def compute_{n}(values, factor={n}):
    scaled = [v * factor for v in values if v is not None]
    total = sum(scaled)
    return total / len(scaled) if scaled else {n}.0
"""


def workspace(root):
    (root / "text").mkdir(parents=True)
    (root / "text" / "util.py").write_text(UTIL)
    (root / "app").mkdir()
    for n in range(80):  # enough files for the index to use its worker processes
        (root / "app" / f"m{n}.py").write_text(FILLER.format(n=n))


async def mark_appended(client, path, head, code):
    text = head + code
    path.write_text(text)
    uri = path.as_uri()
    open_doc(client, uri, text)
    first = head.count("\n")
    last = text.rstrip("\n").count("\n")
    await mark(client, uri, rng(first, 0, last, len(text.rstrip("\n").rsplit("\n", 1)[-1])))
    return uri


async def test_cross_file_and_same_file_clones(tmp_path):
    root = tmp_path / "ws"
    workspace(root)
    db = tmp_path / "h.db"
    async with running_server(db, options=OPTIONS, root=root, work_done_progress=True) as client:
        views = await mark_appended(client, root / "app" / "views.py", "import os\n\n\n", CLONE)
        found = await wait_for_diagnostics(
            client, views, lambda d: any(x.code == "duplicate-helper" for x in d), timeout=30
        )
        (dup,) = [d for d in found if d.code == "duplicate-helper"]
        assert "'trim_bars' is " in dup.message
        assert "% similar to 'strip_margin' (text/util.py:4)" in dup.message
        # On the body it repeats (line 4, its first statement, to its last), not the def line.
        body_end = CLONE.rstrip("\n").rsplit("\n", 1)[-1]
        assert dup.range == types.Range(types.Position(4, 4), types.Position(13, len(body_end)))
        (related,) = dup.related_information
        assert related.location.uri == (root / "text" / "util.py").as_uri()
        assert related.location.range.start.line == 3

        head = HISTOGRAM + "\n\n"
        same = await mark_appended(client, root / "text" / "more.py", head, HISTOGRAM_CLONE)
        found = await wait_for_diagnostics(
            client, same, lambda d: any(x.code == "duplicate-helper" for x in d), timeout=30
        )
        (dup,) = [d for d in found if d.code == "duplicate-helper"]
        assert (
            dup.message
        ) == "'size_buckets' is 100 % similar to 'length_histogram' (text/more.py:1)"

        reports = [r for token, r in client.progress_reports.items() if "index" in str(token)]
        assert reports, client.progress_reports
        (kinds,) = [[v.kind for v in r] for r in reports]
        assert kinds[0] == "begin" and kinds[-1] == "end"
        assert reports[0][0].title == "aidecay: indexing workspace"
        assert reports[0][-1].message == "82 files indexed"
    with sqlite3.connect(db) as conn:
        (rows,) = conn.execute("select count(*) from index_files").fetchone()
    assert rows >= 81
