"""CodeLens over each AI-written function: origin, age, edits, complexity change.

Served by the server (``textDocument/codeLens``) so every editor gets it; ``codeLens.enabled``
turns it off. Clicking a lens runs ``aidecay.showHistory`` for its region. Lenses are
refreshed (``workspace/codeLens/refresh``) after every analysis pass when the client allows.
"""

from __future__ import annotations

import logging

from lsprotocol import types

from aidecay.analysis.rules.model import describe_age
from aidecay.analysis.symbols import complexity_change, lens_targets
from aidecay.lsp.features.code_actions import SHOW_HISTORY

log = logging.getLogger(__name__)


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
    def code_lens(ls, params: types.CodeLensParams) -> list[types.CodeLens]:
        session = ls.session
        if not session.settings.code_lens.enabled:
            return []
        entry = session.tracker.documents.get(params.text_document.uri)
        if entry is None:
            return []
        try:
            return _lenses(ls, entry)
        except Exception:  # noqa: BLE001 - a lens is never worth a failed request
            log.exception("code lenses of %s failed", entry.uri)
            return []


def on_result(ls, uri: str) -> None:
    """Ask the client to fetch lenses again (new measurements, marks, reviews)."""
    workspace = ls.client_capabilities.workspace
    lens = workspace.code_lens if workspace else None
    if lens and lens.refresh_support:  # also when just turned off: the lenses go away
        ls.workspace_code_lens_refresh(None)


def _lenses(ls, entry) -> list[types.CodeLens]:
    session = ls.session
    text = entry.doc.text
    units = ls.symbols.units(entry.uri, text)
    result = session.analysis.results.get(entry.uri)
    now = session.tracker.clock()
    lenses = []
    for region in entry.regions:
        if not region.live:
            continue
        current = result.measurements.get(region.id) if result else None
        baseline = session.record.baseline(region.id)
        for target in lens_targets(units, region.start, region.end):
            title = lens_title(region, now, complexity_change(target.unit, baseline, current))
            line = entry.doc.position_at(target.offset).line
            position = types.Position(line, 0)
            lenses.append(
                types.CodeLens(
                    range=types.Range(start=position, end=position),
                    command=types.Command(title=title, command=SHOW_HISTORY, arguments=[region.id]),
                )
            )
    return lenses


def lens_title(region, now: str, complexity: tuple[int, int] | None) -> str:
    """``AI · agent (claude) · 3 hours ago · 3 edits · CC 2→7 · reviewed``."""
    parts = [f"AI · {region.origin}" + (f" ({region.tool})" if region.tool else "")]
    parts.append(describe_age(region.created_at, now))
    parts.append(f"{region.edit_count} edit{'s' if region.edit_count != 1 else ''}")
    if complexity is not None:
        then, cc = complexity
        parts.append(f"CC {then}→{cc}" if then != cc else f"CC {cc}")
    if region.reviewed_at:
        parts.append("reviewed")
    return " · ".join(parts)
