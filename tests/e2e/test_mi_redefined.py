"""A database from before schema 6, which redefined the maintainability index: the server
never compares a baseline's old index with the new one, and follows the index from the
region's first measurement after the upgrade."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys

from helpers import insert, mark, open_doc, running_server, wait_for_diagnostics
from lsprotocol import types
from radon.metrics import mi_visit

from aidecay.analysis.metrics import region_metrics

NO_HEURISTIC = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 20}}

BODY = """    if body is None:
        return None
    position = getattr(body, "tell", None)
    if position is not None and start is not None:
        body.seek(start)
    return position() if position else start
"""
MODULE = f'''"""Request bodies."""


def rewind(body, start):
    """Move the body back to where it started.

    Bodies that cannot tell their position are left alone.
    """
{BODY}'''
FUNCTION = MODULE[MODULE.index("def rewind") :]


async def hover_text(client, uri) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(4, 4))
    )
    return hover.contents.value if hover is not None else ""


async def until_hover(client, uri, wanted, timeout=20.0) -> str:
    """The region's hover once ``wanted(text)`` holds, however loaded the machine is."""
    deadline = asyncio.get_running_loop().time() + timeout
    text = ""
    while asyncio.get_running_loop().time() < deadline:
        text = await hover_text(client, uri)
        if wanted(text):
            return text
        await asyncio.sleep(0.1)
    raise AssertionError(f"the hover never matched; last: {text!r}")


def _as_schema_5(db) -> None:
    """Put the database back as aidecay wrote it before schema 6: one ``mi`` column holding
    radon's index (clamped to 0..100, docstrings counted as comments)."""
    with sqlite3.connect(db) as conn:
        conn.execute("alter table metrics drop column mi")
        conn.execute("alter table metrics rename column mi_radon to mi")
        conn.execute("update metrics set mi = ?", [mi_visit(FUNCTION, True)])
        conn.execute("drop table replay_validity")  # schema 7's tables
        conn.execute("drop table replay_timelines")
        conn.execute("update meta set value = '5' where key = 'schema_version'")


async def test_an_index_measured_before_schema_6_is_never_compared_with_the_new_one(tmp_path):
    new = region_metrics(FUNCTION, 0, len(FUNCTION)).mi
    old = mi_visit(FUNCTION, True)
    assert old - new >= 15, "compared, the two definitions would report a drop"
    db, path = tmp_path / "h.db", tmp_path / "bodies.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, MODULE)
        await mark(
            client, uri, {"start": {"line": 3, "character": 0}, "end": {"line": 14, "character": 0}}
        )
        await until_hover(client, uri, lambda t: "maintainability index:" in t)
    _as_schema_5(db)

    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, MODULE)
        same = f"maintainability index: {new:.0f} → {new:.0f}"
        shown = await until_hover(client, uri, lambda t: same in t)
        assert "no decay findings" in shown
        assert "maintainability-drop" not in [d.code for d in client.diagnostics.get(uri, [])]
        # grown four-fold: the fall is measured from the index taken after the upgrade
        cases = "".join(
            f"    if {condition}:\n" + "".join("    " + line for line in BODY.splitlines(True))
            for condition in ("start is None", "isinstance(body, str)", "not body")
        )
        insert(client, uri, 2, 8, cases)
        found = await wait_for_diagnostics(
            client, uri, lambda d: "maintainability-drop" in [x.code for x in d], timeout=20
        )
    (drop,) = [d for d in found if d.code == "maintainability-drop"]
    assert drop.message.startswith(f"maintainability index {new:.0f} → ")
    with sqlite3.connect(db) as conn:
        kept = conn.execute("select mi_radon from metrics where kind = 'baseline'").fetchall()
    assert (old,) in kept  # the index measured before is kept, apart
    # stats compare no index of one definition with one of the other
    done = subprocess.run(
        [sys.executable, "-P", "-m", "aidecay", "stats", "--json", "--db", str(db)],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    complexity = json.loads(done.stdout)["complexity"]
    assert complexity["regions"] == 1 and complexity["medianMiDelta"] is None
