"""``aidecay demo``: replay a realistic session through the real server over stdio."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.lsp.client import LanguageClient
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aidecay.demo import findings
from aidecay.demo.script import OUTSIDE_EDITS, SESSION, Step
from aidecay.lsp.convert import plain
from aidecay.safety import module_command

FILE_NAME = "inventory.py"
#: How long the last act waits for the server's decay analysis.
DIAGNOSTICS_TIMEOUT = 30.0


def _position(text: str, offset: int) -> dict[str, int]:
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return {"line": line, "character": len(text[start:offset].encode("utf-16-le")) // 2}


class DemoEditor:
    """A minimal editor: keeps the text, sends incremental changes, asks the server."""

    def __init__(self, db: Path, uri: str, workspace: Path) -> None:
        self.db, self.uri, self.workspace = db, uri, workspace
        self.client = LanguageClient("aidecay-demo", "1.0")
        self.text, self.version = "", 0
        self.diagnostics: dict[str, list[dict]] = {}
        self.published = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = get_converter().unstructure(params.diagnostics)
            self.published.set()

    async def start(self) -> None:
        # Safe-path launch; the working directory is the demo's own folder (the database and
        # the workspace folder), never the user's current folder.
        await self.client.start_io(
            *module_command("aidecay"),
            "serve",
            "--db",
            str(self.db),
            cwd=str(self.workspace.parent),
        )
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=self.workspace.as_uri(),
                initialization_options={"heuristic": {"enabled": False}},
            )
        )
        self.client.initialized(types.InitializedParams())

    async def wait_for_diagnostics(self, timeout: float) -> list[dict]:
        """The aidecay diagnostics of the document, once the server has published some."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = findings.aidecay_diagnostics(self.diagnostics.get(self.uri, []))
            remaining = deadline - loop.time()
            if found or remaining <= 0:
                return found
            self.published.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.published.wait(), remaining)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def open(self, text: str) -> None:
        self.text, self.version = text, 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(
                    uri=self.uri, language_id="python", version=self.version, text=text
                )
            )
        )

    def close(self) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=self.uri))
        )

    async def play(self, step: Step) -> str:
        """Send the step as an editor would: only the characters that differ."""
        start = self.text.index(step.old, self.text.index(step.anchor))
        end = start + len(step.old)
        old, new = step.old, step.new
        while old and new and old[0] == new[0]:
            old, new, start = old[1:], new[1:], start + 1
        while old and new and old[-1] == new[-1]:
            old, new, end = old[:-1], new[:-1], end - 1
        await self._change(start, end, new, step)
        return new

    async def _change(self, start: int, end: int, new: str, step: Step) -> None:
        span = {"start": _position(self.text, start), "end": _position(self.text, end)}
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.version, uri=self.uri),
                [
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            types.Position(**span["start"]), types.Position(**span["end"])
                        ),
                        text=new,
                    )
                ],
            )
        )
        self.text = self.text[:start] + new + self.text[end:]
        if step.mark:
            inserted = {"start": span["start"], "end": _position(self.text, start + len(new))}
            await self.request(
                "aidecay/markRegion",
                {
                    "textDocument": {"uri": self.uri, "version": self.version},
                    "range": inserted,
                    "origin": step.mark,
                    "tool": step.tool,
                },
            )

    async def request(self, method: str, params: dict) -> Any:
        return plain(await self.client.protocol.send_request_async(method, params))


async def _replay(db: Path, workspace: Path, console: Console) -> None:
    path = workspace / FILE_NAME
    path.write_text(resources.files("aidecay.demo").joinpath("data", FILE_NAME).read_text())
    uri = path.as_uri()

    console.rule("[bold]1. An editing session")
    editor = DemoEditor(db, uri, workspace)
    await editor.start()
    editor.open(path.read_text())
    for step in SESSION:
        inserted = await editor.play(step)
        what = f"marks it as [bold]{step.mark}[/]" if step.mark else "edits"
        changed = (inserted.strip().splitlines() or ["(deletion)"])[0][:60]
        console.print(f"  {step.who:>8} {what}: ", Text(changed), sep="")
    path.write_text(editor.text)  # saved
    editor.close()
    await editor.stop()

    console.rule("[bold]2. Server down; the file changes outside the editor")
    text = path.read_text()
    for old, new in OUTSIDE_EDITS:
        text = text.replace(old, new, 1)
        console.print("  external: ", Text(f"{old.strip()!r} -> {new.strip()!r}"), sep="")
    path.write_text(text)

    console.rule("[bold]3. The server restarts on the same database and re-anchors")
    editor = DemoEditor(db, uri, workspace)
    await editor.start()
    editor.open(text)
    regions = (await editor.request("aidecay/listRegions", {"includeDeleted": True}))["regions"]
    histories = [await editor.request("aidecay/regionHistory", {"id": r["id"]}) for r in regions]
    diagnostics = await editor.wait_for_diagnostics(DIAGNOSTICS_TIMEOUT)
    await editor.stop()
    _report(console, text, regions, histories)
    findings.show(console, diagnostics, regions)
    console.print(f"\nDatabase: {db}\nWorkspace: {workspace}")


def _report(console: Console, text: str, regions: list[dict], histories: list[dict]) -> None:
    table = Table(title="AI regions recorded by aidecay")
    for column in ("id", "origin", "tool", "status", "lines", "edits", "+chars", "-chars"):
        table.add_column(column)
    for r in regions:
        rng = r["range"]
        table.add_row(
            r["id"][:8],
            r["origin"],
            r["tool"] or "",
            r["status"],
            f"{rng['start']['line'] + 1}-{rng['end']['line'] + 1}",
            str(r["editCount"]),
            str(r["charsInserted"]),
            str(r["charsDeleted"]),
        )
    console.print(table)
    lines = text.splitlines()
    for region, history in zip(regions, histories):
        rng = region["range"]
        console.rule(f"region {region['id'][:8]} ({region['origin']})")
        for number in range(rng["start"]["line"], min(rng["end"]["line"] + 1, len(lines))):
            console.print(Text(f"{number + 1:>4} ", style="dim"), Text(lines[number]), sep="")
        events = Table(show_header=True, box=None)
        for column in ("at", "kind", "author", "rule", "+", "-"):
            events.add_column(column)
        for e in history["events"]:
            events.add_row(
                e["at"][11:23],
                e["kind"],
                e["author"],
                e["rule"] or "",
                str(e["inserted"]),
                str(e["deleted"]),
            )
        console.print(events)


def run(db: str | None = None) -> int:
    logging.getLogger("pygls").setLevel(logging.ERROR)
    console = Console()
    run_dir = Path(tempfile.mkdtemp(prefix="aidecay-demo-"))
    workspace = run_dir / "workspace"
    workspace.mkdir()
    database = Path(db) if db else run_dir / "demo.db"
    asyncio.run(_replay(database, workspace, console))
    return 0
