"""Drive the real ``aidecay serve`` over stdio with pytest-lsp's client."""

from __future__ import annotations

import asyncio
import os
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient
from pytest_lsp.client import make_test_lsp_client

from aidecay.lsp.convert import plain

SERVER = [sys.executable, "-m", "aidecay", "serve"]


@asynccontextmanager
async def running_server(
    db: Path,
    *,
    options: dict[str, Any] | None = None,
    encodings: list[str] | None = None,
    root: Path | None = None,
    configuration: dict[str, Any] | None = None,
    watch_files: bool = False,
    pull_diagnostics: bool = False,
    extra_args: list[str] | None = None,
    command: list[str] | None = None,
    cwd: Path | None = None,
    work_done_progress: bool = False,
    folders: list[Path] | None = None,
    folder_configuration: dict[Path, dict[str, Any]] | None = None,
):
    """A started, initialized server with its own database; shut down on exit."""
    client = make_test_lsp_client()
    client.regions_changed = []  # type: ignore[attr-defined]
    client.regions_deltas = []  # type: ignore[attr-defined]

    @client.feature("aidecay/regionsChanged")
    def _regions_changed(params):
        client.regions_changed.append(params.uri)  # type: ignore[attr-defined]
        client.regions_deltas.append(plain(params))  # type: ignore[attr-defined]

    client.diagnostic_versions = {}  # type: ignore[attr-defined]

    def _publish(params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.diagnostic_versions[params.uri] = params.version  # type: ignore[attr-defined]

    client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _publish
    if configuration is not None:
        client.set_configuration(configuration, section="aidecay")
    for folder, section in (folder_configuration or {}).items():
        client.set_configuration(section, section="aidecay", scope_uri=folder.as_uri())
    # Never touch the user's real database, whatever the test configures.
    env = {**os.environ, "AIDECAY_DB": str(db.with_suffix(".env.db"))}
    await client.start_io(*(command or SERVER), *(extra_args or []), env=env, cwd=cwd)
    workspace = types.WorkspaceClientCapabilities(
        configuration=configuration is not None,
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=watch_files
        ),
    )
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities()
        )
        if pull_diagnostics
        else None,
        workspace=workspace,
        general=types.GeneralClientCapabilities(position_encodings=encodings)
        if encodings
        else None,
        window=types.WindowClientCapabilities(work_done_progress=True)
        if work_done_progress
        else None,
    )
    init = {"databasePath": str(db), **(options or {})}
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            initialization_options=init,
            root_uri=root.as_uri() if root else None,
            workspace_folders=[
                types.WorkspaceFolder(uri=folder.as_uri(), name=folder.name) for folder in folders
            ]
            if folders
            else None,
        )
    )
    client.init_result = result  # type: ignore[attr-defined]
    if configuration is not None:
        await asyncio.sleep(0.5)  # let the server pull its configuration
    try:
        yield client
    finally:
        await client.shutdown_session()


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=version, text=text
            )
        )
    )


def edit(
    client: LanguageClient,
    uri: str,
    version: int,
    start: tuple[int, int],
    end: tuple[int, int],
    text: str,
) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(*start), end=types.Position(*end)),
                    text=text,
                )
            ],
        )
    )


def replace_all(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def close_doc(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def rng(sl: int, sc: int, el: int, ec: int) -> dict:
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


async def request(client: LanguageClient, method: str, params: dict) -> Any:
    """A custom request; the result as plain JSON-like data."""
    result = await client.protocol.send_request_async(method, params)
    return plain(result)


async def mark(client, uri, range_, origin="agent", **extra) -> list[dict]:
    result = await request(
        client,
        "aidecay/markRegion",
        {"textDocument": {"uri": uri}, "range": range_, "origin": origin, **extra},
    )
    return result["created"]


async def list_regions(client, uri=None, include_deleted=False) -> list[dict]:
    params: dict[str, Any] = {"includeDeleted": include_deleted}
    if uri:
        params["textDocument"] = {"uri": uri}
    return (await request(client, "aidecay/listRegions", params))["regions"]


async def wait_for_diagnostics(client, uri, predicate=lambda d: True, timeout=5.0) -> list:
    """The latest published diagnostics of ``uri`` once ``predicate`` holds for them."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        current = client.diagnostics.get(uri)
        if current is not None and predicate(current):
            return current
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"diagnostics of {uri} never matched; last: {current!r}")
        await asyncio.sleep(0.05)


async def wait_for_regions_changed(client, uri, timeout=10.0) -> list[dict]:
    """The ``aidecay/regionsChanged`` deltas of ``uri`` once there is one (regions written by
    another process: the server polls every 2 s, then notifies)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = [d for d in client.regions_deltas if d["uri"] == uri]
        if found or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.1)


def insert(client, uri, version, line, text) -> None:
    """Insert ``text`` at the start of ``line``."""
    edit(client, uri, version, (line, 0), (line, 0), text)
