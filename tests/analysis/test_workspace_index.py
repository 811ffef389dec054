"""Tests for aidecay.analysis.index.workspace: discovery, updates, concurrency, safety."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from aidecay.analysis.index import reconcile as reconcile_module
from aidecay.analysis.index import workspace as workspace_module
from aidecay.analysis.index.discovery import ParseOrder
from aidecay.analysis.index.fingerprint import features_of_source
from aidecay.analysis.index.workspace import WorkspaceIndex

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


MAKE_URL_SLUG = features_of_source(VIEWS, "make_url_slug")


def similar(index: WorkspaceIndex, exclude=None, limit=10) -> list[str]:
    """Qualnames of what ``make_url_slug`` (a renamed slugify) is similar to."""
    found = index.similar(MAKE_URL_SLUG, 0.7, exclude_path=exclude, limit=limit)
    return [m.item.qualname for m in found]


def test_build_indexes_only_project_files(project: Path) -> None:
    index = WorkspaceIndex(project)
    assert index.build() == 5
    assert index.ready.is_set()
    files = {d.path.relative_to(project.resolve()).as_posix() for d in index.definitions()}
    assert files == {"app/text.py", "app/models.py", "app/views.py", "tests/test_text.py"}
    text_defs = {d.qualname: d for d in index.definitions(project / "app" / "text.py")}
    assert set(text_defs) == {"slugify", "normalize_whitespace", "main"}
    assert (text_defs["slugify"].start_line, text_defs["slugify"].end_line) == (6, 10)


def test_finds_the_renamed_helper_in_another_module(project: Path) -> None:
    index = WorkspaceIndex(project)
    index.build()
    views = project / "app" / "views.py"
    (match,) = index.similar(MAKE_URL_SLUG, 0.7, exclude_path=views)
    assert (match.item.path.name, match.item.qualname, match.item.start_line) == (
        "text.py",
        "slugify",
        6,
    )
    assert match.similarity == 1.0  # renamed locals, other constants: a type-2 clone
    assert sorted(similar(index)) == ["make_url_slug", "slugify"]


def test_update_and_remove_keep_index_current(project: Path) -> None:
    index = WorkspaceIndex(project)
    index.build()
    views = project / "app" / "views.py"
    text = project / "app" / "text.py"
    index.update_file(text, TEXT_UTILS.replace("def slugify(", "def to_slug("))
    assert similar(index, views) == ["to_slug"]
    index.remove_file(text)
    assert similar(index, views) == []
    # A broken file in the editor is still indexed (parso fallback).
    assert index.update_file(text, TEXT_UTILS + "\ndef unfinished(:\n    pass\n")
    names = {d.qualname for d in index.definitions(text)}
    assert {"slugify", "normalize_whitespace", "unfinished"} <= names
    assert similar(index, views) == ["slugify"]
    # Files outside the root or in skipped folders are ignored.
    assert not index.update_file(project / ".venv" / "x.py", TEXT_UTILS)
    assert not index.update_file(project.parent / "elsewhere.py", TEXT_UTILS)


def test_editor_update_during_build_wins(project: Path, monkeypatch) -> None:
    index = WorkspaceIndex(project)
    text = project / "app" / "text.py"
    original_read = reconcile_module.read_bytes

    def slow_read(path: Path, limit=None):
        content = original_read(path, limit)
        if path.name == "text.py":  # the user edits text.py while the scan is reading it
            index.update_file(text, TEXT_UTILS.replace("def slugify(", "def make_slug("))
        return content

    monkeypatch.setattr(reconcile_module, "read_bytes", slow_read)
    index.build()
    assert "make_slug" in {d.name for d in index.definitions(text)}


def test_concurrent_build_and_queries(project: Path) -> None:
    for i in range(40):
        (project / "app" / f"mod{i}.py").write_text(TEXT_UTILS.replace("slugify", f"slug{i}"))
    index = WorkspaceIndex(project)
    thread = threading.Thread(target=index.build)
    thread.start()
    while not index.ready.is_set():
        similar(index)
    thread.join()
    assert len(similar(index, project / "app" / "views.py", limit=100)) == 41


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
    assert {d.path.name for d in index.definitions() if d.name == "helper_function"} == {
        "__init__.py",
        "setup.py",
        "conftest.py",
        "evil.py",
    }
    assert not marker.exists()


def test_queries_answer_from_the_part_already_built(tmp_path: Path) -> None:
    (tmp_path / "a_text.py").write_text(TEXT_UTILS)
    for i in range(39):
        (tmp_path / f"m{i:02}.py").write_text(f"def f{i}(x):\n    return x + {i}\n")
    index = WorkspaceIndex(tmp_path)
    seen: list[tuple[int, int, list[str]]] = []

    def progress(done: int, total: int) -> None:
        if 0 < done < total:
            seen.append((done, total, similar(index)))

    index.build(progress)
    assert seen and seen[0][:2] == (20, 40)
    assert all(found == ["slugify"] for _, _, found in seen)
    assert index.ready.is_set() and len(index) == 42


def test_focus_indexes_the_open_folder_before_any_build(project: Path) -> None:
    index = WorkspaceIndex(project)
    index.focus(project / "app" / "views.py")
    files = {d.path.relative_to(project.resolve()).as_posix() for d in index.definitions()}
    assert files == {"app/text.py", "app/models.py", "app/views.py"}
    assert similar(index, project / "app" / "views.py") == ["slugify"]
    assert index.build() == 5
    assert len({d.path for d in index.definitions()}) == 4  # and tests/test_text.py


def test_build_parses_the_open_files_package_first(tmp_path: Path, monkeypatch) -> None:
    for package in ("alpha", "beta", "gamma"):
        for sub in ("", "inner"):
            folder = tmp_path / package / sub
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "__init__.py").write_text("")
            for i in range(3):
                (folder / f"m{i}.py").write_text(f"def f{i}(x):\n    return x + {i}\n")
    parsed: list[str] = []
    real = workspace_module.extract_all

    def spy(jobs, count, root):
        def recorded():
            for name, data in jobs:
                parsed.append(Path(name).relative_to(tmp_path.resolve()).parts[0])
                yield name, data

        return real(recorded(), count, root)

    monkeypatch.setattr(workspace_module, "extract_all", spy)
    index = WorkspaceIndex(tmp_path)
    index.focus(tmp_path / "beta" / "inner" / "m0.py")  # beta/inner/ is indexed at once
    assert {d.path.parent.name for d in index.definitions()} == {"inner"}
    assert index.build() == 24
    assert parsed == ["beta"] * 4 + ["alpha"] * 8 + ["gamma"] * 8
    assert index.focus_generation == 1


def test_parse_order_puts_preferred_folders_first(tmp_path: Path) -> None:
    found = [(tmp_path / name, None) for name in ("a/x.py", "b/y.py", "b/z.py", "c/w.py")]
    order = ParseOrder(found)
    assert order.take()[0] == tmp_path / "a/x.py"
    order.drop(tmp_path / "b/y.py")
    assert order.prefer(tmp_path / "c") == [tmp_path / "c/w.py"]
    assert [path for path, _ in order] == [tmp_path / "c/w.py", tmp_path / "b/z.py"]
    assert order.take() is None
