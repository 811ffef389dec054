"""Mark, edit, list, history: the core loop through the real server over stdio."""

from __future__ import annotations

from helpers import edit, list_regions, mark, open_doc, request, rng, running_server

NO_HEURISTIC = {"heuristic": {"enabled": False}}

SOURCE = """import json


def load(path):
    with open(path) as handle:
        return json.load(handle)
"""

ADDED = """

def summarize(records):
    total = 0
    for record in records:
        total += record["amount"]
    return total
"""


async def test_mark_then_edit_inside_then_list(tmp_path):
    uri = (tmp_path / "app.py").as_uri()
    async with running_server(tmp_path / "a.db", options=NO_HEURISTIC) as client:
        open_doc(client, uri, SOURCE)
        edit(client, uri, 2, (6, 0), (6, 0), ADDED)  # the agent writes a function
        (region,) = await mark(client, uri, rng(6, 0, 13, 0), origin="agent", tool="claude-code")
        assert region["range"] == rng(8, 0, 12, 16)  # trimmed of the blank lines around it
        assert region["origin"] == "agent" and region["tool"] == "claude-code"
        assert region["status"] == "live" and region["editCount"] == 0

        edit(client, uri, 3, (10, 33), (10, 33), " * 2")  # a person edits inside
        edit(client, uri, 4, (0, 0), (0, 0), "import os\n")  # and above it
        (listed,) = await list_regions(client, uri)
        assert listed["range"] == rng(9, 0, 13, 16)
        assert listed["editCount"] == 1 and listed["charsInserted"] == 4
        assert listed["lastEditedAt"] is not None

        history = await request(client, "aidecay/regionHistory", {"id": region["id"]})
        kinds = [(e["kind"], e["author"], e["rule"]) for e in history["events"]]
        assert kinds == [("created", "agent", "mark"), ("edit", "human", None)]
