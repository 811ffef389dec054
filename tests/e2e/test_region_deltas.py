"""``aidecay/regionsChanged`` carries what changed: a client that only applies those deltas
sees exactly what ``aidecay/listRegions`` reports, through typing, new lines, deletions
across regions, marks and unmarks."""

from __future__ import annotations

import asyncio
import random

import pytest
from helpers import edit, list_regions, mark, open_doc, request, rng, running_server

NO_HEURISTIC = {"heuristic": {"enabled": False}, "analysis": {"enabled": False}}


def apply_delta(view: dict[str, dict], delta: dict) -> None:
    """What the VS Code extension does with a notification (reference model)."""
    uri = delta["uri"]
    if delta["complete"]:
        for rid in [rid for rid, info in view.items() if info["uri"] == uri]:
            del view[rid]
    for rid in delta["removed"]:
        view.pop(rid, None)
    listed = {info["id"] for info in delta["created"] + delta["changed"]}
    for shift in delta["shifts"]:
        for info in view.values():
            if info["uri"] == uri and info["id"] not in listed:
                start, end = info["range"]["start"], info["range"]["end"]
                if start["line"] > shift["line"]:
                    start["line"] += shift["delta"]
                    end["line"] += shift["delta"]
    for info in delta["changed"]:  # changed rows carry no symbol: the last one is kept
        info["symbol"] = view.get(info["id"], {}).get("symbol")
    for info in delta["created"] + delta["changed"]:
        view[info["id"]] = info


def unnamed(regions) -> dict[str, dict]:
    """Regions by id without ``symbol`` (a changed row keeps its last name, by design)."""
    return {r["id"]: {k: v for k, v in r.items() if k != "symbol"} for r in regions}


async def listing(client, view: dict[str, dict], uri: str) -> list[dict]:
    """A listing replaces the client's view of ``uri``; deltas it already contains are dropped."""
    result = await request(client, "aidecay/listRegions", {"textDocument": {"uri": uri}})
    for rid in [rid for rid, info in view.items() if info["uri"] == uri]:
        del view[rid]
    view.update({r["id"]: r for r in result["regions"]})
    client.regions_deltas[:] = [d for d in client.regions_deltas if d["seq"] > result["seq"]]
    return result["regions"]


def _diff(view: dict, truth: dict) -> list:
    keys = set(view) | set(truth)
    return [
        (k, f, (view.get(k) or {}).get(f), (truth.get(k) or {}).get(f))
        for k in keys
        for f in set(view.get(k) or {}) | set(truth.get(k) or {})
        if (view.get(k) or {}).get(f) != (truth.get(k) or {}).get(f)
    ]


async def settle(client, view: dict[str, dict]) -> None:
    await asyncio.sleep(0.25)  # notifications are sent once per 50 ms burst
    while client.regions_deltas:
        apply_delta(view, client.regions_deltas.pop(0))


def source(lines: int) -> str:
    return "".join(f"    value_{k} = compute({k}, 'abc')\n" for k in range(lines))


@pytest.mark.parametrize("seed", [3, 11])
async def test_a_client_applying_deltas_matches_list_regions(tmp_path, seed):
    uri = (tmp_path / "app.py").as_uri()
    lines = source(120).splitlines(keepends=True)
    async with running_server(tmp_path / "a.db", options=NO_HEURISTIC) as client:
        open_doc(client, uri, "".join(lines))
        view: dict[str, dict] = {}
        for start in range(0, 120, 6):
            await mark(client, uri, rng(start, 0, start + 3, 0))
        await settle(client, view)
        assert len(view) == 20
        assert sorted(view) == sorted(r["id"] for r in await list_regions(client, uri))
        rand = random.Random(seed)
        version = 1
        for step in range(60):
            version += 1
            line = rand.randrange(len(lines))
            body = lines[line].rstrip("\n")
            col = rand.randint(0, len(body))
            kind = rand.random()
            if kind < 0.45:
                text, end = "x", (line, col)
            elif kind < 0.7:
                text, end = "\n    ", (line, col)
            elif kind < 0.85 and line + 2 < len(lines):  # delete across lines
                text, end = "", (line + 2, 0)
            else:
                text, end = "", (line, min(len(body), col + 3))
            edit(client, uri, version, (line, col), end, text)
            new = "".join(lines[:line]) + body[:col] + text
            tail_line, tail_col = end
            rest = lines[tail_line].rstrip("\n")[tail_col:] + "\n"
            lines = (new + rest + "".join(lines[tail_line + 1 :])).splitlines(keepends=True)
            if step % 15 == 7:
                found = await listing(client, view, uri)
                await request(client, "aidecay/unmarkRegion", {"id": found[0]["id"]})
                await mark(client, uri, rng(line, 0, line + 1, 0), origin="paste")
            if step % 5 == 4:
                await settle(client, view)
                truth = {r["id"]: r for r in await list_regions(client, uri)}
                assert unnamed(view.values()) == unnamed(truth.values()), (
                    step,
                    _diff(view, truth),
                )
        await settle(client, view)
        assert unnamed(view.values()) == unnamed(await list_regions(client, uri))
        assert "".join(lines)  # the model text stays in step (not compared here)


async def test_new_lines_above_many_regions_send_a_shift_not_every_region(tmp_path):
    uri = (tmp_path / "app.py").as_uri()
    async with running_server(tmp_path / "a.db", options=NO_HEURISTIC) as client:
        open_doc(client, uri, source(400))
        for start in range(10, 400, 4):
            await mark(client, uri, rng(start, 0, start + 2, 0))
        await asyncio.sleep(0.25)  # the marks' notification
        view = {r["id"]: r for r in await list_regions(client, uri)}
        client.regions_deltas.clear()
        edit(client, uri, 2, (5, 4), (5, 4), "\n    \n")
        await asyncio.sleep(0.25)
        (delta,) = client.regions_deltas
        assert delta["created"] == delta["changed"] == delta["removed"] == []
        assert delta["shifts"] == [{"line": 5, "delta": 2}] and not delta["complete"]
        apply_delta(view, delta)
        assert view == {r["id"]: r for r in await list_regions(client, uri)}
