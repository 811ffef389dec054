"""Decay diagnostics through the real server: publish, pull, hover, code actions, commands."""

from __future__ import annotations

import ast
import asyncio
import sys
from pathlib import Path

from helpers import insert, mark, open_doc, request, rng, running_server, wait_for_diagnostics
from lsprotocol import types

NO_HEURISTIC = {"heuristic": {"enabled": False}, "analysis": {"debounceMs": 20}}

ORDERS = '''"""Order helpers."""

import logging

log = logging.getLogger(__name__)


def total_price(items):
    total = 0
    for item in items:
        total += item.price * item.quantity
    return total
'''
DEF_LINE = "def total_price(items):"


async def grow(client, uri, first_version=2, steps=4) -> int:
    """Realistic edits that add branches to ``total_price`` (CC 2 -> 7); the last version."""
    edits = [
        (10, "        if item.quantity <= 0:\n            continue\n"),
        (8, "    if not items:\n        return 0\n"),
        (15, "    if total > 100:\n        total *= 0.9\n"),
        (17, "    elif total < 0 and items:\n        total = 0\n"),
    ][:steps]
    version = first_version
    for line, text in edits:
        insert(client, uri, version, line, text)
        version += 1
        await asyncio.sleep(0.05)
    return version - 1


def action_command(action) -> types.Command:
    """The command of a code action. lsprotocol's client-side converter structures the
    ``(Command | CodeAction)[]`` result as Commands whose ``command`` is the repr of the
    nested command object; the server sends proper CodeActions."""
    if isinstance(action, types.CodeAction):
        return action.command
    return types.Command(**ast.literal_eval(action.command))


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


async def until_measured(client, uri, position, timeout=20.0) -> None:
    """Wait for the first successful measurement of the region at ``position`` (its hover
    shows the complexity table), however loaded the machine is."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), position)
        )
        if hover is not None and "complexity then" in hover.contents.value:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the region was never measured")


async def setup(client, tmp_path):
    path = tmp_path / "orders.py"
    path.write_text(ORDERS)
    uri = path.as_uri()
    open_doc(client, uri, ORDERS)
    (region,) = await mark(client, uri, rng(7, 0, 11, 16), origin="agent", tool="copilot")
    await until_measured(client, uri, types.Position(8, 4))  # the baseline
    return uri, region


async def test_edits_right_after_the_mark_are_measured_against_the_inserted_text(tmp_path):
    """No pause between the insertion and the edits: the baseline is still what the AI wrote."""
    async with running_server(
        tmp_path / "h.db", options={**NO_HEURISTIC, "analysis": {"debounceMs": 250}}
    ) as client:
        path = tmp_path / "orders.py"
        path.write_text(ORDERS)
        uri = path.as_uri()
        open_doc(client, uri, ORDERS)
        await mark(client, uri, rng(7, 0, 11, 16), origin="agent")
        await grow(client, uri, steps=4)  # within the debounce window
        found = await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
    (diag,) = [d for d in found if d.code == "complexity-growth"]
    assert "2 → 7" in diag.message


async def test_complexity_growth_is_reported_with_evidence_range_and_version(tmp_path):
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        uri, region = await setup(client, tmp_path)
        await grow(client, uri, steps=3)  # CC 2 -> 5: below the threshold of 4
        await asyncio.sleep(0.4)
        assert "complexity-growth" not in codes(client.diagnostics.get(uri, []))
        insert(client, uri, 5, 17, "    elif total < 0 and items:\n        total = 0\n")
        found = await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        (diag,) = [d for d in found if d.code == "complexity-growth"]
        # No "… ago" in the message: it would go stale while the CodeLens moves on.
        assert diag.message == (
            "cyclomatic complexity of 'total_price' 2 → 7 over 1 edit since it was inserted"
        )
        assert diag.source == "aidecay"
        assert diag.severity == types.DiagnosticSeverity.Warning
        assert diag.code_description.href.endswith("docs/diagnostics.md#complexity-growth")
        assert diag.range == types.Range(types.Position(7, 0), types.Position(7, len(DEF_LINE)))
        assert diag.data == {"regionId": region["id"]}
        assert client.diagnostic_versions[uri] == 5


async def test_thresholds_and_disabled_codes_follow_the_configuration(tmp_path):
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        uri, _ = await setup(client, tmp_path)
        await grow(client, uri)
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))

        def configure(settings):
            client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings={"aidecay": settings})
            )

        configure({**NO_HEURISTIC, "thresholds": {"complexityGrowth": 6}})
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" not in codes(d))
        configure(NO_HEURISTIC)
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        configure({**NO_HEURISTIC, "diagnostics": {"disabled": ["complexity-growth"]}})
        await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" not in codes(d))
        configure({**NO_HEURISTIC, "diagnostics": {"severity": {"complexity-growth": "error"}}})
        found = await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        assert found[0].severity == types.DiagnosticSeverity.Error


async def test_review_accepts_and_actions_hover_history(tmp_path):
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        uri, region = await setup(client, tmp_path)
        version = await grow(client, uri)
        found = await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))

        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(9, 6))
        )
        text = hover.contents.value
        assert "— agent (copilot)" in text and "1 edit" in text  # one burst: one edit
        assert "| `total_price` | 2 | 7 |" in text
        assert "findings: `complexity-growth`" in text

        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=found[0].range,
                context=types.CodeActionContext(diagnostics=list(found)),
            )
        )
        assert [a.title for a in actions][:4] == [
            "Mark region as reviewed",
            "Unmark region (not AI-written)",
            "Show region history",
            "Turn off complexity-growth in this workspace",
        ]
        commands = [action_command(a) for a in actions][:3]
        assert [c.command for c in commands] == [
            "aidecay.markReviewed",
            "aidecay.unmarkRegion",
            "aidecay.showHistory",
        ]
        assert all(c.arguments == [region["id"]] for c in commands)

        history = await client.workspace_execute_command_async(
            types.ExecuteCommandParams("aidecay.showHistory", [region["id"]])
        )
        assert [e["kind"] for e in history["events"]][:2] == ["created", "edit"]

        await client.workspace_execute_command_async(
            types.ExecuteCommandParams("aidecay.markReviewed", [region["id"]])
        )
        await wait_for_diagnostics(client, uri, lambda d: len(d) == 0)
        history = await request(client, "aidecay/regionHistory", {"id": region["id"]})
        assert history["events"][-1]["kind"] == "reviewed"

        insert(client, uri, version + 1, 9, "    # prices are in cents\n")
        await asyncio.sleep(0.5)  # accepted at review: a comment brings nothing back
        assert "complexity-growth" not in codes(client.diagnostics.get(uri, ()))

        await client.workspace_execute_command_async(
            types.ExecuteCommandParams("aidecay.unmarkRegion", [region["id"]])
        )
        await wait_for_diagnostics(client, uri, lambda d: len(d) == 0)


async def test_pull_diagnostics(tmp_path):
    async with running_server(
        tmp_path / "h.db", options=NO_HEURISTIC, pull_diagnostics=True
    ) as client:
        assert client.init_result.capabilities.diagnostic_provider is not None
        uri, _ = await setup(client, tmp_path)
        await grow(client, uri)
        await asyncio.sleep(0.5)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
        )
        assert "complexity-growth" in [d.code for d in report.items]
        assert uri not in client.diagnostics  # nothing pushed to a pull client


BROKEN = ORDERS.replace("def total_price(items):", "def total_price(items:")


async def test_syntax_errors_never_crash_and_the_region_is_measured_once_it_parses(tmp_path):
    path = tmp_path / "orders.py"
    path.write_text(BROKEN)
    uri = path.as_uri()
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        open_doc(client, uri, BROKEN)
        (region,) = await mark(client, uri, rng(7, 0, 11, 16))
        await asyncio.sleep(0.3)
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(8, 4))
        )
        assert "complexity then" not in hover.contents.value  # not measurable yet
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(types.Position(7, 21), types.Position(7, 21)), text=")"
                    )
                ],
            )
        )
        await until_measured(client, uri, types.Position(8, 4))  # the baseline
        await grow(client, uri, first_version=3)
        found = await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        (growth,) = [d for d in found if d.code == "complexity-growth"]
        assert "2 → 7" in growth.message
        listed = await request(client, "aidecay/listRegions", {})
        assert [r["id"] for r in listed["regions"]] == [region["id"]]


async def test_restart_keeps_the_baseline(tmp_path):
    db = tmp_path / "h.db"
    async with running_server(db, options=NO_HEURISTIC) as client:
        uri, _ = await setup(client, tmp_path)
        last = await grow(client, uri, steps=2)  # CC 2 -> 4
        await asyncio.sleep(0.3)
        assert "complexity-growth" not in codes(client.diagnostics.get(uri, []))
        text = (await request(client, "aidecay/listRegions", {}))["regions"]
    assert last == 3 and text
    path = tmp_path / "orders.py"
    grown = ORDERS.replace(
        "def total_price(items):\n    total = 0\n    for item in items:\n",
        "def total_price(items):\n    if not items:\n        return 0\n    total = 0\n"
        "    for item in items:\n        if item.quantity <= 0:\n            continue\n",
    )
    path.write_text(grown)
    async with running_server(db, options=NO_HEURISTIC) as client:
        open_doc(client, uri, grown)
        await asyncio.sleep(0.3)
        assert "complexity-growth" not in codes(client.diagnostics.get(uri, []))
        insert(client, uri, 2, 15, "    if total > 100:\n        total *= 0.9\n")
        insert(client, uri, 3, 17, "    elif total < 0 and items:\n        total = 0\n")
        found = await wait_for_diagnostics(client, uri, lambda d: "complexity-growth" in codes(d))
        (growth,) = [d for d in found if d.code == "complexity-growth"]
        assert "2 → 7" in growth.message


async def test_corpus_conventions_and_duplicates_through_the_server(tmp_path):
    """Two corpus scenarios end to end: a camelCase helper, a copy of slugify."""
    sys.path.insert(0, str(Path(__file__).parents[2]))
    from tests.corpus.model import split
    from tests.corpus.scenarios_conventions import CAMEL_HELPER, SAME_BODY, WORKSPACE

    for name, content in WORKSPACE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC, root=tmp_path) as client:
        for name, scenario in (("billing.py", CAMEL_HELPER), ("blog/views.py", SAME_BODY)):
            text, start, end = split(scenario)
            (tmp_path / name).write_text(text)
            uri = (tmp_path / name).as_uri()
            open_doc(client, uri, text)
            first = text[:start].count("\n")
            last = text[:end].count("\n")
            await mark(client, uri, rng(first, 0, last, len(text[:end].rsplit("\n", 1)[-1])))
        billing = await wait_for_diagnostics(
            client, (tmp_path / "billing.py").as_uri(), lambda d: len(d) > 0
        )
        assert {d.code for d in billing} == {"naming-divergence"}
        assert any(
            "this module names functions in snake_case (7 of 7)" in d.message for d in billing
        ), [d.message for d in billing]
        views = await wait_for_diagnostics(
            client,
            (tmp_path / "blog/views.py").as_uri(),
            lambda d: "duplicate-helper" in codes(d),
            timeout=10,
        )
        (dup,) = [d for d in views if d.code == "duplicate-helper"]
        assert dup.message == (
            "'make_url_fragment' is 100 % similar to 'slugify' (blog/utils/text.py:7)"
        )
        (related,) = dup.related_information
        assert related.location.uri == (tmp_path / "blog/utils/text.py").as_uri()
        assert related.location.range.start.line == 6


HUMAN_SNAKE = "".join(f"def helper_{n}_value(x):\n    return x + {n}\n\n\n" for n in range(6))
AI_CAMEL = (
    "def totalPrice(items):\n    total = 0\n    for item in items:\n"
    "        total += item\n    return total\n"
)


async def test_each_finding_sits_on_what_it_is_about(tmp_path):
    """Complexity on the ``def`` line, a naming finding on the name, the maintainability drop
    on the whole region; no message carries an age that would go stale."""
    path = tmp_path / "prices.py"
    text = HUMAN_SNAKE + AI_CAMEL
    path.write_text(text)
    uri = path.as_uri()
    first = HUMAN_SNAKE.count("\n")
    async with running_server(tmp_path / "h.db", options=NO_HEURISTIC) as client:
        open_doc(client, uri, text)
        await mark(client, uri, rng(first, 0, first + 4, 16))
        await until_measured(client, uri, types.Position(first + 1, 4))
        version = 2
        for line, added in [
            (first + 3, "        if item < 0:\n            continue\n"),
            (first + 1, "    if not items:\n        return 0\n"),
            (first + 7, "        if total > 100:\n            total -= 1\n"),
            (first + 9, "        elif total < -100:\n            total += 1\n"),
        ]:
            insert(client, uri, version, line, added)
            version += 1
            await asyncio.sleep(0.05)
        found = await wait_for_diagnostics(
            client,
            uri,
            lambda d: (
                {"complexity-growth", "naming-divergence", "maintainability-drop"} <= set(codes(d))
            ),
            timeout=20,
        )
    by_code = {d.code: d for d in found}
    def_line = "def totalPrice(items):"
    assert by_code["complexity-growth"].range == types.Range(
        types.Position(first, 0), types.Position(first, len(def_line))
    )
    assert by_code["naming-divergence"].range == types.Range(
        types.Position(first, 4), types.Position(first, 4 + len("totalPrice"))
    )
    # The maintainability drop is about the whole region (grown from 5 to 13 lines); churn
    # would be too, but lines inserted between the AI's lines leave its text as it was.
    assert by_code["maintainability-drop"].range == types.Range(
        types.Position(first, 0), types.Position(first + 12, len("    return total"))
    )
    assert not [d.message for d in found if " ago" in d.message]
