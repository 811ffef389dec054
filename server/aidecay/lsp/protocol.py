"""pygls protocol without pygls's own copy of document text, preferring UTF-8 positions.

aidecay's core owns the documents: it needs the text *before* each change to classify it,
and applies changes in order itself. Letting pygls keep a second copy would double the
keystroke-path work (pygls re-splits the whole text on every change).

pygls 2.1.1 keeps the Future of every notification handled by a generator handler (as
``didChange`` is) in ``_request_futures`` for ever (about 2 KB per keystroke);
``_execute_handler`` here drops each Future once it is done.

A client cancels requests it no longer needs (VS Code: code lenses, hovers, pulled
diagnostics, once the document changed). When the answer was already sent (synchronous
handlers answer at once), the ``$/cancelRequest`` arrives for an id pygls no longer knows and
pygls logs a warning for each: 177 in a short session. The ids answered lately are kept, and
such a late cancel is logged at debug level only; a cancel for an id never seen still warns.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

log = logging.getLogger(__name__)

#: How many answered request ids to remember for late ``$/cancelRequest``s.
ANSWERED_KEPT = 512


class AidecayProtocol(LanguageServerProtocol):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._answered: OrderedDict = OrderedDict()

    def _send_response(self, msg_id, result=None, error=None):
        """pygls's, remembering the id (see ``_handle_cancel_notification``)."""
        self._answered[msg_id] = None
        if len(self._answered) > ANSWERED_KEPT:
            self._answered.popitem(last=False)
        return super()._send_response(msg_id, result, error)

    def _handle_cancel_notification(self, msg_id):
        """A cancel that crossed our answer on the wire is expected, not worth a warning."""
        if msg_id not in self._request_futures and msg_id in self._answered:
            log.debug("cancel for request %s, already answered", msg_id)
            return
        super()._handle_cancel_notification(msg_id)

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
