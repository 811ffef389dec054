"""duplicate-helper through the real analysis engine: near-miss clones of every type are
found across files and within a file; look-alikes by design are not."""

from __future__ import annotations

from pathlib import Path

from aidecay.analysis.engine import AnalysisEngine, DocumentSnapshot
from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.core.settings import Settings, parse_settings
from factories import region_state

CREATED = "2024-05-01T09:00:00.000Z"

UTIL = '''"""Text helpers."""

import textwrap


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


def wrap_paragraphs(text, width=72):
    paragraphs = [p.strip() for p in text.split("\\n\\n")]
    wrapped = [textwrap.fill(p, width=width) for p in paragraphs if p]
    return "\\n\\n".join(wrapped)
'''

# An assistant's near-copies of strip_margin, one per clone type.
RENAMED = """def trim_bars(source, bar="|"):
    rows = source.splitlines()
    result = []
    for row in rows:
        s = row.lstrip()
        if s.startswith(bar):
            s = s[len(bar):]
        result.append(s)
    return "\\n".join(result)
"""
ADDED = """def trim_bars(source, bar="|"):
    # new: nothing to do for empty input
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
REMOVED = """def trim_bars(source, bar="|"):
    result = []
    for row in source.splitlines():
        s = row.lstrip()
        if s.startswith(bar):
            s = s[len(bar):]
        result.append(s)
    return "\\n".join(result)
"""
REORDERED = """def trim_bars(source, bar="|"):
    result = []
    rows = source.splitlines()
    for row in rows:
        s = row.lstrip()
        if s.startswith(bar):
            s = s[len(bar):]
        result.append(s)
    return "\\n".join(result)
"""
UNRELATED = """def count_vowels(words, vowels="aeiou"):
    totals = {}
    for word in words:
        totals[word] = sum(1 for ch in word.lower() if ch in vowels)
    best = max(totals, key=totals.get) if totals else None
    return totals, best
"""


def analyze(root: Path, name: str, text: str, start: int, end: int, settings=None):
    """Findings of duplicate-helper on ``text[start:end]`` as an AI region of ``name``."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    index = WorkspaceIndex(root)
    index.build()
    region = region_state(start, end, created_at=CREATED)
    snap = DocumentSnapshot(path.as_uri(), str(path), text, 1, (region,), CREATED)
    result = AnalysisEngine().analyze(snap, settings or Settings(), index)
    return [f for f in result.findings if f.code == "duplicate-helper"]


def appended(root: Path, name: str, head: str, code: str, settings=None):
    text = head + "\n\n" + code
    return analyze(root, name, text, len(head) + 2, len(text), settings)


def workspace(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "util.py").write_text(UTIL)
    return tmp_path


def test_each_clone_type_is_found_across_files(tmp_path):
    root = workspace(tmp_path)
    for variant in (RENAMED, ADDED, REMOVED, REORDERED):
        (finding,) = appended(root, "app/views.py", "import os", variant)
        assert "% similar to 'strip_margin' (text/util.py:6)" in finding.message
        assert finding.message.startswith("'trim_bars' is ")
        share = finding.evidence["similarity"]
        assert 0.7 <= share <= 1.0
        (related,) = finding.related
        assert (Path(related.path).name, related.start_line) == ("util.py", 5)
    (exact,) = appended(root, "app/views.py", "import os", RENAMED)
    assert exact.message == "'trim_bars' is 100 % similar to 'strip_margin' (text/util.py:6)"


def test_clone_within_the_same_file(tmp_path):
    (finding,) = appended(tmp_path, "text/util.py", UTIL, ADDED)
    assert "% similar to 'strip_margin' (text/util.py:6)" in finding.message


def test_unrelated_code_and_threshold_setting(tmp_path):
    root = workspace(tmp_path)
    assert appended(root, "app/views.py", "import os", UNRELATED) == []
    strict, warnings = parse_settings({"thresholds": {"duplicateSimilarity": 1.0}})
    assert not warnings
    assert appended(root, "app/views.py", "import os", ADDED, strict) == []
    assert appended(root, "app/views.py", "import os", RENAMED, strict)
    _, bad = parse_settings({"thresholds": {"duplicateSimilarity": 0.2}})
    assert bad == [
        "setting 'thresholds.duplicateSimilarity' must be at least 0.5, got 0.2; using 0.7"
    ]


def test_wrapper_calling_its_private_twin_is_not_a_duplicate(tmp_path):
    private = RENAMED.replace("def trim_bars(", "def _trim_bars(")
    wrapper = RENAMED.replace(
        "    rows = source.splitlines()\n",
        "    if bar is None:\n        return _trim_bars(source)\n    rows = source.splitlines()\n",
    )
    assert appended(tmp_path, "pkg/trim.py", private, wrapper) == []


def test_per_platform_implementations_in_sibling_modules_are_not_duplicates(tmp_path):
    posix = """def terminal_size(fd):
    import fcntl, struct, termios
    data = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\\0" * 8)
    rows, cols = struct.unpack("hhhh", data)[:2]
    if rows <= 0 or cols <= 0:
        return 80, 24
    return cols, rows
"""
    windows = posix.replace("fcntl.ioctl", "msvcrt.ioctl").replace("fcntl, ", "msvcrt, ")
    (tmp_path / "term").mkdir()
    (tmp_path / "term" / "_posix.py").write_text(posix)
    assert appended(tmp_path, "term/_windows.py", "import os", windows) == []
    # The same body under the same name in an unrelated package is a copy.
    assert appended(tmp_path, "other/size.py", "import os", windows)


def test_same_api_name_in_two_namespaces_is_not_a_duplicate(tmp_path):
    (tmp_path / "codecs_json").mkdir()
    (tmp_path / "codecs_json" / "api.py").write_text(
        """def dumps(obj, indent=None):
    import json
    text = json.dumps(obj, indent=indent, sort_keys=True)
    if indent is None:
        text = text.replace(", ", ",")
    return text.encode("utf-8")
"""
    )
    pickle_dumps = """def dumps(obj, indent=None):
    import pickle
    protocol = pickle.HIGHEST_PROTOCOL
    data = pickle.dumps(obj, protocol=protocol)
    if len(data) > 1024:
        data = zlib.compress(data)
    return data
"""
    assert appended(tmp_path, "codecs_pickle/api.py", "import zlib", pickle_dumps) == []


def test_overrides_of_one_interface_are_not_duplicates(tmp_path):
    base = """class Exporter:
    def export(self, rows):
        raise NotImplementedError


class CsvExporter(Exporter):
    def export(self, rows):
        lines = []
        for row in rows:
            cells = [str(cell) for cell in row]
            lines.append(",".join(cells))
        return "\\n".join(lines)
"""
    tsv = """class TsvExporter(Exporter):
    def export(self, rows):
        lines = []
        for row in rows:
            cells = [str(cell) for cell in row]
            lines.append("\\t".join(cells))
        return "\\n".join(lines)
"""
    (tmp_path / "exporters").mkdir()
    (tmp_path / "exporters" / "csv.py").write_text(base)
    assert appended(tmp_path, "formats/tsv.py", "from exporters.csv import Exporter", tsv) == []


def test_tiny_functions_dunders_and_tests_are_not_candidates(tmp_path):
    getter = "class A:\n    def value(self):\n        return self._value\n"
    (tmp_path / "a.py").write_text(getter)
    assert appended(tmp_path, "b.py", "import os", getter.replace("class A", "class B")) == []
    init = """class Point:
    def __init__(self, x, y, z, label):
        self.x = x
        self.y = y
        self.z = z
        self.label = label or f"{x},{y},{z}"
"""
    (tmp_path / "geo.py").write_text(init)
    assert appended(tmp_path, "shapes.py", "import os", init.replace("Point", "Vec")) == []
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_util.py").write_text(UTIL)
    assert appended(tmp_path, "app/other.py", "import os", RENAMED) == []
