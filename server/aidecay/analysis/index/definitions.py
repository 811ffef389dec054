"""Top-level functions and methods of a Python file, as the workspace index records them.

Source is only ever *parsed* (``ast``, falling back to parso for files with syntax errors);
it is never imported or executed. Line numbers are 0-based and inclusive; a definition starts
at its first decorator.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..units import find_units
from .fingerprint import Features, FunctionNode, features_of, features_of_source

SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        "site-packages",
        "dist-packages",
        "__pypackages__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
    }
)


@dataclass(frozen=True, slots=True)
class IndexedDef:
    """A top-level function or a method of a top-level class."""

    name: str
    qualname: str
    path: Path
    start_line: int
    end_line: int
    features: Features | None
    kind: Literal["function", "method"]
    class_name: str | None = None
    class_bases: tuple[str, ...] = ()
    #: The first line of its docstring (capped), for searches by description.
    doc: str = ""

    @property
    def fingerprint(self) -> str | None:
        """Exact fingerprint of the normalised body, for clone candidates only."""
        f = self.features
        return f.fingerprint if f is not None and f.candidate else None

    def record(self) -> tuple:
        """A marshal-friendly tuple (without the path), see :func:`def_from_record`."""
        f = self.features
        feats = (
            None
            if f is None
            else (f.fingerprint, f.shingles, f.marks, f.tokens, f.statements, f.calls)
        )
        return (
            self.name, self.qualname, self.start_line, self.end_line, feats, self.kind,
            self.class_name, self.class_bases, self.doc,
        )  # fmt: skip


def def_from_record(record: tuple, path: Path) -> IndexedDef:
    """The inverse of :meth:`IndexedDef.record`."""
    name, qualname, start, end, feats, kind, class_name, bases, doc = record
    features = None
    if feats is not None:
        digest, shingles, marks, tokens, statements, calls = feats
        features = Features(
            digest, shingles, marks, tokens, statements, tuple(map(sys.intern, calls))
        )
    name = sys.intern(name)
    return IndexedDef(
        name, name if qualname == name else qualname, path, start, end, features, kind,
        class_name and sys.intern(class_name), tuple(map(sys.intern, bases)), doc,
    )  # fmt: skip


def is_test_name(name: str) -> bool:
    """``test``, ``test_x``, ``testX`` (unittest style)."""
    return (
        name == "test"
        or name.startswith("test_")
        or (name.startswith("test") and name[4:5].isupper())
    )


def is_test_file(path: Path) -> bool:
    """Test module by pytest/unittest conventions; ``path`` relative to the project root."""
    name = path.name
    return (
        name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
        or any(part in ("tests", "test") for part in path.parts[:-1])
    )


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def name_key(name: str) -> str:
    """Same-name key: leading underscores do not make a different helper."""
    return name.lstrip("_")


#: Characters of a docstring's first line the index keeps.
DOC_CHARS = 160


def doc_summary(node: FunctionNode) -> str:
    """The first non-blank line of a function's docstring, capped at ``DOC_CHARS``."""
    doc = ast.get_docstring(node, clean=False)
    if not doc:
        return ""
    first = next((line.strip() for line in doc.splitlines() if line.strip()), "")
    return first[:DOC_CHARS]


def _line_span(node: ast.AST) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", [])
    first = min([node.lineno, *(d.lineno for d in decorators)])
    return first - 1, (node.end_lineno or node.lineno) - 1


def _base_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):  # Generic[T], Base[int]
        return _base_name(node.value)
    return None


def _module_level(stmts: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements executed at module level, looking inside ``if``/``try`` blocks."""
    for node in stmts:
        if isinstance(node, ast.If):
            yield from _module_level([*node.body, *node.orelse])
        elif isinstance(node, ast.Try | getattr(ast, "TryStar", ast.Try)):
            handlers = [s for h in node.handlers for s in h.body]
            yield from _module_level([*node.body, *handlers, *node.orelse, *node.finalbody])
        else:
            yield node


def defs_from_tree(tree: ast.Module, path: Path) -> list[IndexedDef]:
    """Top-level functions and methods of top-level classes in a parsed module."""
    out: list[IndexedDef] = []
    for node in _module_level(tree.body):
        if isinstance(node, FunctionNode):
            start, end = _line_span(node)
            out.append(
                IndexedDef(
                    node.name, node.name, path, start, end, features_of(node), "function",
                    doc=doc_summary(node),
                )
            )  # fmt: skip
        elif isinstance(node, ast.ClassDef):
            bases = tuple(b for b in map(_base_name, node.bases) if b)
            for item in node.body:
                if isinstance(item, FunctionNode):
                    start, end = _line_span(item)
                    out.append(
                        IndexedDef(
                            item.name,
                            f"{node.name}.{item.name}",
                            path,
                            start,
                            end,
                            features_of(item),
                            "method",
                            node.name,
                            bases,
                            doc_summary(item),
                        )
                    )
    return out


def defs_from_broken_source(text: str, path: Path) -> list[IndexedDef]:
    """Same as :func:`defs_from_tree` for a file that does not parse (parso recovery)."""
    units = find_units(text)
    top_classes = {u.qualname for u in units if u.kind == "class" and u.parent is None}
    out: list[IndexedDef] = []
    for unit in units:
        is_function = unit.kind == "function" and unit.parent is None
        is_method = unit.kind == "method" and unit.parent in top_classes
        if not (is_function or is_method):
            continue
        out.append(
            IndexedDef(
                unit.name,
                unit.qualname,
                path,
                unit.start_line,
                unit.end_line,
                None if unit.has_error else features_of_source(unit.text(text), unit.name),
                "method" if is_method else "function",
                unit.parent if is_method else None,
            )
        )
    return out


def extract_defs(text: str, path: Path) -> list[IndexedDef]:
    """Index entries for one file's text.  Never raises on bad code."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        try:
            return defs_from_broken_source(text, path)
        except Exception:  # parso is error tolerant; stay defensive anyway
            return []
    try:
        return defs_from_tree(tree, path)
    except RecursionError:
        return []


def decode_python(data: bytes) -> str | None:
    """Decode source bytes honouring PEP 263 coding cookies; None if undecodable."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None
