"""Document sync: every change goes through the tracker in arrival order.

Re-anchoring a large document on open (a diff of its last known text against the opened
text) runs in a thread; the document's later messages wait for it, in order.
"""

from __future__ import annotations

import asyncio
import logging

from lsprotocol import types

from aidecay.core.anchoring import SpanMapper
from aidecay.core.uris import uri_to_path
from aidecay.lsp.convert import position_from_lsp
from aidecay.lsp.features import diagnostics
from aidecay.tracking.tracker import Change, TrackingError

log = logging.getLogger(__name__)

#: Re-anchoring texts up to this size (old plus new) runs inline; larger ones in a thread.
REANCHOR_INLINE_CHARS = 50_000


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        session = ls.session
        if uri_to_path(doc.uri) is None:
            log.info("%s is not a file; its regions are tracked while it is open", doc.uri)
        if session.gate.defer(doc.uri, lambda: did_open(ls, params)):
            return
        old = session.tracker.reanchor_source(doc.uri, doc.text)
        if old is not None and len(old) + len(doc.text) > REANCHOR_INLINE_CHARS:
            session.gate.hold(doc.uri, lambda: _open_now(ls, doc))
            session.analysis.background(_open_later(ls, doc, old))
            return
        _opened(ls, doc)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: types.DidChangeTextDocumentParams) -> None:
        session = ls.session
        uri = params.text_document.uri
        if session.gate.defer(uri, lambda: did_change(ls, params)):
            return
        changes = [_change(c) for c in params.content_changes]
        try:
            changed = session.tracker.change(uri, params.text_document.version, changes)
        except TrackingError as exc:
            log.warning("%s", exc)
            return
        if changed:
            session.regions_changed(uri)
            return
        if session.tracker.pending():
            session.schedule_flush()
        if len(session.tracker.documents[uri].regions) or session.analysis.results.get(uri):
            session.analysis.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: types.DidSaveTextDocumentParams) -> None:
        if ls.session.gate.defer(params.text_document.uri, lambda: did_save(ls, params)):
            return
        ls.session.tracker.saved(params.text_document.uri)
        ls.session.flush()
        _update_index(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams) -> None:
        if ls.session.gate.defer(params.text_document.uri, lambda: did_close(ls, params)):
            return
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


def _opened(ls, doc: types.TextDocumentItem, mapped=None) -> None:
    session = ls.session
    if session.tracker.open(doc.uri, doc.text, doc.version, mapped):
        session.regions_changed(doc.uri, analyse_in_ms=0)


async def _open_later(ls, doc: types.TextDocumentItem, old: str) -> None:
    """Diff in a thread, then open with that diff and run what arrived meanwhile."""
    session = ls.session
    log.info("%s changed since last seen; re-anchoring its regions in the background", doc.uri)
    try:
        mapper = await asyncio.to_thread(SpanMapper, old, doc.text)
    except Exception:  # noqa: BLE001 - never lose the document: open it the plain way
        log.exception("re-anchoring %s in the background failed; re-anchoring inline", doc.uri)
        mapper = None
    if not session.gate.held(doc.uri) or session.tracker.documents.get(doc.uri) is not None:
        return  # a request needed it first: already opened inline (``settle``)
    try:
        _opened(ls, doc, (old, mapper) if mapper is not None else None)
    finally:
        session.gate.release(doc.uri)


def _open_now(ls, doc: types.TextDocumentItem) -> None:
    try:
        _opened(ls, doc)
    finally:
        ls.session.gate.release(doc.uri)


def _change(change) -> Change:
    if isinstance(change, types.TextDocumentContentChangePartial):
        return Change(
            change.text, position_from_lsp(change.range.start), position_from_lsp(change.range.end)
        )
    return Change(change.text)


def _update_index(ls, uri: str, deleted: bool = False) -> None:
    """Refresh the workspace index in the background; document state is already current."""
    ls.session.analysis.background(ls.session.analysis.file_saved(uri, deleted))
