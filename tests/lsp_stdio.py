"""The one synchronous LSP client over a server's stdio, for the wild corpus and the benchmarks.

(The end-to-end tests drive the server with pytest-lsp's client; this one is for harnesses
that run outside pytest's event loop and time what they send.) A reader thread collects every
message: responses by id, ``textDocument/publishDiagnostics`` per document in arrival order,
``window/logMessage`` lines, and any other notification to the handler registered for its
method; requests from the server are answered with ``null``.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

Handler = Callable[[dict[str, Any]], None]


class ServerError(RuntimeError):
    """The server answered a request with an error, or stopped answering."""


class StdioClient:
    """One server process started with ``command``."""

    def __init__(
        self,
        command: list[str],
        env: dict[str, str] | None = None,
        cwd: str | Path | None = None,
        handlers: dict[str, Handler] | None = None,
    ) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=None if cwd is None else str(cwd),
        )
        self.handlers = dict(handlers or {})
        self.publishes: dict[str, list[dict[str, Any]]] = {}
        self.logs: list[str] = []
        self._cond = threading.Condition()
        self._responses: dict[int, dict[str, Any]] = {}
        self._ignored: set[int] = set()
        self._next_id = 0
        self._closed = False
        self._write_lock = threading.Lock()
        threading.Thread(target=self._reader, daemon=True).start()

    # -- transport ---------------------------------------------------------------------------

    def send(self, message: dict[str, Any]) -> None:
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
                self.send({"id": message["id"], "result": None})
                continue
            if method in self.handlers:
                self.handlers[method](message.get("params") or {})
            with self._cond:
                if method == "textDocument/publishDiagnostics":
                    params = message["params"]
                    self.publishes.setdefault(params["uri"], []).append(params)
                elif method == "window/logMessage":
                    self.logs.append(message["params"]["message"])
                elif method is None and message.get("id") not in self._ignored:
                    self._responses[message["id"]] = message
                self._ignored.discard(message.get("id"))
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
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

    def send_request(self, method: str, params: Any, wanted: bool = True) -> int:
        """Send a request; its id (an unwanted response is dropped when it comes)."""
        with self._cond:
            self._next_id += 1
            rid = self._next_id
            if not wanted:
                self._ignored.add(rid)
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def request(self, method: str, params: Any, timeout: float = 60.0) -> dict[str, Any]:
        """The whole response message (``result`` or ``error``)."""
        rid = self.send_request(method, params)
        return self.wait(lambda: self._responses.pop(rid, None), timeout, method)

    def call(self, method: str, params: Any, timeout: float = 60.0) -> Any:
        """The result of a request; ``ServerError`` if the server answered with an error."""
        message = self.request(method, params, timeout)
        if "error" in message:
            raise ServerError(f"{method}: {message['error'].get('message')}")
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    # -- session -----------------------------------------------------------------------------

    def initialize(self, options: dict[str, Any] | None = None, root: Path | None = None) -> None:
        self.call(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri() if root else None,
                "capabilities": {},
                "initializationOptions": options or {},
            },
        )
        self.notify("initialized", {})

    def close(self, timeout: float = 20.0) -> None:
        try:
            self.request("shutdown", None, timeout=timeout)
            self.notify("exit", None)
            self.process.wait(timeout=timeout)
        except (ServerError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
