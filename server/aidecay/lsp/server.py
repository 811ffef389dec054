"""The aidecay language server: pygls wiring only; every feature lives in ``features``."""

from __future__ import annotations

import asyncio
import logging

from pygls.lsp.server import LanguageServer

from aidecay import __version__
from aidecay.analysis.symbols import SymbolIndex
from aidecay.lsp.features import (
    code_actions,
    code_lens,
    configuration,
    diagnostics,
    documents,
    external_marks,
    hover,
    regions,
    stats,
)
from aidecay.lsp.log_handler import LspLogHandler
from aidecay.lsp.protocol import AidecayProtocol
from aidecay.lsp.session import Session

REGIONS_CHANGED = "aidecay/regionsChanged"
log = logging.getLogger(__name__)


class AidecayServer(LanguageServer):
    """A LanguageServer with a ``session`` (created at initialize)."""

    def __init__(self, db_override: str | None = None) -> None:
        super().__init__("aidecay", __version__, protocol_cls=AidecayProtocol)
        self.db_override = db_override
        self._session: Session | None = None
        self.symbols = SymbolIndex()  # functions and classes, for region names and CodeLenses
        self._notifying: dict[str, asyncio.Future] = {}  # uri -> its regionsChanged in flight

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the server has not been initialized")
        return self._session

    def start_session(self, raw_settings: object) -> Session:
        if self._session is not None:
            self._session.close()
        self._session = Session(
            self.notify_regions_changed,
            raw_settings,
            self.db_override,
            on_analysis=lambda uri, result: _on_analysis(self, uri, result),
        )
        self._session.watch_external_marks(external_marks.ExternalMarkWatcher(self._session))
        return self._session

    def notify_regions_changed(self, uri: str) -> None:
        """Take the document's delta now (in order with its edits); name the rows in a thread
        (parsing a big file must not hold the event loop) and send after the previous one."""
        payload, rows, jobs = regions.changed_payload(self, uri)
        previous = self._notifying.get(uri)
        task = asyncio.ensure_future(self._send_changed(payload, rows, jobs, previous))
        self._notifying[uri] = task
        task.add_done_callback(lambda done: self._forget_notification(uri, done))

    def _forget_notification(self, uri: str, done: asyncio.Future) -> None:
        if self._notifying.get(uri) is done:
            del self._notifying[uri]

    async def _send_changed(
        self, payload: dict, rows: list[dict], jobs: list, previous: asyncio.Future | None
    ) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        if rows:
            try:
                names = await asyncio.to_thread(self.symbols.symbols, jobs)
            except Exception:  # noqa: BLE001 - a name is decoration; the delta must go out
                log.exception("naming regions of %s failed", payload["uri"])
                names = [None] * len(rows)
            for row, name in zip(rows, names, strict=True):
                row["symbol"] = name
        self.protocol.notify(REGIONS_CHANGED, payload)

    def close_session(self) -> None:
        if self._session is not None:
            self._session.close()


def create_server(db_override: str | None = None) -> AidecayServer:
    server = AidecayServer(db_override)
    logging.getLogger("aidecay").addHandler(LspLogHandler(server))
    features = (configuration, documents, regions, stats, diagnostics, hover, code_actions)
    for feature in (*features, code_lens):
        feature.register(server)
    return server


def _on_analysis(ls: AidecayServer, uri: str, result) -> None:
    diagnostics.on_result(ls, uri, result)
    code_lens.on_result(ls, uri)
