"""The wild corpus's client: the shared stdio client (``tests/lsp_stdio.py``) plus the
document calls the corpus makes (open, edit, mark, wait for a version's diagnostics)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lsp_stdio import ServerError, StdioClient  # noqa: E402

SERVER = [sys.executable, "-m", "aidecay", "serve"]
__all__ = ["ServerError", "WildClient"]


class WildClient(StdioClient):
    """One ``aidecay serve`` process with ``root`` as its workspace folder."""

    def __init__(
        self,
        root: Path,
        db: Path,
        options: dict[str, Any] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        env = {**os.environ, **(env or {}), "AIDECAY_DB": str(db)}
        # The workspace must never be importable from the server: start it elsewhere.
        super().__init__([*SERVER, "--db", str(db)], env=env, cwd=db.parent)
        self.initialize({"databasePath": str(db), **(options or {})}, root)

    # -- documents -----------------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "python",
                    "version": version,
                    "text": text,
                }
            },
        )

    def change(self, uri: str, version: int, edit: tuple[int, int, int, int, str]) -> None:
        """Replace ``(line, character)``..``(end_line, end_character)`` with ``text``."""
        line, char, end_line, end_char, text = edit
        span = {
            "start": {"line": line, "character": char},
            "end": {"line": end_line, "character": end_char},
        }
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": span, "text": text}],
            },
        )

    def close_document(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def mark(self, uri: str, version: int, first: int, last: int) -> str:
        """Mark lines ``first``..``last`` (0-based, inclusive) as agent-written; the region id."""
        result = self.call(
            "aidecay/markRegion",
            {
                "textDocument": {"uri": uri, "version": version},
                "range": {
                    "start": {"line": first, "character": 0},
                    "end": {"line": last + 1, "character": 0},
                },
                "origin": "agent",
                "tool": "wild-corpus",
            },
        )
        created = result["created"]
        if len(created) != 1:
            raise ServerError(f"markRegion created {len(created)} regions")
        return created[0]["id"]

    def unmark(self, region_id: str) -> None:
        self.call("aidecay/unmarkRegion", {"id": region_id})

    def diagnostics(self, uri: str, version: int, passes: int = 1, timeout: float = 60.0):
        """The diagnostics of the ``passes``-th publish of ``uri`` at ``version``."""

        def found():
            at_version = [p for p in self.publishes.get(uri, ()) if p.get("version") == version]
            return at_version[passes - 1]["diagnostics"] if len(at_version) >= passes else None

        result = self.wait(lambda: (found(),) if found() is not None else None, timeout, uri)
        return result[0]

    def wait_for_index(self, timeout: float = 600.0) -> None:
        self.wait(
            lambda: any(line.startswith("workspace index ready") for line in self.logs),
            timeout,
            "the workspace index",
        )
