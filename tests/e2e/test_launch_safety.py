"""A hostile workspace: modules planted in it must never be imported by the server.

Each planted module leaves a marker file when imported. A full session (open, mark, edit until
the analysis child reports complexity growth, the workspace index finds a copied helper, save,
shut down) runs with the workspace as the server's working directory; no marker may appear.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SERVER, insert, mark, open_doc, rng, running_server, wait_for_diagnostics
from lsprotocol import types

from aidecay.safety import module_command

#: Names a server process would import if the workspace were on its sys.path.
PLANTED = [
    "json", "types", "queue", "logging", "signal", "select", "asyncio", "threading",
    "sqlite3", "multiprocessing", "aidecay", "sitecustomize", "usercustomize", "setup",
    "conftest", "jedi", "parso", "radon", "pygls",
]  # fmt: skip
#: ``python -m`` imports these (runpy) before any aidecay code runs: only ``-P`` or a neutral
#: working directory protects them, so the plain ``-m`` launch is tested without them.
BEFORE_OUR_CODE = {"types", "aidecay"}

HELPERS = '''"""Text helpers."""


def strip_margin(text, margin="|"):
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(margin):
            stripped = stripped[len(margin):]
        lines.append(stripped)
    return "\\n".join(lines)
'''
ORDERS = '''"""Orders."""


def total_price(items):
    total = 0
    for item in items:
        total += item.price * item.quantity
    return total


def remove_margin(block, marker="|"):
    result = []
    for row in block.splitlines():
        cleaned = row.lstrip()
        if cleaned.startswith(marker):
            cleaned = cleaned[len(marker):]
        result.append(cleaned)
    return "\\n".join(result)
'''


def plant(workspace: Path, markers: Path, names: list[str]) -> None:
    for name in names:
        code = f"open({str(markers / name)!r}, 'w').write('imported')\n"
        (workspace / f"{name}.py").write_text(code)


def make_workspace(tmp_path: Path, names: list[str]) -> tuple[Path, Path]:
    workspace, markers = tmp_path / "ws", tmp_path / "markers"
    workspace.mkdir()
    markers.mkdir()
    plant(workspace, markers, names)
    (workspace / "text_utils.py").write_text(HELPERS)
    (workspace / "orders.py").write_text(ORDERS)
    return workspace, markers


async def full_session(client, workspace: Path) -> None:
    uri = (workspace / "orders.py").as_uri()
    open_doc(client, uri, ORDERS)
    await mark(client, uri, rng(3, 0, 18, 27), origin="agent", tool="claude")
    await asyncio.sleep(0.3)
    version = 2
    for line, text in [
        (6, "        if item.quantity <= 0:\n            continue\n"),
        (4, "    if not items:\n        return 0\n"),
        (11, "    if total > 100:\n        total *= 0.9\n"),
        (13, "    elif total < 0 and items:\n        total = 0\n"),
    ]:
        insert(client, uri, version, line, text)
        version += 1
        await asyncio.sleep(0.05)
    found = await wait_for_diagnostics(
        client,
        uri,
        lambda d: {"complexity-growth", "duplicate-helper"} <= {x.code for x in d},
        timeout=30,
    )
    assert found
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await asyncio.sleep(0.2)


@pytest.mark.parametrize(
    "launch",
    ["safe-path", "plain-module"],
)
async def test_no_workspace_module_is_imported_during_a_full_session(tmp_path, launch):
    if launch == "safe-path":
        names, command = PLANTED, [*module_command("aidecay"), "serve"]
    else:
        names = [n for n in PLANTED if n not in BEFORE_OUR_CODE]
        command = SERVER
    workspace, markers = make_workspace(tmp_path, names)
    options = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 20}}
    async with running_server(
        tmp_path / "s.db", options=options, root=workspace, command=command, cwd=workspace
    ) as client:
        await full_session(client, workspace)
    assert sorted(p.name for p in markers.iterdir()) == []


def test_the_server_refuses_to_run_when_a_dependency_is_shadowed(tmp_path):
    """A standard-library module loaded from a planted folder: refuse, and say which."""
    planted, markers = tmp_path / "planted", tmp_path / "markers"
    planted.mkdir()
    markers.mkdir()
    (planted / "bisect.py").write_text(
        f"open({str(markers / 'bisect')!r}, 'w').write('imported')\n"
        "from _bisect import *\nbisect, insort = bisect_right, insort_right\n"
    )
    path = os.pathsep.join(p for p in (str(planted), os.environ.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "aidecay", "serve", "--db", str(tmp_path / "r.db")],
        env={**os.environ, "PYTHONPATH": path},
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (markers / "bisect").exists(), "the test did not plant what it meant to"
    assert done.returncode == 3, done.stderr
    assert "refusing to run" in done.stderr
    assert f"'bisect' from {planted / 'bisect.py'}" in done.stderr
