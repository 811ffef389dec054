"""Forward aidecay's log records to the client as window/logMessage."""

from __future__ import annotations

import logging

from lsprotocol import types
from pygls.lsp.server import LanguageServer

LEVELS = {
    logging.ERROR: types.MessageType.Error,
    logging.WARNING: types.MessageType.Warning,
    logging.INFO: types.MessageType.Info,
    logging.DEBUG: types.MessageType.Log,
}


class LspLogHandler(logging.Handler):
    def __init__(self, server: LanguageServer) -> None:
        super().__init__(logging.INFO)
        self.server = server
        self._emitting = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._emitting or self.server.protocol.writer is None:
            return
        self._emitting = True  # a failure to send must not log (and send) again
        try:
            level = max((lv for lv in LEVELS if lv <= record.levelno), default=logging.DEBUG)
            self.server.window_log_message(
                types.LogMessageParams(type=LEVELS[level], message=self.format(record))
            )
        except Exception:  # noqa: BLE001 - logging must never break the server
            pass
        finally:
            self._emitting = False
