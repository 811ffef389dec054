"""The aidecay language server: pygls wiring only; every feature lives in ``features``."""

from __future__ import annotations

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


class AidecayServer(LanguageServer):
    """A LanguageServer with a ``session`` (created at initialize)."""

    def __init__(self, db_override: str | None = None) -> None:
        super().__init__("aidecay", __version__, protocol_cls=AidecayProtocol)
        self.db_override = db_override
        self._session: Session | None = None
        self.symbols = SymbolIndex()  # functions and classes, for region names and CodeLenses

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
        self.protocol.notify(REGIONS_CHANGED, regions.changed_payload(self, uri))

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
