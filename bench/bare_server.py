"""The peer for benchmarks: a bare pygls server that only keeps document text in sync."""

import logging

from lsprotocol import types
from pygls.lsp.server import LanguageServer

server = LanguageServer(
    "bare", "1.0", text_document_sync_kind=types.TextDocumentSyncKind.Incremental
)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls, params):
    pass


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls, params):
    pass


if __name__ == "__main__":
    logging.getLogger("pygls").setLevel(logging.WARNING)
    server.start_io()
