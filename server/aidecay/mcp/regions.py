"""``decayed_regions``, ``region_history`` and ``mark_ai``: the AI regions the language
server follows, as they stand in the files on disk now."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aidecay.analysis.check import Lines
from aidecay.analysis.engine import AnalysisResult, DocumentSnapshot
from aidecay.analysis.rules.model import DecayFinding, Measurement, describe_age
from aidecay.core.regions import Region
from aidecay.core.uris import path_to_uri, uri_to_path
from aidecay.interop.marking import MarkError, MarkRequest, mark, parse_lines
from aidecay.tracking.analysis_record import AnalysisRecord

from .caps import Capper
from .checking import finding_row
from .roots import Place, Refused
from .workspace import Workspace

#: Files with AI regions analysed by one ``decayed_regions`` call.
MAX_FILES = 100
MAX_LIMIT = 100
_WEIGHT = {"error": 4, "warning": 2, "information": 1, "hint": 1}


@dataclass(frozen=True)
class Analysed:
    """A file's live regions placed in its text, and one analysis pass over them."""

    lines: Lines
    regions: list[tuple[int, int, Region]]
    result: AnalysisResult
    baselines: dict[str, Measurement]


def analyse(ws: Workspace, path: Path, text: str) -> Analysed:
    """Run the decay analysis the language server runs on the file as it is on disk, with
    the baselines it recorded (and the findings a review accepted left out)."""
    placed = ws.regions(path, text)
    with ws.lock:
        record = AnalysisRecord(ws.store)
        moved = [replace(r, start=s, end=e) for s, e, r in placed]
        states = record.states(moved, text)
        snap = DocumentSnapshot(path_to_uri(path), str(path), text, None, states, ws.clock())
        result = ws.engine.analyze(snap, ws.settings, ws.indexes[_root(ws, path)].index)
        result = record.unaccepted(snap, result)
        baselines = {r.id: b for r in moved if (b := record.baseline(r.id)) is not None}
    return Analysed(Lines.of(text), placed, result, baselines)


def decayed_regions(ws: Workspace, path: str | None = None, limit: int = 20) -> dict[str, Any]:
    """The worst AI regions under ``path`` (default: every root), with their findings."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    places = [ws.roots.place(path)] if path else [Place(r, r) for r in ws.roots.paths]
    cap = Capper()
    with ws.lock:
        uris = ws.store.tracked_uris()
    files = sorted(
        {p for p in map(uri_to_path, uris) if p is not None and _under(p, places)}, key=str
    )
    if len(files) > MAX_FILES:
        cap.truncated = True
        files = files[:MAX_FILES]
    rows, examined = [], 0
    for file in files:
        text = ws.read(Place(_root(ws, file), file))
        if text is None:
            continue
        done = analyse(ws, file, text)
        examined += len(done.regions)
        by_region: dict[str, list[DecayFinding]] = {}
        for finding in done.result.findings:
            by_region.setdefault(finding.region_id, []).append(finding)
        for start, end, region in done.regions:
            found = by_region.get(region.id)
            if found:
                rows.append((_score(ws, found), region, start, end, file, done, found))
    rows.sort(key=lambda row: (-row[0], -row[1].edit_count, row[1].created_at))
    return cap.fit(
        {
            "regions": [
                dict(
                    _region_row(ws, region, start, end, file, done.lines, cap),
                    findings=[finding_row(ws, f, done.lines, cap) for f in found],
                )
                for _, region, start, end, file, done, found in rows[:limit]
            ],
            "examined_regions": examined,
            "files": len(files),
        },
        "regions",
    )


def region_history(ws: Workspace, path: str, line: int) -> dict[str, Any]:
    """The region covering ``line`` (1-based) of ``path``, its history and findings."""
    place = ws.roots.place(path)
    text = ws.read(place)
    if text is None:
        raise Refused(f"{place.relative} does not exist")
    done = analyse(ws, place.path, text)
    cap = Capper()
    at = [
        (s, e, r)
        for s, e, r in done.regions
        if done.lines.line_of(s) <= line <= done.lines.line_of(max(s, e - 1))
    ]
    if not at:
        return {"path": place.relative, "line": line, "region": None, "truncated": False}
    start, end, region = min(at, key=lambda x: x[1] - x[0])
    with ws.lock:
        events = ws.store.load_events(region.id)
    now = done.result.measurements.get(region.id)
    baseline = done.baselines.get(region.id) or done.result.baselines.get(region.id)
    if baseline is None and region.edit_count == 0:
        baseline = now  # never edited: the text as written is its baseline
    row = _region_row(ws, region, start, end, place.path, done.lines, cap)
    row.update(
        baseline=_metrics(baseline),
        current=_metrics(now),
        findings=[
            finding_row(ws, f, done.lines, cap)
            for f in done.result.findings
            if f.region_id == region.id
        ],
        events=[
            {"at": e.at, "kind": e.kind, "author": cap.text(e.author or "", 80)}
            for e in cap.items(events, 50)
        ],
    )
    return cap.fit({"path": place.relative, "line": line, "region": row}, "none")


def regions_of(ws: Workspace, path: str) -> dict[str, Any]:
    """The live AI regions of one file (the ``regions`` resource)."""
    place = ws.roots.place(path)
    text = ws.read(place) or ""
    lines = Lines.of(text)
    cap = Capper()
    rows = [
        _region_row(ws, r, s, e, place.path, lines, cap) for s, e, r in ws.regions(place.path, text)
    ]
    return cap.fit({"path": place.relative, "regions": cap.items(rows, 500)}, "regions")


def mark_ai(
    ws: Workspace, path: str, lines: str, tool: str, model: str | None = None
) -> dict[str, Any]:
    """Record ``lines`` (``3-9``, ``4``, ``1-2,7-9``) of ``path`` as written by ``tool``."""
    place = ws.roots.place(path)
    if not tool or not tool.strip():
        raise Refused("tool is required (the agent that wrote the lines, e.g. claude-code)")
    cap = Capper()
    try:
        request = MarkRequest(
            place.path, parse_lines(lines), "agent", cap.text(tool, 80),
            cap.text(model, 120) if model else None,
        )  # fmt: skip
        with ws.lock:
            created = mark(ws.db_path, request, place.root)
    except MarkError as exc:
        raise Refused(str(exc)) from None
    ws.index_of(place).touched(place.path)
    text = ws.read(place) or ""
    where = Lines.of(text)
    return {
        "path": place.relative,
        "regions": [_region_row(ws, r, r.start, r.end, place.path, where, cap) for r in created],
        "truncated": cap.truncated,
    }


def _region_row(
    ws: Workspace, region: Region, start: int, end: int, path: Path, lines: Lines, cap: Capper
) -> dict[str, Any]:
    return {
        "id": region.id,
        "path": ws.roots.show(path),
        "line": lines.line_of(start),
        "end_line": lines.line_of(max(start, end - 1)),
        "origin": region.origin,
        "tool": cap.text(region.tool, 80) if region.tool else None,
        "model": cap.text(region.model, 120) if region.model else None,
        "created": region.created_at,
        "age": describe_age(region.created_at, ws.clock()),
        "edits": region.edit_count,
        "sittings": region.sittings,
        "chars_changed": region.chars_inserted + region.chars_deleted,
        "reviewed": region.reviewed_at,
    }


def _metrics(m: Measurement | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "complexity": dict(m.functions),
        "max_complexity": m.max_cc,
        "maintainability": None if m.mi is None else round(m.mi, 1),
        "sloc": m.sloc,
        "at": m.at,
    }


def _score(ws: Workspace, found: list[DecayFinding]) -> int:
    return sum(_WEIGHT.get(f.severity, 1) for f in found)


def _root(ws: Workspace, path: Path) -> Path:
    return ws.roots.owner(path) or ws.roots.paths[0]


def _under(path: Path, places: list[Place]) -> bool:
    return any(path == p.path or p.path in path.parents for p in places)
