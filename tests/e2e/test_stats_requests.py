"""``aidecay/stats``, ``aidecay/export``, and regions marked by the CLI while a server runs."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

from helpers import (
    edit,
    list_regions,
    mark,
    open_doc,
    request,
    rng,
    running_server,
    wait_for_regions_changed,
)

NO_HEURISTIC = {"heuristic": {"enabled": False}}
MODULE = "import os\n\n\ndef f():\n    return os.sep\n\n\ndef g():\n    return 2\n"


async def test_stats_and_export_requests_match_the_cli(tmp_path):
    db = tmp_path / "h.db"
    path = tmp_path / "m.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC, root=tmp_path) as client:
        open_doc(client, uri, MODULE)
        await mark(client, uri, rng(3, 0, 4, 17), origin="agent", tool="codex")
        edit(client, uri, 2, (4, 4), (4, 10), "yield")
        stats = await request(client, "aidecay/stats", {"since": "30d"})
        exported = await request(client, "aidecay/export", {"format": "json"})
        jsonl = await request(client, "aidecay/export", {"format": "jsonl", "absolutePaths": True})
    assert stats["totals"]["regions"] == 1
    assert stats["inserted"] == [
        {"origin": "agent", "tool": "codex", "regions": 1, "lines": 2, "chars": 26}
    ]
    rework = stats["rework"]
    assert (rework["changedLines"], rework["chars"]["changed"]) == (1, len("return"))
    document = json.loads(exported["content"])
    assert document["schemaVersion"] == 1
    assert [r["path"] for r in document["regions"]] == ["m.py"]
    assert json.loads(jsonl["content"].splitlines()[1])["path"] == str(path.resolve())
    env = {**os.environ, "AIDECAY_DB": str(db)}
    cli = subprocess.run(
        [sys.executable, "-m", "aidecay", "stats", "--json", "--since", "30d"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    from_cli = json.loads(cli.stdout)
    for key in ("totals", "inserted", "rework", "churn14d", "diagnostics"):
        assert from_cli[key] == stats[key], key


async def test_running_server_picks_up_a_region_marked_by_the_cli(tmp_path):
    db = tmp_path / "h.db"
    path = tmp_path / "m.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC, root=tmp_path) as client:
        open_doc(client, uri, MODULE)
        (first,) = await mark(client, uri, rng(3, 0, 4, 17), origin="chat")
        await asyncio.sleep(0.3)
        client.regions_deltas.clear()
        env = {**os.environ, "AIDECAY_DB": str(db)}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "aidecay",
                "mark",
                str(path),
                "--lines",
                "8-9",
                "--tool",
                "aider",
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        await wait_for_regions_changed(client, uri)
        regions = await list_regions(client, uri)
        assert [(r["origin"], r["tool"]) for r in regions] == [("chat", None), ("agent", "aider")]
        assert regions[1]["range"] == rng(7, 0, 8, 12)
        edit(client, uri, 2, (8, 11), (8, 12), "3")  # the server now follows the new region
        await asyncio.sleep(0.1)
        after = await list_regions(client, uri)
    assert after[1]["editCount"] == 1
    assert after[0]["id"] == first["id"]


async def test_the_report_request_carries_the_scorecard(tmp_path):
    db = tmp_path / "h.db"
    path = tmp_path / "m.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC, root=tmp_path) as client:
        open_doc(client, uri, MODULE)
        await mark(client, uri, rng(3, 0, 4, 17), origin="agent", tool="codex")
        await mark(client, uri, rng(7, 0, 8, 12), origin="inline-completion", tool="copilot")
        stats = await request(client, "aidecay/stats", {"scorecard": True})
    card = stats["scorecard"]
    assert card["schemaVersion"] == 1 and card["source"] == "all"
    found = {r["tool"]: r for r in card["rows"]}
    assert set(found) == {"codex", "copilot"}
    assert (found["codex"]["linesAdded"], found["codex"]["linesAtEnd"]) == (2, 2)
    # one region a row: no figure without enough data (the test client renames the keys
    # "7d", "30d", "90d", which are not identifiers: they are read in order)
    week = list(found["codex"]["survival"].values())[0]
    assert week["value"] is None and week["reason"] == "no line followed 7 days yet"
    assert (
        "live tracking follows AI-written code only"
        in (found["codex"]["hazardRatioVsHuman"]["reason"])
    )
    assert stats["totals"]["aiLines"] == 4  # the same regions as the rest of the report


async def test_regions_written_for_a_file_that_is_not_open_reach_a_client_that_listed_all(
    tmp_path,
):
    """``aidecay replay`` or ``aidecay mark`` writes regions of files nobody opened: a client
    that shows every document (it listed them all) is told, without opening the file."""
    db = tmp_path / "h.db"
    path = tmp_path / "closed.py"
    path.write_text(MODULE)
    uri = path.as_uri()
    async with running_server(db, options=NO_HEURISTIC, root=tmp_path) as client:
        assert await list_regions(client) == []  # the client now shows every document
        env = {**os.environ, "AIDECAY_DB": str(db)}
        done = subprocess.run(
            [sys.executable, "-m", "aidecay", "mark", str(path), "--lines", "4-5"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        (delta,) = await wait_for_regions_changed(client, uri)
    assert [(r["origin"], r["symbol"], r["range"]) for r in delta["created"]] == [
        ("agent", "f", rng(3, 0, 4, 17))
    ]
    assert delta["removed"] == []
