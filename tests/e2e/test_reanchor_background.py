"""Re-anchoring a large document on open runs off the event loop, and what the client sends
meanwhile applies after it, in order."""

from __future__ import annotations

from helpers import close_doc, edit, list_regions, mark, open_doc, rng, running_server

NO_ANALYSIS = {"heuristic": {"enabled": False}, "analysis": {"enabled": False}}


def module(lines: int) -> str:
    return "".join(f"def helper_{k}(value):\n    return value + {k}\n\n" for k in range(lines))


async def _reopen_changed(tmp_path, client_actions):
    db = tmp_path / "h.db"
    path = tmp_path / "big.py"
    text = module(1500)  # about 50 KB
    path.write_text(text)
    uri = path.as_uri()
    async with running_server(db, options=NO_ANALYSIS) as client:
        open_doc(client, uri, text)
        (region,) = await mark(client, uri, rng(3000, 0, 3002, 0))
        close_doc(client, uri)
    changed = "import os\nimport sys\n" + text.replace("return value + 1000\n", "return 1000\n")
    async with running_server(db, options=NO_ANALYSIS) as client:
        open_doc(client, uri, changed)
        return region, await client_actions(client, uri)


async def test_changes_sent_during_reanchoring_apply_after_it(tmp_path):
    async def actions(client, uri):
        edit(client, uri, 2, (0, 0), (0, 0), "# header\n")  # one more line above
        edit(client, uri, 3, (3004, 11), (3004, 11), "1")  # inside the region: 11000
        return await list_regions(client, uri)

    region, (listed,) = await _reopen_changed(tmp_path, actions)
    assert listed["id"] == region["id"]
    assert listed["range"] == rng(3003, 0, 3004, 16)
    assert listed["editCount"] == 2  # the external edit, then the one typed after opening


async def test_a_mark_during_reanchoring_sees_the_reanchored_document(tmp_path):
    async def actions(client, uri):
        (created,) = await mark(client, uri, rng(10, 0, 12, 0), origin="paste")
        return created, await list_regions(client, uri)

    region, (created, listed) = await _reopen_changed(tmp_path, actions)
    assert created["range"] == rng(11, 0, 11, 20)  # trimmed of the blank line
    assert [r["id"] for r in listed] == [created["id"], region["id"]]
    assert listed[1]["range"] == rng(3002, 0, 3003, 15)
