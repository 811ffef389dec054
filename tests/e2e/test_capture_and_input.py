"""Heuristic capture, position encodings, whole-document re-sends and bad input."""

from __future__ import annotations

import pytest
from helpers import (
    edit,
    list_regions,
    mark,
    open_doc,
    replace_all,
    request,
    rng,
    running_server,
)
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

BASE = "import os\n\n\ndef existing():\n    return os.getcwd()\n"
BULK = (
    "def added(items):\n    seen = set()\n    for item in items:\n        seen.add(item)\n"
    "    return seen\n"
)


async def test_bulk_insertion_is_captured_by_the_heuristic(tmp_path):
    uri = (tmp_path / "h.py").as_uri()
    async with running_server(tmp_path / "h.db") as client:
        open_doc(client, uri, BASE)
        edit(client, uri, 2, (5, 0), (5, 0), "\n\n" + BULK)
        await client.wait_for_notification("aidecay/regionsChanged")
        (region,) = await list_regions(client, uri)
        edit(client, uri, 3, (5, 0), (5, 0), "x = 1\ny = 2\n")  # two lines: below minLines
        assert len(await list_regions(client, uri)) == 1
    assert region["origin"] == "heuristic"
    assert region["range"] == rng(7, 0, 11, 15)


async def test_heuristic_respects_settings_from_configuration(tmp_path):
    uri = (tmp_path / "h.py").as_uri()
    config = {"heuristic": {"enabled": True, "minLines": 10}}
    async with running_server(tmp_path / "h.db", configuration=config) as client:
        open_doc(client, uri, BASE)
        edit(client, uri, 2, (5, 0), (5, 0), BULK)
        assert await list_regions(client, uri) == []
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"aidecay": {"heuristic": {"minLines": 2}}})
        )
        edit(client, uri, 3, (0, 0), (0, 0), "A = 1\nB = 2\n")
        (region,) = await list_regions(client, uri)
    assert region["range"] == rng(0, 0, 1, 5)


async def test_heuristic_mark_is_relabeled_by_a_precise_report(tmp_path):
    uri = (tmp_path / "h.py").as_uri()
    async with running_server(tmp_path / "h.db") as client:
        open_doc(client, uri, BASE)
        edit(client, uri, 2, (5, 0), (5, 0), BULK)
        (created,) = await mark(client, uri, rng(5, 0, 10, 0), origin="agent", tool="aider")
        (listed,) = await list_regions(client, uri)
    assert created["id"] == listed["id"]
    assert (listed["origin"], listed["tool"]) == ("agent", "aider")


@pytest.mark.parametrize(
    ("offered", "encoding"),
    [(["utf-16", "utf-8"], "utf-8"), (["utf-16"], "utf-16"), (["utf-32", "utf-16"], "utf-32")],
)
async def test_positions_follow_the_negotiated_encoding(tmp_path, offered, encoding):
    text = 'greeting = "héllo 😀"\n\ndef wave():\n    return "👋 " + greeting\n'
    uri = (tmp_path / "e.py").as_uri()

    def col(line: str, chars: int) -> int:
        prefix = line[:chars]
        if encoding == "utf-8":
            return len(prefix.encode("utf-8"))
        return len(prefix.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(prefix)

    line3 = '    return "👋 " + greeting'
    async with running_server(
        tmp_path / "e.db", encodings=offered, options={"heuristic": {"enabled": False}}
    ) as client:
        assert client.init_result.capabilities.position_encoding == encoding
        open_doc(client, uri, text)
        (region,) = await mark(client, uri, rng(2, 0, 3, col(line3, len(line3))), origin="chat")
        # Replace the emoji (inside the region) with a longer astral string.
        at = line3.index("👋")
        edit(client, uri, 2, (3, col(line3, at)), (3, col(line3, at + 1)), "🙋🏽")
        (listed,) = await list_regions(client, uri)
    new_line3 = line3.replace("👋", "🙋🏽")
    assert listed["range"] == rng(2, 0, 3, col(new_line3, len(new_line3)))
    assert listed["charsInserted"] == 2 and listed["charsDeleted"] == 1


async def test_crlf_document(tmp_path):
    text = "a = 1\r\n\r\ndef f():\r\n    return a\r\n"
    uri = (tmp_path / "c.py").as_uri()
    async with running_server(
        tmp_path / "c.db", options={"heuristic": {"enabled": False}}
    ) as client:
        open_doc(client, uri, text)
        (region,) = await mark(client, uri, rng(1, 0, 4, 0), origin="agent")
        edit(client, uri, 2, (0, 0), (0, 0), "b = 2\r\n")
        (listed,) = await list_regions(client, uri)
    assert region["range"] == rng(2, 0, 3, 12)
    assert listed["range"] == rng(3, 0, 4, 12)


async def test_identical_and_reformatting_resends_keep_regions(tmp_path):
    uri = (tmp_path / "r.py").as_uri()
    text = BASE + "\n\n" + BULK
    async with running_server(
        tmp_path / "r.db", options={"heuristic": {"enabled": False}}
    ) as client:
        open_doc(client, uri, text)
        (region,) = await mark(client, uri, rng(7, 0, 11, 15), origin="agent")
        replace_all(client, uri, 2, text)  # identical re-send
        (same,) = await list_regions(client, uri)
        replace_all(client, uri, 3, "# formatted\n" + text.replace("seen = set()", "seen=set()"))
        (moved,) = await list_regions(client, uri)
    assert same == region
    assert moved["range"] == rng(8, 0, 12, 15)
    assert moved["editCount"] == 1 and moved["status"] == "live"


async def test_bad_input_gets_clear_errors_and_never_kills_the_server(tmp_path):
    uri = (tmp_path / "b.py").as_uri()
    async with running_server(
        tmp_path / "b.db", options={"heuristic": {"enabled": False}}
    ) as client:
        open_doc(client, uri, BASE)
        (region,) = await mark(client, uri, rng(3, 0, 4, 22), origin="agent")
        edit(client, uri, 2, (90, 0), (95, 3), "# past the end\n")  # clamped, logged
        edit(client, uri, 1, (0, 0), (0, 0), "#")  # a stale version
        edit(client, "file:///nowhere/unknown.py", 5, (0, 0), (0, 0), "x")  # never opened
        for params, message in [
            ({"textDocument": {"uri": uri}, "range": rng(0, 0, 1, 0), "origin": "robot"}, "origin"),
            ({"textDocument": {"uri": uri}, "origin": "agent"}, "range"),
            (
                {
                    "textDocument": {"uri": uri, "version": 99},
                    "range": rng(0, 0, 1, 0),
                    "origin": "agent",
                },
                "version 99",
            ),
            (
                {
                    "textDocument": {"uri": "untitled:Untitled-9"},
                    "range": rng(0, 0, 1, 0),
                    "origin": "agent",
                },
                "neither open",
            ),
        ]:
            with pytest.raises(JsonRpcInvalidParams, match=message):
                await request(client, "aidecay/markRegion", params)
        with pytest.raises(JsonRpcInvalidParams, match="no region"):
            await request(client, "aidecay/regionHistory", {"id": "missing"})
        huge = "x = '" + "a" * 10_000_000 + "'\n"
        edit(client, uri, 3, (0, 0), (0, 0), huge)
        edit(client, uri, 4, (0, 10_000_003), (0, 10_000_004), "b")
        (listed,) = await list_regions(client, uri)
    assert listed["id"] == region["id"]
    assert listed["range"]["start"]["line"] == 4


async def test_unmark_removes_the_region_but_keeps_its_history(tmp_path):
    uri = (tmp_path / "u.py").as_uri()
    async with running_server(
        tmp_path / "u.db", options={"heuristic": {"enabled": False}}
    ) as client:
        open_doc(client, uri, BASE)
        (region,) = await mark(client, uri, rng(3, 0, 4, 22), origin="paste")
        result = await request(client, "aidecay/unmarkRegion", {"id": region["id"]})
        assert result["region"]["status"] == "unmarked"
        assert await list_regions(client, uri) == []
        (kept,) = await list_regions(client, uri, include_deleted=True)
        history = await request(client, "aidecay/regionHistory", {"id": region["id"]})
    assert kept["status"] == "unmarked"
    assert [e["kind"] for e in history["events"]] == ["created", "unmarked"]


async def test_deleting_a_region_keeps_its_lifetime(tmp_path):
    uri = (tmp_path / "d.py").as_uri()
    async with running_server(
        tmp_path / "d.db", options={"heuristic": {"enabled": False}}
    ) as client:
        open_doc(client, uri, BASE)
        (region,) = await mark(client, uri, rng(3, 0, 4, 22), origin="agent")
        edit(client, uri, 2, (2, 0), (5, 0), "")
        assert await list_regions(client, uri) == []
        (dead,) = await list_regions(client, uri, include_deleted=True)
    assert dead["status"] == "deleted" and dead["createdAt"] <= dead["deletedAt"]


async def test_several_content_changes_apply_in_order(tmp_path):
    """Multi-cursor edits arrive as one didChange with several changes, each relative to the
    text the previous one left."""
    uri = (tmp_path / "m.py").as_uri()
    async with running_server(
        tmp_path / "m.db", options={"heuristic": {"enabled": False}}
    ) as client:
        open_doc(client, uri, BASE)
        (region,) = await mark(client, uri, rng(3, 0, 4, 22), origin="agent")
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
                        text="import sys\n",
                    ),
                    types.TextDocumentContentChangePartial(  # line 4 is now `def existing():`
                        range=types.Range(start=types.Position(4, 4), end=types.Position(4, 12)),
                        text="current",
                    ),
                ],
            )
        )
        (listed,) = await list_regions(client, uri)
    assert listed["range"] == rng(4, 0, 5, 22)
    assert listed["editCount"] == 1 and listed["charsInserted"] == len("current")


async def test_untitled_documents_are_tracked_while_open(tmp_path):
    uri = "untitled:Untitled-1"
    async with running_server(
        tmp_path / "t.db", options={"heuristic": {"enabled": False}}
    ) as client:
        open_doc(client, uri, BASE)
        (region,) = await mark(client, uri, rng(3, 0, 4, 22), origin="chat")
        edit(client, uri, 2, (4, 4), (4, 4), "#")
        (listed,) = await list_regions(client, uri)
    assert listed["id"] == region["id"] and listed["editCount"] == 1
