"""The real server over stdio shows replayed regions of an opened file, follows them through
edits, and never duplicates lines that live tracking already had."""

from __future__ import annotations

from clihelp import run_cli
from helpers import (
    edit,
    list_regions,
    open_doc,
    running_server,
    wait_for_diagnostics,
    wait_for_regions_changed,
)
from scripted import CLAUDE_TRAILER, ScriptedRepo, function

NO_HEURISTIC = {"heuristic": {"enabled": False}}
BASE = function("one", ["return 1"])
AGENT = BASE + "\n\n" + function("two", ["y = x * 2", "return y + 1"])


def _repo(tmp_path) -> ScriptedRepo:
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"pkg/a.py": BASE}, day=0)
    repo.commit("two" + CLAUDE_TRAILER, {"pkg/a.py": AGENT}, day=1)
    return repo


async def test_opened_file_lists_its_replayed_regions(tmp_path):
    repo = _repo(tmp_path)
    db = tmp_path / "r.db"
    done = run_cli("replay", str(repo.root), "--db", str(db))
    assert done.returncode == 0, done.stderr
    path = repo.root / "pkg" / "a.py"
    uri = path.resolve().as_uri()
    async with running_server(db, options=NO_HEURISTIC, root=repo.root) as client:
        open_doc(client, uri, path.read_text())
        (region,) = await list_regions(client, uri)
        assert (region["origin"], region["tool"]) == ("agent", "claude")
        assert region["model"] == "Claude Opus 4.6 (1M context)"
        assert region["range"]["start"] == {"line": 4, "character": 0}
        assert region["range"]["end"] == {"line": 6, "character": 16}
        # The server follows it like any region: an edit above shifts it.
        edit(client, uri, 2, (0, 0), (0, 0), "import os\n")
        (moved,) = await list_regions(client, uri)
        assert moved["id"] == region["id"]
        assert moved["range"]["start"]["line"] == 5


async def test_lines_marked_live_are_not_duplicated(tmp_path):
    repo = _repo(tmp_path)
    db = tmp_path / "r.db"
    marked = run_cli(
        "mark",
        "pkg/a.py",
        "--lines",
        "5-7",
        "--tool",
        "claude-code",
        "--db",
        str(db),
        cwd=repo.root,
    )
    assert marked.returncode == 0, marked.stderr
    done = run_cli("replay", str(repo.root), "--db", str(db))
    assert done.returncode == 0, done.stderr
    uri = (repo.root / "pkg" / "a.py").resolve().as_uri()
    async with running_server(db, options=NO_HEURISTIC, root=repo.root) as client:
        open_doc(client, uri, (repo.root / "pkg" / "a.py").read_text())
        (region,) = await list_regions(client, uri)
        assert region["tool"] == "claude-code"  # the live mark, alone


async def test_complexity_growth_of_a_replayed_region_is_diagnosed_on_open(tmp_path):
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"g.py": BASE}, day=0)
    simple = BASE + "\n\n" + function("two", ["for item in x:", "    print(item)", "return 0"])
    repo.commit("two" + CLAUDE_TRAILER, {"g.py": simple}, day=1)
    grown = simple.replace(
        "        print(item)\n",
        "        if item > 1 and item < 9:\n            print(item)\n"
        "        elif item < 0 or item > 99:\n            print(-item)\n",
    )
    repo.commit("grow", {"g.py": grown}, day=2)
    db = tmp_path / "r.db"
    done = run_cli("replay", str(repo.root), "--db", str(db))
    assert done.returncode == 0, done.stderr
    path = repo.root / "g.py"
    uri = path.resolve().as_uri()
    async with running_server(db, options=NO_HEURISTIC, root=repo.root) as client:
        open_doc(client, uri, path.read_text())
        found = await wait_for_diagnostics(
            client, uri, lambda ds: any(d.code == "complexity-growth" for d in ds), timeout=15
        )
        (growth,) = [d for d in found if d.code == "complexity-growth"]
        assert "'two' 2 → 6" in growth.message


async def test_a_replay_while_the_server_runs_reaches_the_panel_and_its_own_stats(tmp_path):
    """The panel (a client that listed every region) is told of the replayed regions of a
    file nobody opened; ``aidecay/stats`` keeps live and replayed history apart."""
    import asyncio

    from helpers import request

    repo = _repo(tmp_path)
    db = tmp_path / "r.db"
    uri = (repo.root / "pkg" / "a.py").resolve().as_uri()
    async with running_server(db, options=NO_HEURISTIC, root=repo.root) as client:
        assert await list_regions(client) == []
        done = await asyncio.to_thread(run_cli, "replay", str(repo.root), "--db", str(db))
        assert done.returncode == 0, done.stderr
        (delta,) = await wait_for_regions_changed(client, uri)
        live = await request(client, "aidecay/stats", {"source": "live"})
        replayed = await request(client, "aidecay/stats", {"source": "replay"})
        cli = run_cli("stats", "--db", str(db), "--json", "--source", "replay")
    (region,) = delta["created"]
    assert (region["origin"], region["tool"], region["symbol"]) == ("agent", "claude", "two")
    assert live["totals"]["regions"] == 0 and "replay" not in live
    (repo_stats,) = replayed["replay"]
    assert repo_stats["ai"]["linesAdded"] == 5  # "two": blank lines, def and body
    assert set(repo_stats["curves"]) == {"ai", "human"}
    import json

    from_cli = json.loads(cli.stdout)
    (cli_repo,) = from_cli["replay"]  # one definition: the CLI's
    for key in ("models", "commits", "aiCommits"):
        assert repo_stats[key] == cli_repo[key], key
    for group in ("ai", "human"):  # (the test client renames keys such as "7d": values only)
        curve = list(repo_stats["curves"][group].values())
        assert curve == list(cli_repo["curves"][group].values()), group
    assert replayed["totals"] == from_cli["totals"]
