"""Hover on an AI region: where it came from, what happened to it, how it decayed."""

from __future__ import annotations

import sqlite3

from lsprotocol import types

from aidecay.analysis.rules.complexity_growth import match_functions
from aidecay.analysis.rules.model import describe_age
from aidecay.core.uris import uri_to_path
from aidecay.lsp.convert import position_from_lsp
from aidecay.stats import validity
from aidecay.stats.query import QueryError, connect_readonly


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls, params: types.HoverParams) -> types.Hover | None:
        session = ls.session
        entry = session.tracker.documents.get(params.text_document.uri)
        if entry is None:
            return None
        offset, _ = entry.doc.offset_at(position_from_lsp(params.position))
        region = next((r for r in entry.regions if r.start <= offset < r.end), None)
        if region is None:
            return None
        result = session.analysis.results.get(entry.uri)
        symbol = ls.symbols.symbol(entry.uri, entry.doc.text, region.start, region.end)
        text = describe(region, session, result, symbol, _evidence(session, entry.uri))
        start, end = entry.doc.position_at(region.start), entry.doc.position_at(region.end)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=types.Range(
                start=types.Position(start.line, start.character),
                end=types.Position(end.line, end.character),
            ),
        )


def _evidence(session, uri: str) -> dict[str, dict]:
    """code -> what ``aidecay replay --validate`` measured in this file's repository."""
    path = uri_to_path(uri)
    if path is None:
        return {}
    try:
        conn = connect_readonly(session.store.path)
    except (QueryError, sqlite3.Error):
        return {}
    try:
        return validity.stored(conn, path.resolve())
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def describe(
    region, session, result, symbol: str | None = None, evidence: dict | None = None
) -> str:
    """The one hover card of a region: what it is, what happened to it, what was found.

    Findings are named, not repeated: the editor shows each diagnostic's message itself;
    each is followed by this repository's own evidence for the code, when replay has it.
    """
    now = session.tracker.clock()
    origin = region.origin + (f" ({region.tool})" if region.tool else "")
    title = f"**AI-written** `{symbol}`" if symbol else "**AI-written region**"
    lines = [f"{title} — {origin}" + (f", model {region.model}" if region.model else "")]
    edits = f"{region.edit_count} edit{'s' if region.edit_count != 1 else ''}"
    if region.sittings > 1:
        edits += f" in {region.sittings} sittings"
    facts = f"inserted {describe_age(region.created_at, now)} · {edits}"
    if region.last_edited_at:
        facts += f" · last edited {describe_age(region.last_edited_at, now)}"
    lines += ["", facts]
    if region.reviewed_at:
        by = f" by {region.reviewed_by}" if region.reviewed_by else ""
        lines += ["", f"✓ reviewed{by} {describe_age(region.reviewed_at, now)}"]
    else:
        lines += ["", "not reviewed yet"]
    baseline = session.record.baseline(region.id)
    current = result.measurements.get(region.id) if result else None
    if current is not None and current.functions:
        then = match_functions(baseline.function_map, current.function_map) if baseline else {}
        lines += ["", "| function | complexity then | now |", "|---|---|---|"]
        for name, cc in current.functions:
            lines.append(f"| `{name}` | {then.get(name, '–')} | {cc} |")
    if current is not None and current.mi is not None:
        before = f"{baseline.mi:.0f} → " if baseline and baseline.mi is not None else ""
        lines += ["", f"maintainability index: {before}{current.mi:.0f}"]
    findings = [f for f in result.findings if f.region_id == region.id] if result else []
    if findings:
        codes = list(dict.fromkeys(f.code for f in findings))
        lines += ["", "findings: " + ", ".join(f"`{code}`" for code in codes)]
        for code in codes:
            said = validity.sentence((evidence or {}).get(code, {}))
            if said:
                lines += ["", f"`{code}`: {said}"]
    elif result is not None:
        lines += ["", "no decay findings"]
    return "\n".join(lines)
