"""Work done progress (``window/workDoneProgress/create`` + ``$/progress``) while the workspace
index builds: begin when the first files are counted, report as files are parsed, end when
the index is complete. Clients that do not announce ``window.workDoneProgress`` get nothing."""

from __future__ import annotations

import asyncio
import logging
import uuid

from lsprotocol import types

log = logging.getLogger(__name__)

TITLE = "aidecay: indexing workspace"
CREATE_TIMEOUT_S = 5.0


def supported(ls) -> bool:
    window = ls.client_capabilities.window
    return bool(window and window.work_done_progress)


class IndexProgress:
    """One progress bar for one index build; feed it with :meth:`update`."""

    def __init__(self, ls) -> None:
        self._ls = ls
        self._token: str | None = None
        self._finished = False
        self._last: tuple[int, int] | None = None

    async def update(self, done: int, total: int, ready: bool) -> None:
        """Called with the build's state (files done, files in total, whether it is over)."""
        if self._finished or not supported(self._ls):
            return
        progress = self._ls.work_done_progress
        if self._token is None:
            if ready:
                return  # no build to show
            token = f"aidecay-index-{uuid.uuid4().hex}"
            try:
                await asyncio.wait_for(progress.create_async(token), CREATE_TIMEOUT_S)
            except Exception as exc:  # noqa: BLE001 - progress is a courtesy, never fatal
                log.info("client did not accept a progress token: %s", exc)
                self._finished = True
                return
            self._token = token
            progress.begin(
                token,
                types.WorkDoneProgressBegin(
                    title=TITLE, message=_message(done, total), percentage=_percent(done, total)
                ),
            )
            self._last = (done, total)
        if ready:
            self._finished = True
            progress.end(self._token, types.WorkDoneProgressEnd(message=f"{total} files indexed"))
        elif self._last != (done, total):
            self._last = (done, total)
            progress.report(
                self._token,
                types.WorkDoneProgressReport(
                    message=_message(done, total), percentage=_percent(done, total)
                ),
            )


def _message(done: int, total: int) -> str:
    return f"{done}/{total} files" if total else "finding Python files"


def _percent(done: int, total: int) -> int:
    return 100 if total <= 0 else min(100, done * 100 // total)
