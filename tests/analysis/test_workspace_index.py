"""Tests for aidecay.analysis.workspace_index (duplicate-helper detection)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from aidecay.analysis.fingerprint import fingerprint_source
from aidecay.analysis.units import find_units
from aidecay.analysis.workspace_index import WorkspaceIndex

TEXT_UTILS = '''"""Text helpers shared by the whole app."""

import re
import unicodedata


def slugify(value: str, separator: str = "-") -> str:
    """Turn a title into a URL slug."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    value = re.sub(r"[^\\w\\s-]", "", value.lower())
    return re.sub(r"[-\\s]+", separator, value).strip(separator)


def normalize_whitespace(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    kept = [line for line in lines if line]
    return " ".join(kept)


def main() -> None:
    print(slugify("Hello World"))
'''

MODELS = """from dataclasses import dataclass


class Article:
    def __init__(self, title, body, author):
        self.title = title
        self.body = body
        self.author = author

    def __repr__(self):
        return f"Article({self.title!r})"

    def word_count(self) -> int:
        words = self.body.split()
        words = [w for w in words if w.isalpha()]
        return len(words)


class Comment:
    def __init__(self, title, body, author):
        self.title = title
        self.body = body
        self.author = author

    def word_count(self) -> int:
        return len(self.body.split())
"""

# New code an assistant just wrote in another module.
VIEWS = """import re
import unicodedata


def make_url_slug(title, sep="-"):
    title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    title = re.sub(r"[^a-z0-9\\s-]", "", title.lower())
    return re.sub(r"[-\\s]+", sep, title).strip(sep)


def normalize_whitespace(text):
    return " ".join(text.split())


class ArticleView:
    def word_count(self) -> int:
        words = self.article.body.split()
        return len(words)
"""

TESTS = """from app.text import slugify


def test_slugify():
    assert slugify("A B") == "a-b"
    assert slugify("") == ""
    assert slugify("é") == "e"


def normalize_whitespace(text):
    return " ".join(text.split())
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "text.py").write_text(TEXT_UTILS)
    (root / "app" / "models.py").write_text(MODELS)
    (root / "app" / "views.py").write_text(VIEWS)
    (root / "tests").mkdir()
    (root / "tests" / "test_text.py").write_text(TESTS)
    # Places that must never be indexed.
    for skipped in (
        ".venv/lib/python3.11/site-packages/lib",
        "node_modules/pkg",
        ".git/hooks",
        "build/.cache",
        "env_custom",
        "__pycache__",
    ):
        (root / skipped).mkdir(parents=True, exist_ok=True)
        (root / skipped / "copy.py").write_text(TEXT_UTILS)
    (root / "env_custom" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (root / "app" / "huge.py").write_text("def slugify(x):\n    pass\n" + "#" * 1_100_000)
    (root / "app" / "latin.py").write_bytes(b"x = '\xff\xfe'\ndef slugify(v):\n    return v\n")
    return root


def _query(source: str, qualname: str):
    unit = next(u for u in find_units(source) if u.qualname == qualname)
    return unit, fingerprint_source(unit.text(source), unit.name)


def test_build_indexes_only_project_files(project: Path) -> None:
    index = WorkspaceIndex(project)
    assert index.build() == 5
    assert index.ready.is_set()
    files = {d.path.relative_to(project.resolve()).as_posix() for d in index.definitions()}
    assert files == {"app/text.py", "app/models.py", "app/views.py", "tests/test_text.py"}
    text_defs = {d.qualname: d for d in index.definitions(project / "app" / "text.py")}
    assert set(text_defs) == {"slugify", "normalize_whitespace", "main"}
    assert (text_defs["slugify"].start_line, text_defs["slugify"].end_line) == (6, 10)
    assert index.project.path == project.resolve()


def test_finds_reimplemented_helper_in_another_module(project: Path) -> None:
    index = WorkspaceIndex(project)
    index.build()
    views = project / "app" / "views.py"
    unit, fingerprint = _query(VIEWS, "make_url_slug")
    matches = index.find_duplicates(
        unit.name, fingerprint, exclude_path=views, exclude_lines=(unit.start_line, unit.end_line)
    )
    assert [(m.path.name, m.qualname, m.reason, m.start_line) for m in matches] == [
        ("text.py", "slugify", "same-body", 6)
    ]
    # Same name, different body: flagged by name, but never against the tests' copy.
    unit, fingerprint = _query(VIEWS, "normalize_whitespace")
    matches = index.find_duplicates(
        unit.name, fingerprint, exclude_path=views, exclude_lines=(unit.start_line, unit.end_line)
    )
    assert [(m.path.name, m.qualname, m.reason) for m in matches] == [
        ("text.py", "normalize_whitespace", "same-name")
    ]


def test_ignores_dunders_tests_generic_names_and_unrelated_methods(project: Path) -> None:
    index = WorkspaceIndex(project)
    index.build()
    models = project / "app" / "models.py"
    # Comment.__init__ has exactly Article.__init__'s body: dunders are protocol code.
    unit, fingerprint = _query(MODELS, "Comment.__init__")
    assert fingerprint is not None
    assert (
        index.find_duplicates(
            unit.qualname,
            fingerprint,
            exclude_path=models,
            exclude_lines=(unit.start_line, unit.end_line),
        )
        == []
    )
    assert index.find_duplicates("test_slugify", None) == []
    assert index.find_duplicates("main", None, exclude_path=project / "other.py") == []
    assert index.find_duplicates("run", None) == []
    # Same method name in unrelated classes is not a duplicate.
    unit, fingerprint = _query(VIEWS, "ArticleView.word_count")
    assert (
        index.find_duplicates(unit.qualname, fingerprint, exclude_path=project / "app" / "views.py")
        == []
    )
    # Same-file repeats (Article/Comment.word_count) are overrides or siblings, not copies.
    unit, fingerprint = _query(MODELS, "Comment.word_count")
    assert (
        index.find_duplicates(
            unit.qualname,
            fingerprint,
            exclude_path=models,
            exclude_lines=(unit.start_line, unit.end_line),
        )
        == []
    )


def test_methods_of_a_copied_class_match_but_overrides_do_not(project: Path) -> None:
    (project / "app" / "legacy.py").write_text(MODELS.replace("w.isalpha()", "w.isalnum()"))
    (project / "app" / "special.py").write_text(
        "from app.models import Article\n\n\nclass Article(Article):\n"
        "    def word_count(self) -> int:\n        return 0\n"
    )
    index = WorkspaceIndex(project)
    index.build()
    unit, fingerprint = _query(MODELS, "Article.word_count")
    matches = index.find_duplicates(
        unit.qualname,
        fingerprint,
        exclude_path=project / "app" / "models.py",
        exclude_lines=(unit.start_line, unit.end_line),
    )
    assert [(m.path.name, m.qualname, m.reason) for m in matches] == [
        ("legacy.py", "Article.word_count", "same-name")
    ]


def test_update_and_remove_keep_index_current(project: Path) -> None:
    index = WorkspaceIndex(project)
    index.build()
    views = project / "app" / "views.py"
    unit, fingerprint = _query(VIEWS, "make_url_slug")
    text = project / "app" / "text.py"
    index.update_file(text, TEXT_UTILS.replace("def slugify(", "def to_slug("))
    matches = index.find_duplicates(unit.name, fingerprint, exclude_path=views)
    assert [m.qualname for m in matches] == ["to_slug"]
    index.remove_file(text)
    assert index.find_duplicates(unit.name, fingerprint, exclude_path=views) == []
    # A broken file in the editor is still indexed (parso fallback).
    assert index.update_file(text, TEXT_UTILS + "\ndef unfinished(:\n    pass\n")
    names = {d.qualname for d in index.definitions(text)}
    assert {"slugify", "normalize_whitespace", "unfinished"} <= names
    assert index.find_duplicates(unit.name, fingerprint, exclude_path=views)[0].qualname == (
        "slugify"
    )
    # Files outside the root or in skipped folders are ignored.
    assert not index.update_file(project / ".venv" / "x.py", TEXT_UTILS)
    assert not index.update_file(project.parent / "elsewhere.py", TEXT_UTILS)


def test_editor_update_during_build_wins(project: Path) -> None:
    index = WorkspaceIndex(project)
    text = project / "app" / "text.py"
    original_read = index._read

    def slow_read(path: Path):
        content = original_read(path)
        if path.name == "text.py":  # the user edits text.py while the scan is reading it
            index.update_file(text, TEXT_UTILS.replace("def slugify(", "def make_slug("))
        return content

    index._read = slow_read  # type: ignore[method-assign]
    index.build()
    assert "make_slug" in {d.name for d in index.definitions(text)}


def test_concurrent_build_and_queries(project: Path) -> None:
    for i in range(40):
        (project / "app" / f"mod{i}.py").write_text(TEXT_UTILS.replace("slugify", f"slug{i}"))
    index = WorkspaceIndex(project)
    unit, fingerprint = _query(VIEWS, "make_url_slug")
    thread = threading.Thread(target=index.build)
    thread.start()
    while not index.ready.is_set():
        index.find_duplicates(unit.name, fingerprint)
    thread.join()
    views = project / "app" / "views.py"
    matches = index.find_duplicates(unit.name, fingerprint, exclude_path=views, limit=100)
    assert len(matches) == 41


def test_indexing_never_executes_workspace_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    payload = (
        f"open({str(marker)!r}, 'w').write('executed')\n"
        "import os\nos.system('touch ' + {0!r})\n\n"
        "def helper_function(data):\n    cleaned = [d for d in data if d]\n"
        "    cleaned.sort()\n    return cleaned\n"
    ).format(str(marker))
    for name in ("__init__.py", "setup.py", "conftest.py", "evil.py"):
        (root / "pkg" / name).write_text(payload)
    (root / "setup.py").write_text(payload)
    (root / ".jedi").mkdir()
    (root / ".jedi" / "project.json").write_text(
        '[1, {"path": "/", "environment_path": "/bin/false", "load_unsafe_extensions": true}]'
    )
    index = WorkspaceIndex(root)
    index.build()
    index.update_file(root / "pkg" / "evil.py")
    matches = index.find_duplicates("helper_function", None, exclude_path=root / "setup.py")
    assert {m.path.name for m in matches} == {"__init__.py", "setup.py", "evil.py"}
    assert not index.project.load_unsafe_extensions
    assert index.project.path == root.resolve()
    assert not marker.exists()
