"""Code actions on aidecay diagnostics, and the commands they run."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from aidecay.lsp.features.diagnostics import region_id_of
from aidecay.lsp.features.regions import region_history

MARK_REVIEWED = "aidecay.markReviewed"
UNMARK_REGION = "aidecay.unmarkRegion"
SHOW_HISTORY = "aidecay.showHistory"
ACTIONS = (
    ("Mark region as reviewed", MARK_REVIEWED),
    ("Unmark region (not AI-written)", UNMARK_REGION),
    ("Show region history", SHOW_HISTORY),
)


def register(server) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls, params: types.CodeActionParams) -> list[types.CodeAction]:
        actions: list[types.CodeAction] = []
        seen: set[str] = set()
        for diagnostic in params.context.diagnostics:
            region_id = region_id_of(diagnostic)
            if region_id is None or region_id in seen:
                continue
            seen.add(region_id)
            actions.extend(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    command=types.Command(title=title, command=command, arguments=[region_id]),
                )
                for title, command in ACTIONS
            )
        return actions

    @server.command(MARK_REVIEWED)
    def mark_reviewed(ls, *args: Any) -> dict:
        region = ls.session.tracker.review(_region_id(args), _reviewer(args))
        if region is not None and region.live:
            ls.session.analysis.accept(region.id, region.sittings)
        return _changed(ls, region)

    @server.command(UNMARK_REGION)
    def unmark(ls, *args: Any) -> dict:
        region = ls.session.tracker.unmark(_region_id(args))
        return _changed(ls, region)

    @server.command(SHOW_HISTORY)
    def show_history(ls, *args: Any) -> dict:
        return region_history(ls, _region_id(args))


def _region_id(args: tuple) -> str:
    if len(args) == 1 and isinstance(args[0], list):
        args = tuple(args[0])
    if not args or not isinstance(args[0], str) or not args[0]:
        raise JsonRpcInvalidParams("expected the region id as the first argument")
    return args[0]


def _reviewer(args: tuple) -> str | None:
    """The optional second argument of ``aidecay.markReviewed``: who reviewed."""
    if len(args) == 1 and isinstance(args[0], list):
        args = tuple(args[0])
    return args[1] if len(args) > 1 and isinstance(args[1], str) and args[1] else None


def _changed(ls, region) -> dict:
    if region is None:
        raise JsonRpcInvalidParams("no such region")
    session = ls.session
    session.regions_changed(region.uri)
    session.schedule_flush()
    session.analysis.schedule(region.uri, 0)
    return {
        "id": region.id,
        "status": region.status.value,
        "reviewedAt": region.reviewed_at,
        "reviewedBy": region.reviewed_by,
    }
