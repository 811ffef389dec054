"""Triage through the real server: region names, CodeLenses, the one hover, turning a code off."""

from __future__ import annotations

import asyncio

import pytest
from helpers import (
    close_doc,
    list_regions,
    open_doc,
    request,
    running_server,
    wait_for_diagnostics,
)
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from test_diagnostics import NO_HEURISTIC, action_command, codes, grow, setup


async def lenses(client, uri) -> list[types.CodeLens]:
    return await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri))
    )


async def wait_for_lens(client, uri, predicate, timeout=5.0) -> list[types.CodeLens]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await lenses(client, uri)
        if predicate(found):
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"code lenses never matched; last: {found!r}")
        await asyncio.sleep(0.1)


async def test_regions_are_named_by_the_function_they_cover(tmp_path):
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        uri, region = await setup(client, tmp_path)
        assert region["symbol"] == "total_price"
        (listed,) = await list_regions(client, uri)
        assert listed["symbol"] == "total_price" and listed["reviewedAt"] is None
        history = await request(client, "aidecay/regionHistory", {"id": region["id"]})
        assert history["region"]["symbol"] == "total_price"
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri))
        )
        close_doc(client, uri)
        await asyncio.sleep(0.3)
        (closed,) = await list_regions(client)  # named from the text the server stored
        assert closed["symbol"] == "total_price"


async def test_code_lens_over_the_ai_function_with_its_complexity_change(tmp_path):
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        uri, region = await setup(client, tmp_path)
        (lens,) = await wait_for_lens(client, uri, lambda f: "CC 2" in f[0].command.title)
        assert lens.range.start.line == 7  # the def line
        assert lens.command.title.startswith("AI · agent (copilot) · ")
        assert "0 edits" in lens.command.title
        assert lens.command.command == "aidecay.showHistory"
        assert list(lens.command.arguments) == [region["id"]]

        await grow(client, uri)
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        (lens,) = await wait_for_lens(client, uri, lambda f: "CC 2→7" in f[0].command.title)
        assert " edit" in lens.command.title  # counted as the server groups edits
        (listed,) = await list_regions(client, uri)
        assert listed["metrics"] == {"complexityBaseline": 2, "complexityCurrent": 7}

        await client.workspace_execute_command_async(
            types.ExecuteCommandParams("aidecay.markReviewed", [region["id"]])
        )
        await wait_for_lens(client, uri, lambda f: f[0].command.title.endswith("· reviewed"))
        (listed,) = await list_regions(client, uri)
        assert listed["reviewedAt"] is not None


async def test_code_lens_setting_turns_it_off(tmp_path):
    options = {**NO_HEURISTIC, "codeLens": {"enabled": False}}
    async with running_server(tmp_path / "h.db", options=options) as client:
        uri, _ = await setup(client, tmp_path)
        assert not await lenses(client, uri)


async def test_no_lens_without_ai_regions(tmp_path):
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        path = tmp_path / "plain.py"
        path.write_text("def f():\n    return 1\n")
        open_doc(client, path.as_uri(), path.read_text())
        assert not await lenses(client, path.as_uri())


async def test_one_hover_card_names_findings_without_repeating_them(tmp_path):
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        uri, region = await setup(client, tmp_path)
        await grow(client, uri)
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(9, 6))
        )
        text = hover.contents.value
        assert text.startswith("**AI-written** `total_price` — agent (copilot)")
        assert " edit" in text and "not reviewed yet" in text
        assert "findings: `complexity-growth`" in text
        assert "2 → 7" not in text  # the diagnostic's own message is the editor's to show


async def test_quick_fix_turns_a_code_off(tmp_path):
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        uri, _ = await setup(client, tmp_path)
        await grow(client, uri)
        found = await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=found[0].range,
                context=types.CodeActionContext(diagnostics=list(found)),
            )
        )
        turn_off = [a for a in actions if a.title.startswith("Turn off")]
        assert [a.title for a in turn_off] == [
            f"Turn off {code} in this workspace" for code in dict.fromkeys(codes(found))
        ]
        command = action_command(turn_off[0])
        assert command.command == "aidecay.turnOffCode"
        assert list(command.arguments) == ["complexity-growth"]
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command.command, command.arguments)
        )
        assert "complexity-growth" in result["disabled"]
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" not in codes(d))


async def test_a_review_can_be_undone(tmp_path):
    """Undo Review: the findings the review accepted come back, measured from the baseline
    in force before it; the history says so and lists no standing review."""
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        uri, region = await setup(client, tmp_path)
        await grow(client, uri)
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        run = client.workspace_execute_command_async
        await run(types.ExecuteCommandParams("aidecay.markReviewed", [region["id"], "ada"]))
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" not in codes(d))
        (reviewed,) = await list_regions(client, uri)
        assert reviewed["reviewedBy"] == "ada"
        undone = await run(types.ExecuteCommandParams("aidecay.undoReview", [region["id"]]))
        assert undone["reviewedAt"] is None
        found = await wait_for_diagnostics(
            client, uri, lambda d: "complexity-growth" in codes(d), timeout=10
        )
        (growth,) = [d for d in found if d.code == "complexity-growth"]
        assert "2 → 7" in growth.message  # measured from the AI's baseline again
        (listed,) = await list_regions(client, uri)
        assert listed["reviewedAt"] is None and listed["reviewedBy"] is None
        history = await request(client, "aidecay/regionHistory", {"id": region["id"]})
        assert history["reviews"] == []
        assert [e["kind"] for e in history["events"] if e["kind"] != "edit"][-2:] == [
            "reviewed",
            "unreviewed",
        ]
        with pytest.raises(JsonRpcException, match="no review"):
            await run(types.ExecuteCommandParams("aidecay.undoReview", [region["id"]]))
