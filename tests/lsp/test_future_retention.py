"""pygls 2.1.1 keeps a Future for every notification a generator handler serves; ours does not.

A minimal reproduction: the same didOpen/didChange messages go through a bare pygls server
and through aidecay's server, in process (both protocols parse and dispatch them exactly as
they do over stdio; replies go to a sink). The bare server retains one Future per keystroke
and grows by kilobytes per edit; aidecay retains none and stays under 200 bytes per edit.
"""

from __future__ import annotations

import gc
import tracemalloc

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from aidecay.lsp.server import create_server

URI = "file:///memory/typing.py"
EDITS = 1500
WARMUP = 300


class _Sink:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


def _feed(server, method: str, params: dict, msg_id: int | None = None) -> None:
    message = {"jsonrpc": "2.0", "method": method, "params": params}
    if msg_id is not None:
        message["id"] = msg_id
    protocol = server.protocol
    protocol.handle_message(protocol.structure_message(message))


def _change(version: int) -> dict:
    line = version % 50
    return {
        "textDocument": {"uri": URI, "version": version},
        "contentChanges": [
            {
                "range": {
                    "start": {"line": line, "character": 0},
                    "end": {"line": line, "character": 0},
                },
                "text": "x",
            }
        ],
    }


def _type(server) -> int:
    """Bytes allocated and kept per edit over ``EDITS`` keystrokes (after a warm-up)."""
    server.protocol.set_writer(_Sink())
    _feed(
        server,
        "initialize",
        {
            "processId": None,
            "rootUri": None,
            "capabilities": {},
            "initializationOptions": {"analysis": {"enabled": False}},
        },
        1,
    )
    text = "".join(f"value_{k} = {k}\n" for k in range(60))
    _feed(
        server,
        "textDocument/didOpen",
        {"textDocument": {"uri": URI, "languageId": "python", "version": 1, "text": text}},
    )
    for version in range(2, 2 + WARMUP):
        _feed(server, "textDocument/didChange", _change(version))
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for version in range(2 + WARMUP, 2 + WARMUP + EDITS):
        _feed(server, "textDocument/didChange", _change(version))
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) // EDITS


def _bare_server() -> LanguageServer:
    server = LanguageServer(
        "bare", "1.0", text_document_sync_kind=types.TextDocumentSyncKind.Incremental
    )

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params) -> None:
        pass

    return server


async def test_bare_pygls_keeps_a_future_per_keystroke_and_aidecay_does_not(tmp_path, monkeypatch):
    monkeypatch.setenv("AIDECAY_DB", str(tmp_path / "env.db"))
    bare = _bare_server()
    bare_growth = _type(bare)
    ours = create_server(str(tmp_path / "ours.db"))
    try:
        our_growth = _type(ours)
        assert len(ours.protocol._request_futures) == 0
    finally:
        ours.close_session()
    assert len(bare.protocol._request_futures) >= WARMUP + EDITS  # the pygls behaviour
    assert bare_growth > 1000, bare_growth
    assert our_growth <= 200, (our_growth, bare_growth)
