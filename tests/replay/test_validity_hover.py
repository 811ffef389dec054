"""The hover of a finding cites this repository's own evidence from ``replay --validate``,
through the real server over stdio."""

from __future__ import annotations

import json

from clihelp import run_cli
from helpers import open_doc, running_server, wait_for_diagnostics
from lsprotocol import types
from test_validate import History

NO_HEURISTIC = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 20}}


async def test_hover_cites_the_repository_evidence(tmp_path):
    history = History(tmp_path / "repo")
    db = tmp_path / "v.db"
    out = tmp_path / "replay.json"
    done = run_cli(
        "replay", str(history.repo.root), "--db", str(db), "--validate", "--json", str(out)
    )
    assert done.returncode == 0, done.stderr
    figure = json.loads(out.read_text())["validity"]["naming-divergence"]
    path = (history.repo.root / "app" / "core.py").resolve()
    uri = path.as_uri()
    text = path.read_text()
    async with running_server(db, options=NO_HEURISTIC, root=history.repo.root) as client:
        open_doc(client, uri, text)
        found = await wait_for_diagnostics(
            client, uri, lambda d: any(x.code == "naming-divergence" for x in d), timeout=30
        )
        flagged = next(d for d in found if d.code == "naming-divergence")
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), flagged.range.start)
        )
    shown = hover.contents.value
    regions = figure["flagged"] + figure["unflagged"]
    ratio = figure["hazardRatio"]
    assert (
        f"`naming-divergence`: in this repository's history, AI regions with this finding were "
        f"reworked {ratio:.1f}× as often (95 % CI {figure['low']:.1f}–{figure['high']:.1f}, "
        f"{regions} regions)"
    ) in shown


async def test_no_evidence_no_sentence(tmp_path):
    """A file outside any validated repository: the hover names its findings only."""
    history = History(tmp_path / "repo")
    db = tmp_path / "plain.db"
    done = run_cli("replay", str(history.repo.root), "--db", str(db))
    assert done.returncode == 0, done.stderr
    path = (history.repo.root / "app" / "core.py").resolve()
    async with running_server(db, options=NO_HEURISTIC, root=history.repo.root) as client:
        open_doc(client, path.as_uri(), path.read_text())
        found = await wait_for_diagnostics(
            client, path.as_uri(), lambda d: any(x.code == "naming-divergence" for x in d), 30
        )
        flagged = next(d for d in found if d.code == "naming-divergence")
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), flagged.range.start)
        )
    assert "`naming-divergence`" in hover.contents.value
    assert "in this repository's history" not in hover.contents.value
