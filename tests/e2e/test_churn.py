"""``churn`` measures what happened to the AI's text, not keystroke traffic (real server)."""

from __future__ import annotations

import asyncio

from helpers import edit, list_regions, request, running_server
from test_diagnostics import ORDERS, codes, setup

OPTIONS = {
    "heuristic": {"enabled": False},
    "analysis": {"debounceMs": 20},
    "history": {"editGapSeconds": 0.5},
}
AI_FUNCTION = ORDERS[ORDERS.index("def total_price") :].rstrip("\n")
TYPED = "".join(f"price_{k} = item.price * {k}; " for k in range(100))[:1500]


async def settled_codes(client, uri, seconds: float = 1.5) -> list[str]:
    """The published codes once analysis has had time for several passes."""
    await asyncio.sleep(seconds)
    return codes(client.diagnostics.get(uri, ()))


async def test_text_typed_into_an_ai_function_then_deleted_is_not_churn(tmp_path):
    async with running_server(tmp_path / "h.db", options=OPTIONS) as client:
        uri, region = await setup(client, tmp_path)
        version, column = 1, len("    total = 0")
        for k in range(0, len(TYPED), 10):  # 150 bursts of typing inside the AI's line 8
            version += 1
            edit(client, uri, version, (8, column + k), (8, column + k), TYPED[k : k + 10])
        await asyncio.sleep(1.0)  # a pause: the deletion is an edit of its own
        for k in range(len(TYPED), 0, -100):  # deleted again, 100 characters at a time
            version += 1
            edit(client, uri, version, (8, column + k - 100), (8, column + k), "")
        assert "churn" not in await settled_codes(client, uri)
        (listed,) = await list_regions(client, uri)
        assert listed["editCount"] >= 2 and listed["charsInserted"] >= 1500
        history = await request(client, "aidecay/regionHistory", {"id": region["id"]})
        assert history["currentText"] == AI_FUNCTION  # exactly as the AI wrote it


async def test_new_lines_between_the_ai_lines_are_not_churn(tmp_path):
    async with running_server(tmp_path / "h.db", options=OPTIONS) as client:
        uri, _ = await setup(client, tmp_path)
        version = 1
        for line in (11, 10, 9, 8):  # a comment above each of the AI's body lines
            version += 1
            comment = "    # " + "explained at length by a person " * 4 + "\n"
            edit(client, uri, version, (line, 0), (line, 0), comment)
            await asyncio.sleep(0.6)
        assert "churn" not in await settled_codes(client, uri)
        stats = await request(client, "aidecay/stats", {})
        (listed,) = await list_regions(client, uri)
    assert listed["charsInserted"] > 500  # lots of typing, none of it the AI's
    rework = stats["rework"]
    assert (rework["aiLines"], rework["changedLines"], rework["chars"]["changed"]) == (5, 0, 0)
    assert stats["totals"]["aiLinesAtEnd"] == 5


async def test_rewriting_the_ai_lines_is_churn(tmp_path):
    async with running_server(tmp_path / "h.db", options=OPTIONS) as client:
        uri, _ = await setup(client, tmp_path)
        rewrites = [
            (8, "    owed = [entry.price * entry.quantity for entry in items]"),
            (9, "    # summed below"),
            (10, "    owed = [cost for cost in owed if cost > 0]"),
            (11, "    return sum(owed)"),
        ]
        lines = ORDERS.splitlines()
        for version, (line, text) in enumerate(rewrites, start=2):
            edit(client, uri, version, (line, 0), (line, len(lines[line])), text)
            await asyncio.sleep(0.6)
        found = await settled_codes(client, uri)
        assert "churn" in found, found
        (churn,) = [d for d in client.diagnostics[uri] if d.code == "churn"]
        assert "AI-written characters replaced or deleted" in churn.message
        rework = (await request(client, "aidecay/stats", {}))["rework"]
    assert (rework["aiLines"], rework["changedLines"]) == (5, 4)
    assert rework["chars"]["changed"] > rework["chars"]["ai"] / 2
