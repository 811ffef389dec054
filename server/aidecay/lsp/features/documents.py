"""Document sync: every change goes through the tracker in arrival order."""

from __future__ import annotations

import logging

from lsprotocol import types

from aidecay.core.tracker import Change, TrackingError
from aidecay.core.uris import uri_to_path
from aidecay.lsp.convert import position_from_lsp
from aidecay.lsp.features import diagnostics

log = logging.getLogger(__name__)


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        session = ls.session
        if uri_to_path(doc.uri) is None:
            log.info("%s is not a file; its regions are tracked while it is open", doc.uri)
        if session.tracker.open(doc.uri, doc.text, doc.version):
            session.regions_changed(doc.uri)
            session.schedule_flush()
            session.analysis.schedule(doc.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: types.DidChangeTextDocumentParams) -> None:
        session = ls.session
        uri = params.text_document.uri
        changes = [_change(c) for c in params.content_changes]
        try:
            changed = session.tracker.change(uri, params.text_document.version, changes)
        except TrackingError as exc:
            log.warning("%s", exc)
            return
        if changed:
            session.regions_changed(uri)
        if session.tracker.pending():
            session.schedule_flush()
        if len(session.tracker.documents[uri].regions) or session.analysis.results.get(uri):
            session.analysis.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: types.DidSaveTextDocumentParams) -> None:
        ls.session.tracker.saved(params.text_document.uri)
        ls.session.flush()
        _update_index(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams) -> None:
        ls.session.tracker.close(params.text_document.uri)
        ls.session.flush()
        if ls.session.analysis.results.get(params.text_document.uri):
            diagnostics.clear(ls, params.text_document.uri)
        ls.session.analysis.forget(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls, params: types.DidChangeWatchedFilesParams) -> None:
        session = ls.session
        for event in params.changes:
            deleted = event.type == types.FileChangeType.Deleted
            if not deleted and session.tracker.file_changed(event.uri):  # deleted: regions wait
                session.regions_changed(event.uri)
            _update_index(ls, event.uri, deleted)


def _change(change) -> Change:
    if isinstance(change, types.TextDocumentContentChangePartial):
        return Change(
            change.text, position_from_lsp(change.range.start), position_from_lsp(change.range.end)
        )
    return Change(change.text)


def _update_index(ls, uri: str, deleted: bool = False) -> None:
    """Refresh the workspace index in the background; document state is already current."""
    ls.session.analysis.background(ls.session.analysis.file_saved(uri, deleted))
