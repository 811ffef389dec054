"""Code actions on aidecay diagnostics, and the commands they run."""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from aidecay.core.settings import DIAGNOSTIC_CODES
from aidecay.lsp.features.diagnostics import SOURCE, region_id_of
from aidecay.lsp.features.regions import region_history

log = logging.getLogger(__name__)

MARK_REVIEWED = "aidecay.markReviewed"
UNDO_REVIEW = "aidecay.undoReview"
UNMARK_REGION = "aidecay.unmarkRegion"
SHOW_HISTORY = "aidecay.showHistory"
TURN_OFF_CODE = "aidecay.turnOffCode"
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
        codes: dict[str, types.Diagnostic] = {}
        for diagnostic in params.context.diagnostics:
            if diagnostic.source == SOURCE and diagnostic.code in DIAGNOSTIC_CODES:
                codes.setdefault(str(diagnostic.code), diagnostic)
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
        actions.extend(turn_off_action(code, diagnostic) for code, diagnostic in codes.items())
        return actions

    @server.command(TURN_OFF_CODE)
    def turn_off(ls, *args: Any) -> dict:
        """Stop reporting a code for this session (editors persist it in their settings)."""
        code = _region_id(args)
        if code not in DIAGNOSTIC_CODES:
            raise JsonRpcInvalidParams(f"unknown diagnostic code {code!r}")
        session = ls.session
        session.apply_settings(edit=lambda settings: settings.with_disabled(code))
        log.info(
            "aidecay: %s turned off until the settings change; add it to the setting "
            "diagnostics.disabled to keep it off",
            code,
        )
        return {"disabled": list(session.settings.diagnostics.disabled)}

    @server.command(MARK_REVIEWED)
    def mark_reviewed(ls, *args: Any) -> dict:
        return _changed(ls, ls.session.review(_region_id(args), _reviewer(args)))

    @server.command(UNDO_REVIEW)
    def undo_review(ls, *args: Any) -> dict:
        region = ls.session.unreview(_region_id(args))
        if region is None:
            raise JsonRpcInvalidParams("no review of this region to undo")
        return _changed(ls, region)

    @server.command(UNMARK_REGION)
    def unmark(ls, *args: Any) -> dict:
        region = ls.session.tracker.unmark(_region_id(args))
        return _changed(ls, region)

    @server.command(SHOW_HISTORY)
    def show_history(ls, *args: Any) -> dict:
        return region_history(ls, _region_id(args))


def turn_off_action(code: str, diagnostic: types.Diagnostic) -> types.CodeAction:
    """*Turn off <code> in this workspace*: the client writes ``diagnostics.disabled``."""
    title = f"Turn off {code} in this workspace"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        command=types.Command(title=title, command=TURN_OFF_CODE, arguments=[code]),
    )


def _region_id(args: tuple) -> str:
    """The first argument (a region id, or a code): a non-empty string."""
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
    ls.session.regions_changed(region.uri, analyse_in_ms=0)
    return {
        "id": region.id,
        "status": region.status.value,
        "reviewedAt": region.reviewed_at,
        "reviewedBy": region.reviewed_by,
    }
