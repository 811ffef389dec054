"""A small synchronous LSP client over the real server's stdio, for the wild corpus.

A reader thread collects every message; ``publishes`` keeps the published diagnostics of each
document in arrival order, so a caller can wait for the result of one document version.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

SERVER = [sys.executable, "-m", "aidecay", "serve"]


class ServerError(RuntimeError):
    """The server answered a request with an error, or stopped answering."""


class WildClient:
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
        self.process = subprocess.Popen(
            [*SERVER, "--db", str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=str(db.parent),
        )
        self._cond = threading.Condition()
        self._responses: dict[int, dict[str, Any]] = {}
        self.publishes: dict[str, list[dict[str, Any]]] = {}
        self.logs: list[str] = []
        self._next_id = 0
        self._closed = False
        self._write_lock = threading.Lock()
        threading.Thread(target=self._reader, daemon=True).start()
        init = {"databasePath": str(db), **(options or {})}
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {},
                "initializationOptions": init,
            },
        )
        self.notify("initialized", {})

    # -- transport ---------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        with self._write_lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> dict[str, Any] | None:
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                return None
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def _reader(self) -> None:
        while True:
            message = self._read()
            if message is None:
                break
            method = message.get("method")
            if method is not None and "id" in message:  # a request from the server
                self._send({"id": message["id"], "result": None})
                continue
            with self._cond:
                if method == "textDocument/publishDiagnostics":
                    params = message["params"]
                    self.publishes.setdefault(params["uri"], []).append(params)
                elif method == "window/logMessage":
                    self.logs.append(message["params"]["message"])
                elif method is None:
                    self._responses[message["id"]] = message
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait(self, predicate, timeout: float, what: str) -> Any:
        """The first truthy value of ``predicate()`` (evaluated under the lock)."""
        box: list[Any] = []

        def ready() -> bool:
            value = predicate()
            if value:
                box.append(value)
            return bool(box) or self._closed

        with self._cond:
            self._cond.wait_for(ready, timeout)
        if not box:
            state = "stopped" if self._closed else f"timed out after {timeout:.0f} s"
            raise ServerError(f"server {state} waiting for {what}")
        return box[0]

    def request(self, method: str, params: Any, timeout: float = 60.0) -> Any:
        self._next_id += 1
        rid = self._next_id
        self._send({"id": rid, "method": method, "params": params})
        message = self.wait(lambda: self._responses.pop(rid, None), timeout, method)
        if "error" in message:
            raise ServerError(f"{method}: {message['error'].get('message')}")
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

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

    def change(self, uri: str, version: int, line: int, text: str) -> None:
        """Insert ``text`` at the start of ``line``."""
        position = {"line": line, "character": 0}
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": text}],
            },
        )

    def close_document(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def mark(self, uri: str, version: int, first: int, last: int) -> str:
        """Mark lines ``first``..``last`` (0-based, inclusive) as agent-written; the region id."""
        result = self.request(
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
        self.request("aidecay/unmarkRegion", {"id": region_id})

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

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=20)
            self.notify("exit", None)
            self.process.wait(timeout=20)
        except (ServerError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
