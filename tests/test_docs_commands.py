"""Every command the docs name (to reproduce a figure or to use aidecay) exists, with the
options they give it: ``bench/*.py`` and ``tests/wild/run.py`` scripts (their ``--help``
lists the options), and ``aidecay`` subcommands (the CLI's own parser)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from aidecay.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
#: Inline code spans and the lines of fenced code blocks.
_SPANS = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.S)
_SCRIPT = re.compile(r"(?<![\w/.-])((?:bench|tests/wild)/[\w/]+\.py)((?:[ \t]+[^\s`|]+)*)")
#: "aidecay" then a word: a command ("claude mcp add aidecay -- aidecay mcp" names "mcp").
_AIDECAY = re.compile(r"(?<![\w/.-])aidecay((?:[ \t]+(?!-)[^\s`|]+)(?:[ \t]+[^\s`|]+)*)")
_OPTION = re.compile(r"^--[a-z][a-z0-9-]*")
#: Code spans that start with "aidecay" but show a message, not a command.
_MESSAGES = frozenset({("not", "installed")})


def _code(text: str) -> list[str]:
    """Every line of code the document shows (spans and fenced blocks)."""
    found = []
    for block, span in _SPANS.findall(text):
        found += block.splitlines() if block else [span]
    return found


def _options(words: str) -> list[str]:
    return [m.group(0) for w in words.split() if (m := _OPTION.match(w))]


def named_commands() -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """(document, kind, command words, options) for every command shown in the docs."""
    found = []
    for doc in DOCS:
        for line in _code(doc.read_text(encoding="utf-8")):
            for line_part in line.split("#")[:1]:  # comments after a command are prose
                for m in _SCRIPT.finditer(line_part):
                    found.append((doc.name, "script", (m.group(1),), tuple(_options(m.group(2)))))
                for m in _AIDECAY.finditer(line_part):
                    words = m.group(1).split()
                    path = tuple(w for w in words[:2] if re.fullmatch(r"[a-z][a-z-]*", w))
                    if path and path not in _MESSAGES:
                        found.append((doc.name, "aidecay", path, tuple(_options(m.group(1)))))
    return sorted(set(found))


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # noqa: SLF001 - argparse keeps subcommands here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    return {}


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings}  # noqa: SLF001


@cache
def _script_help(script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-P", str(ROOT / script), "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{script} --help failed: {done.stderr[-500:]}"
    return done.stdout


COMMANDS = named_commands()


def test_the_docs_name_commands():
    kinds = {kind for _doc, kind, _words, _options in COMMANDS}
    scripts = {words[0] for _doc, kind, words, _ in COMMANDS if kind == "script"}
    assert kinds == {"script", "aidecay"}
    assert {"tests/wild/run.py", "bench/analysis.py", "bench/clones.py"} <= scripts


@pytest.mark.parametrize(
    "doc,kind,words,options", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v
)
def test_named_command_exists(doc, kind, words, options):
    if kind == "script":
        assert (ROOT / words[0]).is_file(), f"{doc} names {words[0]}, which is not in the tree"
        if Path(words[0]).name.startswith("test_"):
            return  # a pytest module: run by pytest, no options of its own
        shown = _script_help(words[0])
        missing = [o for o in options if o not in shown]
        assert not missing, f"{doc}: {words[0]} has no option {missing}"
        return
    parser = build_parser()
    commands = _subparsers(parser)
    assert words[0] in commands, f"{doc} names 'aidecay {words[0]}', which does not exist"
    sub = commands[words[0]]
    nested = _subparsers(sub)
    if len(words) > 1 and words[1] in nested:
        sub = nested[words[1]]
    known = _option_strings(sub) | _option_strings(parser)
    missing = [o for o in options if o not in known]
    assert not missing, f"{doc}: 'aidecay {' '.join(words)}' has no option {missing}"
