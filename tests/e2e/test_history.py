"""Edits a person would count, history snapshots and review-as-accept, through the real server."""

from __future__ import annotations

import asyncio

from helpers import (
    edit,
    insert,
    list_regions,
    mark,
    open_doc,
    request,
    rng,
    running_server,
    wait_for_diagnostics,
)
from lsprotocol import types
from test_diagnostics import ORDERS, codes, grow, setup

FAST = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 20}}

SOURCE = """def parse(text):
    return text.split(",")
"""


def save(client, uri: str) -> None:
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def type_text(client, uri: str, version: int, line: int, column: int, text: str) -> int:
    """Type ``text`` one character per change, as an editor sends it; the last version."""
    for k, char in enumerate(text):
        version += 1
        edit(client, uri, version, (line, column + k), (line, column + k), char)
    return version


async def test_keystrokes_become_edits_split_by_pause_and_save(tmp_path):
    uri = (tmp_path / "p.py").as_uri()
    options = {**FAST, "history": {"editGapSeconds": 0.5}}
    async with running_server(tmp_path / "h.db", options=options) as client:
        open_doc(client, uri, SOURCE)
        (region,) = await mark(client, uri, rng(0, 0, 1, 26), origin="inline-completion")
        version = type_text(client, uri, 1, 1, 15, ".strip()")  # one burst: one edit
        (listed,) = await list_regions(client, uri)
        assert (listed["editCount"], listed["changeCount"], listed["sittings"]) == (1, 8, 1)
        assert listed["charsInserted"] == 8

        await asyncio.sleep(0.8)  # a pause longer than editGapSeconds
        version = type_text(client, uri, version, 0, 15, "  ")
        save(client, uri)  # a save ends an edit too
        version = type_text(client, uri, version, 0, 17, "#")
        (listed,) = await list_regions(client, uri)
        assert (listed["editCount"], listed["changeCount"]) == (3, 11)

        history = await request(client, "aidecay/regionHistory", {"id": region["id"]})
        (sitting,) = history["sittings"]
        assert sitting["editCount"] == 3
        first, second, third = sitting["edits"]
        assert (first["author"], first["inserted"], first["deleted"], first["open"]) == (
            "human",
            8,
            0,
            False,
        )
        texts = {t["id"]: t["text"] for t in history["texts"]}
        assert texts[first["beforeTextId"]] == SOURCE.rstrip("\n")
        assert texts[first["afterTextId"]].endswith('text.strip().split(",")')
        assert second["beforeTextId"] == first["afterTextId"]  # one text, sent once
        assert third["open"] and third["afterTextId"] is None
        assert history["currentText"].startswith("def parse(text)  #:")
        assert [e["kind"] for e in history["events"]] == ["created", "edit", "edit", "edit"]


async def test_review_accepts_the_region_as_it_is(tmp_path):
    async with running_server(tmp_path / "h.db", options=FAST) as client:
        uri, region = await setup(client, tmp_path)
        version = await grow(client, uri)
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))

        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams("aidecay.markReviewed", [region["id"], "ada"])
        )
        assert result["reviewedBy"] == "ada" and result["reviewedAt"]
        await wait_for_diagnostics(client, uri, lambda d: len(d) == 0)
        (listed,) = await list_regions(client, uri)
        assert listed["reviewedBy"] == "ada" and listed["reviewedAt"] == result["reviewedAt"]

        version += 1
        insert(client, uri, version, 9, "    # prices are in cents\n")  # a comment after review
        await asyncio.sleep(1.0)  # several analysis passes
        assert "complexity-growth" not in codes(client.diagnostics.get(uri, ()))

        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(9, 6))
        )
        assert "reviewed by ada" in hover.contents.value
        assert "| `total_price` | 7 | 7 |" in hover.contents.value  # measured from the review

        more = [
            (15, f"        if item.price > {k}000:\n            continue\n") for k in range(1, 5)
        ]
        for line, text in more:
            version += 1
            insert(client, uri, version, line, text)
        found = await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        message = next(d.message for d in found if d.code == "complexity-growth")
        assert "7 → 11" in message


async def test_review_survives_a_restart(tmp_path):
    db = tmp_path / "h.db"
    async with running_server(db, options=FAST) as client:
        uri, region = await setup(client, tmp_path)
        await grow(client, uri)
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams("aidecay.markReviewed", [region["id"]])
        )
        await wait_for_diagnostics(client, uri, lambda d: len(d) == 0)
        await asyncio.sleep(1.3)  # the new baseline is flushed
        text = await request(client, "aidecay/regionHistory", {"id": region["id"]})
        current = text["currentText"]
    path = tmp_path / "orders.py"
    grown = ORDERS.replace(ORDERS[ORDERS.index("def total_price") :], current + "\n")
    path.write_text(grown)
    async with running_server(db, options=FAST) as client:
        open_doc(client, uri, grown)
        insert(client, uri, 2, 9, "    # a comment\n")
        await asyncio.sleep(1.0)
        assert "complexity-growth" not in codes(client.diagnostics.get(uri, ()))
