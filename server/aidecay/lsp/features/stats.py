"""``aidecay/stats`` and ``aidecay/export``: the CLI's data, for the VS Code panel and report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams

from aidecay.core.uris import uri_to_path
from aidecay.lsp.convert import json_object
from aidecay.stats import export, query, summary
from aidecay.stats.scope import Scope, parse_now, parse_since

STATS = "aidecay/stats"
EXPORT = "aidecay/export"


def register(server) -> None:
    @server.feature(STATS)
    def stats(ls, params: Any) -> dict:
        args = json_object(params)
        data, scope = _load(ls, args)
        return summary.compute(data, scope)

    @server.feature(EXPORT)
    def export_(ls, params: Any) -> dict:
        args = json_object(params)
        fmt = args.get("format", "json")
        if fmt not in export.FORMATS:
            raise JsonRpcInvalidParams(f"format must be one of {', '.join(export.FORMATS)}")
        data, scope = _load(ls, args)
        root = _root(ls)
        document = export.build(data, scope, absolute=bool(args.get("absolutePaths")), root=root)
        return {"format": fmt, "content": export.render(document, fmt)}


def _load(ls, args: dict) -> tuple[query.Dataset, Scope]:
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
    try:
        return query.load(session.store.path), scope
    except query.QueryError as exc:
        raise JsonRpcInternalError(str(exc)) from exc


def _root(ls) -> Path | None:
    root = ls.workspace.root_uri if ls.workspace else None
    return uri_to_path(root) if root else None
