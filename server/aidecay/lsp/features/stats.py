"""``aidecay/stats`` and ``aidecay/export``: the CLI's data, for the VS Code panel and report.

Both run in a worker thread (the event loop keeps serving edits) with their own read-only
connection to the database. ``aidecay/stats`` takes ``source`` (``live``, ``replay`` or
``all``, as ``aidecay stats --source``): the summary of that source's regions and, unless it
is ``live``, the replayed repositories' AI-vs-human section under ``replay``, exactly as the
CLI's JSON has them. ``{"scorecard": true}`` adds the scorecard (``aidecay scorecard
--json``), computed in a child process so its statistics libraries never load into the
server.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams

from aidecay import safety
from aidecay.core.uris import uri_to_path
from aidecay.lsp.convert import json_object
from aidecay.stats import export, query, replay_report, scorecard_child, sources, summary
from aidecay.stats.scope import Scope, parse_now, parse_since

STATS = "aidecay/stats"
EXPORT = "aidecay/export"
log = logging.getLogger(__name__)


def register(server) -> None:
    @server.feature(STATS)
    async def stats(ls, params: Any) -> dict:
        args = json_object(params)
        source = args.get("source", "all")
        if source not in sources.SOURCES:
            raise JsonRpcInvalidParams(f"source must be one of {', '.join(sources.SOURCES)}")
        path, scope = _prepare(ls, args)
        result = await asyncio.to_thread(_stats, path, scope, source, _root(ls))
        if args.get("scorecard"):  # over every source, whatever ``source`` says
            result["scorecard"] = await scorecard(path, "all", args.get("since"))
        return result

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


async def scorecard(path: str, source: str, since: str | None) -> dict:
    """The scorecard from a child process (``stats.scorecard_child``); ``{"error": ...}``
    when it fails."""
    try:
        child = await asyncio.create_subprocess_exec(
            *scorecard_child.command(path, source=source, since=since),
            cwd=safety.neutral_directory(),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(child.communicate(), scorecard_child.TIMEOUT_S)
    except (OSError, asyncio.TimeoutError) as exc:
        log.warning("scorecard failed: %s", exc)
        return {"error": f"the scorecard could not be computed: {exc}"}
    card = scorecard_child.answer(child.returncode, out, err)
    if "error" in card:
        log.warning("scorecard failed: %s", card["error"])
    return card


def _stats(path: str, scope: Scope, source: str, root: Path | None) -> dict:
    """In a worker thread, with its own read-only connection; paths relative to ``root``."""
    try:
        history = sources.load(path, scope, source, root)
        stats = summary.compute(history, scope)
        if source != "live":
            stats["replay"] = replay_report.repos(history)
        return stats
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
