"""Logical lines of a function body (what the docstring rule counts) against Python's own
tokenizer on the function as a formatter prints it, and unchanged by reformatting."""

from __future__ import annotations

import ast
import io
import sysconfig
import tokenize
from pathlib import Path

import pytest

from aidecay.analysis.conventions.functions import collect_functions
from aidecay.analysis.conventions.source import ensure_parsed

STDLIB = Path(sysconfig.get_paths()["stdlib"])
MODULES = ["argparse.py", "textwrap.py", "tarfile.py", "json/decoder.py", "asyncio/tasks.py"]


def _reference(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """NEWLINE tokens of ``ast.unparse(fn)`` (one logical line per physical line, comments
    gone) less its decorators, its ``def`` line and its docstring."""
    printed = ast.unparse(fn)
    tokens = tokenize.generate_tokens(io.StringIO(printed).readline)
    newlines = sum(t.type == tokenize.NEWLINE for t in tokens)
    docstring = ast.get_docstring(fn, clean=False) is not None
    return newlines - len(fn.decorator_list) - 1 - docstring


@pytest.mark.parametrize("name", MODULES)
def test_logical_lines_are_the_tokenizers_on_the_printed_function(name):
    text = (STDLIB / name).read_text(encoding="utf-8")
    functions = collect_functions(ensure_parsed(text))
    assert len(functions) > 5
    for fn in functions:
        assert fn.logical_lines == _reference(fn.node), fn.name


@pytest.mark.parametrize("name", MODULES)
def test_reformatting_changes_no_count(name):
    """``ast.unparse`` joins every spread call, drops comments and blank lines."""
    text = (STDLIB / name).read_text(encoding="utf-8")
    before = {(f.owner, f.name): f.logical_lines for f in collect_functions(ensure_parsed(text))}
    printed = ast.unparse(ast.parse(text))
    after = {(f.owner, f.name): f.logical_lines for f in collect_functions(ensure_parsed(printed))}
    assert before == after
