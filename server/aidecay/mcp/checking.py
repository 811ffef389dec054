"""``check_code``: the findings aidecay would raise if this text were the AI-written part of
a file; nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aidecay.analysis.check import Lines, check_spans
from aidecay.analysis.rules.model import DecayFinding
from aidecay.core.anchoring import SpanMapper
from aidecay.core.patch import PatchError, Proposal, from_content, from_diff

from .caps import Capper
from .roots import Refused
from .workspace import MAX_FILE_BYTES, Workspace

CLEAN, REVISE = "clean", "revise"


def check_code(
    ws: Workspace, path: str, content: str | None = None, diff: str | None = None
) -> dict[str, Any]:
    """Findings on what ``content`` (the whole new text) or ``diff`` adds to ``path``."""
    if (content is None) == (diff is None):
        raise Refused("give either content (the whole new text of the file) or diff, not both")
    given = content if content is not None else diff
    if len(given) > MAX_FILE_BYTES:
        raise Refused(f"the proposed text is longer than {MAX_FILE_BYTES} characters")
    place = ws.roots.place(path)
    if place.path.is_dir():
        raise Refused(f"{place.relative} is a folder; give the file the code goes into")
    old = ws.read(place)
    try:
        proposal = from_content(old, content) if content is not None else from_diff(old, diff)
    except PatchError as exc:
        raise Refused(str(exc)) from None
    lines = Lines.of(proposal.text)
    new = [lines.span(a, b) for a, b in proposal.added]
    others = _existing(ws, place.path, old, proposal) if old else []
    live = ws.index_of(place)
    with ws.lock:
        findings = check_spans(
            ws.engine, proposal.text, str(place.path), new, others, live.index, ws.settings,
            ws.clock(),
        )  # fmt: skip
    cap = Capper()
    status = ws.index_status()
    return cap.fit(
        {
            "path": place.relative,
            "verdict": REVISE if findings else CLEAN,
            "findings": [finding_row(ws, f, lines, cap) for f in findings],
            "added_lines": [list(r) for r in proposal.added],
            "index": status,
            "partial": not status["ready"],
        },
        "findings",
    )


def _existing(ws: Workspace, path: Path, old: str, proposal: Proposal) -> list[tuple[int, int]]:
    """The file's AI regions, carried from the text on disk into the proposed text."""
    spans = [(s, e) for s, e, _ in ws.regions(path, old)]
    if not spans or old == proposal.text:
        return spans
    mapper = SpanMapper(old, proposal.text)
    mapped = (mapper.map_span(s, e) for s, e in spans)
    return [(m.start, m.end) for m in mapped if m.alive]


def finding_row(ws: Workspace, finding: DecayFinding, lines: Lines, cap: Capper) -> dict:
    """A finding as tools return it: 1-based lines, severity, capped message and evidence."""
    return {
        "code": finding.code,
        "line": lines.line_of(finding.start),
        "end_line": lines.line_of(max(finding.start, finding.end - 1)),
        "severity": finding.severity,
        "message": cap.text(finding.message),
        "evidence": cap.data(dict(finding.evidence)),
        "related": [
            {
                "path": ws.roots.show(Path(r.path)),
                "line": r.start_line + 1,
                "message": cap.text(r.message),
            }
            for r in finding.related[:5]
        ],
    }
