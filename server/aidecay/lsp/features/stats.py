"""``aidecay/stats`` and ``aidecay/export``: the CLI's data, for the VS Code panel and report.

Both run in a worker thread (the event loop keeps serving edits) with their own read-only
connection to the database.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams

from aidecay.core.uris import uri_to_path
from aidecay.lsp.convert import json_object
from aidecay.stats import export, query, sources, summary
from aidecay.stats.scope import Scope, parse_now, parse_since

STATS = "aidecay/stats"
EXPORT = "aidecay/export"


def register(server) -> None:
    @server.feature(STATS)
    async def stats(ls, params: Any) -> dict:
        args = json_object(params)
        source = args.get("source", "all")
        if source not in sources.SOURCES:
            raise JsonRpcInvalidParams(f"source must be one of {', '.join(sources.SOURCES)}")
        path, scope = _prepare(ls, args)
        return await asyncio.to_thread(_stats, path, scope, source, _root(ls))

    @server.feature(EXPORT)
    async def export_(ls, params: Any) -> dict:
        args = json_object(params)
        fmt = args.get("format", "json")
        if fmt not in export.FORMATS:
            raise JsonRpcInvalidParams(f"format must be one of {', '.join(export.FORMATS)}")
        path, scope = _prepare(ls, args)
        absolute = bool(args.get("absolutePaths"))
        content = await asyncio.to_thread(_export, path, scope, fmt, absolute, _root(ls))
        return {"format": fmt, "content": content}


def _stats(path: str, scope: Scope, source: str, root: Path | None) -> dict:
    """In a worker thread, with its own read-only connection; paths relative to ``root``."""
    try:
        return summary.compute(sources.load(path, scope, source, root), scope)
    except query.QueryError as exc:
        raise JsonRpcInternalError(str(exc)) from exc


def _export(path: str, scope: Scope, fmt: str, absolute: bool, root: Path | None) -> str:
    document = export.build(_load(path), scope, absolute=absolute, root=root)
    return export.render(document, fmt)


def _load(path: str) -> query.Dataset:
    try:
        return query.load(path)
    except query.QueryError as exc:
        raise JsonRpcInternalError(str(exc)) from exc


def _prepare(ls, args: dict) -> tuple[str, Scope]:
    """The scope, and the database path once everything recorded is flushed (on the loop)."""
    since = args.get("since")
    if since is not None and not isinstance(since, str):
        raise JsonRpcInvalidParams("since must be a string such as 30d")
    now = parse_now(None)
    try:
        scope = Scope(now, parse_since(since, now))
    except ValueError as exc:
        raise JsonRpcInvalidParams(str(exc)) from exc
    session = ls.session
    session.flush()
    if session.store.path == ":memory:":
        raise JsonRpcInternalError("the database could not be opened; see the server log")
    return session.store.path, scope


def _root(ls) -> Path | None:
    root = ls.workspace.root_uri if ls.workspace else None
    return uri_to_path(root) if root else None
