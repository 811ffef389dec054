"""History survives restarts, and edits made while the server was down are re-anchored."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat

from helpers import close_doc, edit, list_regions, mark, open_doc, request, rng, running_server
from lsprotocol import types

NO_HEURISTIC = {"heuristic": {"enabled": False}}

MODULE = """import logging

log = logging.getLogger(__name__)


def parse_line(line):
    key, _, value = line.partition("=")
    return key.strip(), value.strip()


def main():
    print("hello")
"""


async def test_restart_on_the_same_database_restores_every_region(tmp_path):
    db = tmp_path / "h.db"
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, MODULE)
        (first,) = await mark(client, uri, rng(5, 0, 7, 35), origin="inline-completion")
        (second,) = await mark(client, uri, rng(10, 0, 11, 18), origin="chat", model="gpt-x")
        edit(client, uri, 2, (6, 4), (6, 7), "name")  # rename inside the first region
        before = await list_regions(client)
    async with running_server(db, options=NO_HEURISTIC) as client:
        after_restart = await list_regions(client)
        open_doc(client, uri, MODULE.replace("key, _", "name, _"), version=1)
        reopened = await list_regions(client, uri)
    assert after_restart == before
    assert [r["range"] for r in reopened] == [r["range"] for r in before]
    assert [r["id"] for r in reopened] == [first["id"], second["id"]]
    assert reopened[0]["editCount"] == 1
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


async def test_external_modification_while_down_is_reanchored_and_recorded(tmp_path):
    db = tmp_path / "h.db"
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, MODULE)
        (region,) = await mark(client, uri, rng(5, 0, 7, 35), origin="agent")
        close_doc(client, uri)
    # While no server runs: a line is added above, and the region's body is changed.
    changed = "import os\n" + MODULE.replace("key.strip()", "key.strip().lower()")
    path.write_text(changed)
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, changed)
        (listed,) = await list_regions(client, uri)
        history = await request(client, "aidecay/regionHistory", {"id": region["id"]})
    assert listed["range"] == rng(6, 0, 8, 43)
    assert listed["editCount"] == 1
    last = history["events"][-1]
    assert (last["kind"], last["author"], last["rule"]) == ("edit", "external", None)
    assert last["inserted"] == len(".lower()")


async def test_watched_file_change_reanchors_a_closed_document(tmp_path):
    db = tmp_path / "h.db"
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, MODULE)
        await mark(client, uri, rng(10, 0, 11, 18), origin="agent")
        close_doc(client, uri)
        path.write_text("# header\n\n" + MODULE)
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Changed)]
            )
        )
        (listed,) = await list_regions(client, uri)
    assert listed["range"] == rng(12, 0, 13, 18)
    assert listed["editCount"] == 0


async def test_flushed_within_a_second_without_save(tmp_path):
    db = tmp_path / "h.db"
    uri = (tmp_path / "x.py").as_uri()
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, MODULE)
        await mark(client, uri, rng(5, 0, 7, 35), origin="agent")
        edit(client, uri, 2, (6, 4), (6, 4), "x")
        await asyncio.sleep(1.6)
        conn = sqlite3.connect(db)
        rows = conn.execute("select kind from events order by at").fetchall()
        assert [r[0] for r in rows] == ["created"]
        edits = conn.execute("select changes, inserted, open from edits").fetchall()
        assert edits == [(1, 1, 1)]  # the edit is written while it may still grow


async def test_two_servers_on_one_database_lose_nothing(tmp_path):
    db = tmp_path / "shared.db"
    uris = [(tmp_path / f"m{k}.py").as_uri() for k in range(2)]
    async with (
        running_server(db, options=NO_HEURISTIC) as one,
        running_server(db, options=NO_HEURISTIC) as two,
    ):
        for client, uri in zip((one, two), uris):
            open_doc(client, uri, MODULE)
        for step in range(20):
            for client, uri in zip((one, two), uris):
                await mark(client, uri, rng(step % 12, 0, step % 12, 5), origin="agent")
                edit(client, uri, step + 2, (0, 0), (0, 0), "#\n")
        for client, uri in zip((one, two), uris):
            close_doc(client, uri)
        ids_one = {r["id"] for r in await list_regions(one, include_deleted=True)}
    async with running_server(db, options=NO_HEURISTIC) as client:
        everything = await list_regions(client, include_deleted=True)
    assert ids_one <= {r["id"] for r in everything}
    assert {r["uri"] for r in everything} == set(uris)


async def test_sigkill_loses_at_most_the_last_flush_window(tmp_path):
    db = tmp_path / "k.db"
    uri = (tmp_path / "k.py").as_uri()
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, MODULE)
        (region,) = await mark(client, uri, rng(5, 0, 7, 35), origin="agent")
        edit(client, uri, 2, (6, 4), (6, 7), "name")
        await asyncio.sleep(1.5)  # one flush window
        client._server.kill()  # SIGKILL: no shutdown, no final flush
        await client._server.wait()
        client.capabilities = None  # nothing left to shut down
    async with running_server(db, options=NO_HEURISTIC) as client:
        (listed,) = await list_regions(client)
    assert listed["id"] == region["id"] and listed["editCount"] == 1


async def test_undecodable_file_on_disk_leaves_regions_alone(tmp_path):
    db = tmp_path / "u.db"
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, MODULE)
        (region,) = await mark(client, uri, rng(5, 0, 7, 35), origin="agent")
        close_doc(client, uri)
        path.write_bytes(b"\xff\xfe\x00garbage\x81")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Changed)]
            )
        )
        (listed,) = await list_regions(client, uri)
    assert listed["range"] == region["range"] and listed["status"] == "live"
