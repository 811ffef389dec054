"""pygls protocol without pygls's own copy of document text, preferring UTF-8 positions.

aidecay's core owns the documents: it needs the text *before* each change to classify it,
and applies changes in order itself. Letting pygls keep a second copy would double the
keystroke-path work (pygls re-splits the whole text on every change).

pygls 2.1.1 keeps the Future of every notification handled by a generator handler (as
``didChange`` is) in ``_request_futures`` for ever (about 2 KB per keystroke);
``_execute_handler`` here drops each Future once it is done.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method


class AidecayProtocol(LanguageServerProtocol):
    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        """pygls's, but a finished handler's Future is forgotten (notifications included)."""
        futures = self._request_futures

        def done(future) -> None:
            # Cancelled ones are left alone: pygls cancels while iterating over the dict
            # (shutdown) or has already removed them (``$/cancelRequest``).
            if not future.cancelled() and futures.get(msg_id) is future:
                del futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, done, args, kwargs)

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        """Prefer UTF-8 positions whenever the client offers them (UTF-16 otherwise)."""
        general = params.capabilities.general
        offered = general.position_encodings if general else None
        if offered and types.PositionEncodingKind.Utf8 in offered:
            general.position_encodings = [types.PositionEncodingKind.Utf8] + [
                e for e in offered if e != types.PositionEncodingKind.Utf8
            ]
        return (yield from super().lsp_initialize(params))

    def _user_handler(self, method: str, params):
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params)
