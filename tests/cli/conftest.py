"""A database produced by driving the real server, shared by the CLI tests (read-only)."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "e2e"))

from helpers import close_doc, edit, mark, open_doc, rng, running_server  # noqa: E402

NO_HEURISTIC = {"heuristic": {"enabled": False}}

MODULE = """import logging

log = logging.getLogger(__name__)


def parse_line(line):
    key, _, value = line.partition("=")
    return key.strip(), value.strip()


def load(path):
    with open(path) as handle:
        return [parse_line(line) for line in handle]


def main():
    print("hello")
"""

HELPERS = """def add(a, b):
    return a + b


def scale(values, factor):
    result = []
    for value in values:
        result.append(value * factor)
    return result
"""


@dataclass
class Recorded:
    db: Path
    workspace: Path
    module: Path
    helpers: Path


async def _record(db: Path, workspace: Path) -> Recorded:
    module, helpers = workspace / "pkg" / "mod.py", workspace / "pkg" / "helpers.py"
    module.parent.mkdir(parents=True)
    module.write_text(MODULE)
    helpers.write_text(HELPERS)
    async with running_server(db, options=NO_HEURISTIC, root=workspace) as client:
        uri, uri2 = module.as_uri(), helpers.as_uri()
        open_doc(client, uri, MODULE)
        open_doc(client, uri2, HELPERS)
        await mark(client, uri, rng(5, 0, 7, 35), origin="agent", tool="claude-code", model="m1")
        await mark(client, uri, rng(10, 0, 12, 56), origin="inline-completion", tool="copilot")
        await mark(client, uri2, rng(0, 0, 1, 16), origin="chat", tool="cursor")
        await mark(client, uri2, rng(4, 0, 8, 17), origin="agent", tool="claude-code", model="m1")
        edit(client, uri, 2, (6, 4), (6, 7), "name")  # a rename inside the first region
        edit(client, uri2, 2, (0, 0), (2, 0), "")  # delete the whole first helper region
        await asyncio.sleep(0.2)
        close_doc(client, uri)
        close_doc(client, uri2)
    module.write_text(MODULE.replace("key, _", "name, _", 1))
    helpers.write_text(HELPERS.split("\n", 2)[2])
    return Recorded(db, workspace, module, helpers)


@pytest.fixture(scope="session")
def recorded(tmp_path_factory) -> Recorded:
    base = tmp_path_factory.mktemp("recorded")
    workspace = base / "ws"
    workspace.mkdir()
    return asyncio.run(_record(base / "history.db", workspace))
