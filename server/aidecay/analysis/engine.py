"""One analysis pass over an immutable document snapshot, with per-document caches.

``AnalysisEngine.analyze`` is a function of the snapshot (text, version, frozen regions with
baselines and edit times) plus caches that only make it faster: code units updated
incrementally, radon results keyed by the measured text (``MetricsCache``), and the learned
conventions of the file keyed by its text. Learning conventions parses the whole file; with
``learn=False`` the last learned conventions are reused for the parts of the file that did
not change (findings inside the change wait for the next ``learn=True`` pass).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from aidecay.core.settings import Settings
from aidecay.core.text import UTF16, TextDocument

from .conventions import ConventionSettings, LearnedConventions, check_region, learn_all
from .conventions.source import ParsedSource
from .incremental import Window, changed_window, update_units
from .index.siblings import SiblingCache
from .index.workspace import WorkspaceIndex
from .metrics import MetricsCache, RegionMetrics, region_metrics
from .rules import duplicate_helper
from .rules.churn import churn_finding
from .rules.complexity_growth import complexity_findings
from .rules.duplicate_helper import DUPLICATE
from .rules.maintainability_drop import maintainability_finding
from .rules.model import DecayFinding, Measurement, RegionState
from .spans import NestedIndex
from .units import CodeUnit, UnitFinder


class Siblings(Protocol):
    def siblings(self, path: str | None) -> tuple[ParsedSource, ...]: ...


@dataclass(frozen=True)
class DocumentSnapshot:
    """Everything one pass needs; nothing in it changes while the pass runs."""

    uri: str
    path: str | None
    text: str
    version: int | None
    regions: tuple[RegionState, ...]
    at: str
    #: How the client counts characters (``core.text`` encodings); findings' ranges use it.
    encoding: str = UTF16
    #: Other AI-written spans of the text, not analysed in this pass: conventions are learned
    #: from the code outside every AI span (the regions' and these).
    other_ai: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class AnalysisResult:
    uri: str
    version: int | None
    findings: tuple[DecayFinding, ...]
    #: The current metrics of every region that could be measured.
    measurements: Mapping[str, Measurement]
    #: Whether the convention findings come from this very text.
    conventions_fresh: bool
    #: Baselines measured from the regions' original text in this pass.
    baselines: Mapping[str, Measurement] = field(default_factory=dict)


@dataclass(frozen=True)
class _Measured:
    """A region's metrics and where they were read, in the coordinates of one text."""

    start: int
    end: int
    #: Everything ``region_metrics`` may have read: the region and its overlapping units,
    #: widened to whole lines.
    lo: int
    hi: int
    raw: RegionMetrics
    def_spans: dict[str, tuple[int, int]]

    def moved(self, window: Window | None, start: int, end: int) -> _Measured | None:
        """This measurement in the new text, or None when the change may have altered it."""
        if window is None:
            return self if (start, end) == (self.start, self.end) else None
        if self.hi < window.start:
            delta = 0
        elif self.lo > window.old_end and not any("@" in k for k in self.raw.functions):
            delta = window.delta
        else:
            return None
        if (start, end) != (self.start + delta, self.end + delta):
            return None
        if not delta:
            return self
        span = self.raw.span
        raw = replace(self.raw, span=(span[0] + delta, span[1] + delta)) if span else self.raw
        spans = {k: (a + delta, b + delta) for k, (a, b) in self.def_spans.items()}
        return _Measured(start, end, self.lo + delta, self.hi + delta, raw, spans)


@dataclass
class _DocState:
    text: str = ""
    units: list[CodeUnit] = field(default_factory=list)
    #: The change from the previous pass's text (None: same text or no previous pass).
    window: Window | None = None
    measured: dict[str, _Measured] = field(default_factory=dict)
    learned: LearnedConventions | None = None
    learned_key: tuple[str, tuple] = ("", ())
    checks: dict[tuple[int, int], list] = field(default_factory=dict)
    #: The file's own definitions (of its last analysed text), for duplicate-helper.
    defs: duplicate_helper.FileDefs | None = None


class AnalysisEngine:
    """Caches per document (bounded); thread-safe (one pass at a time)."""

    def __init__(self, max_documents: int = 32, siblings: Siblings | None = None) -> None:
        self.metrics = MetricsCache()
        #: Other modules of a document's package (``siblings(path)``); from disk by default.
        self.siblings: Siblings = siblings or SiblingCache()
        self._finder = UnitFinder(max_documents)
        self._docs: OrderedDict[str, _DocState] = OrderedDict()
        self._max = max_documents
        self._lock = threading.Lock()

    def forget(self, uri: str) -> None:
        with self._lock:
            self._docs.pop(uri, None)
            self._finder.forget(uri)

    def analyze(
        self,
        snap: DocumentSnapshot,
        settings: Settings,
        index: WorkspaceIndex | None = None,
        *,
        learn: bool = True,
    ) -> AnalysisResult:
        with self._lock:
            state = self._docs.pop(snap.uri, None) or _DocState()
            self._docs[snap.uri] = state
            while len(self._docs) > self._max:
                self._docs.popitem(last=False)
            units = self._units(state, snap)
            unit_index = NestedIndex(units)
            previous, state.measured = state.measured, {}
            conventions, fresh = self._conventions(state, snap, settings, learn)
            measurements: dict[str, Measurement] = {}
            baselines: dict[str, Measurement] = {}
            findings: list[DecayFinding] = []
            for region in snap.regions:
                if region.baseline is None and region.original_text:
                    baseline = self._original(region)
                    if baseline is not None:
                        baselines[region.id] = baseline
                        region = replace(region, baseline=baseline)
                found, measured = self._region(
                    snap, region, unit_index, settings, index, state, previous.get(region.id)
                )
                if measured is not None:
                    measurements[region.id] = measured
                if region.silenced:
                    continue
                findings.extend(found)
                findings.extend(conventions(region))
            return AnalysisResult(
                snap.uri,
                snap.version,
                _for_publishing(findings, snap, settings),
                measurements,
                fresh,
                baselines,
            )

    # -- parts ---------------------------------------------------------------------------

    def _units(self, state: _DocState, snap: DocumentSnapshot) -> list[CodeUnit]:
        window = changed_window(state.text, snap.text) if state.text else None
        state.window = window
        if not state.text:
            state.measured = {}
        if state.text and window is None:
            return state.units
        units = update_units(state.units, state.text, snap.text, window) if window else None
        if units is None:
            units = self._finder.find(snap.text, snap.uri)
        state.text, state.units = snap.text, units
        return units

    def _original(self, region: RegionState) -> Measurement | None:
        """Metrics of the region's text as it was inserted (when that parses on its own)."""
        text = region.original_text or ""
        raw = region_metrics(text, 0, len(text), cache=self.metrics)
        if not raw.measured:
            return None
        functions = tuple(sorted(raw.functions.items()))
        return Measurement(functions, raw.mi, raw.halstead_volume, raw.sloc, region.created_at)

    def _region(
        self,
        snap: DocumentSnapshot,
        region: RegionState,
        units: NestedIndex,
        settings: Settings,
        index: WorkspaceIndex | None,
        state: _DocState,
        before: _Measured | None,
    ) -> tuple[list[DecayFinding], Measurement | None]:
        """Findings and metrics of one region; metrics are re-measured only when the change
        since the last pass reached the region or a unit it overlaps."""
        text, th, at = snap.text, settings.thresholds, snap.at
        findings: list[DecayFinding] = []
        # Churn and maintainability are about the whole region: they sit on all of it.
        whole = (region.start, region.end)
        churn = churn_finding(region, whole, th, at)
        if churn:
            findings.append(churn)
        overlapping: list[CodeUnit] | None = None
        if index is not None and settings.diagnostics.enabled(DUPLICATE):
            overlapping = units.overlapping(region.start, region.end)
            defs = state.defs
            if defs is None or defs.path != snap.path or defs.text != text:  # once per text
                defs = state.defs = duplicate_helper.file_defs(text, snap.path)
            findings.extend(
                duplicate_helper.find(
                    text, defs, region, overlapping, index, th.duplicate_similarity,
                    self.metrics.get_or_compute,
                )
            )  # fmt: skip
        measured = before.moved(state.window, region.start, region.end) if before else None
        if measured is None:
            if overlapping is None:
                overlapping = units.overlapping(region.start, region.end)
            raw = region_metrics(
                text, region.start, region.end, units=overlapping, cache=self.metrics
            )
            lo = min([region.start, *(u.start for u in overlapping)])
            hi = max([region.end, *(u.end for u in overlapping)])
            measured = _Measured(
                region.start,
                region.end,
                text.rfind("\n", 0, lo),
                _line_end(text, max(lo, hi - 1), len(text)),
                raw,
                _def_spans(text, region, overlapping),
            )
        state.measured[region.id] = measured
        raw = measured.raw
        if not raw.measured:
            return findings, None
        now = Measurement(
            tuple(sorted(raw.functions.items())), raw.mi, raw.halstead_volume, raw.sloc, at
        )
        spans = measured.def_spans
        findings.extend(complexity_findings(region, now, spans, th))
        drop = maintainability_finding(region, now, whole, th)
        if drop:
            findings.append(drop)
        return findings, now

    def _conventions(
        self, state: _DocState, snap: DocumentSnapshot, settings: Settings, learn: bool
    ):
        """A function region -> convention findings, and whether they are fresh."""
        spans = tuple((r.start, r.end) for r in snap.regions) + snap.other_ai
        key = (snap.text, spans)
        if learn and state.learned_key != key:
            state.learned = learn_all(
                snap.text, spans, lambda path=snap.path: self.siblings.siblings(path)
            )
            state.learned_key, state.checks = key, {}
        learned = state.learned
        if learned is None:
            return (lambda region: []), False
        window = changed_window(state.learned_key[0], snap.text)
        fresh = state.learned_key == key
        options = ConventionSettings(disabled=frozenset(settings.diagnostics.disabled))

        def check(region: RegionState) -> list[DecayFinding]:
            span = _to_old(window, region.start, region.end)
            if span not in state.checks:
                state.checks[span] = check_region(learned, span, options)
            found = []
            for finding in state.checks[span]:
                mapped = _to_new(window, finding.start, finding.end)
                if mapped is not None:
                    found.append(
                        DecayFinding(
                            region.id, finding.code, *mapped, finding.message, finding.evidence
                        )
                    )
            return found

        return check, fresh


def _for_publishing(
    findings: list[DecayFinding], snap: DocumentSnapshot, settings: Settings
) -> tuple[DecayFinding, ...]:
    """The enabled findings in text order, each with its severity and client range."""
    diagnostics = settings.diagnostics
    kept = sorted(
        (f for f in findings if diagnostics.enabled(f.code)), key=lambda f: (f.start, f.code)
    )
    if not kept:
        return ()
    doc = TextDocument(snap.text, snap.version, snap.encoding)

    def at(offset: int) -> tuple[int, int]:
        position = doc.position_at(offset)
        return position.line, position.character

    return tuple(
        replace(f, severity=diagnostics.severity_of(f.code), range=(at(f.start), at(f.end)))
        for f in kept
    )


def _to_old(window: Window | None, start: int, end: int) -> tuple[int, int]:
    if window is None:
        return start, end
    return window.to_old(start), window.to_old(end)


def _to_new(window: Window | None, start: int, end: int) -> tuple[int, int] | None:
    if window is None:
        return start, end
    if end <= window.start:
        return start, end
    if start >= window.old_end and start > window.start:
        return start + window.delta, end + window.delta
    return None


def _line_end(text: str, start: int, limit: int) -> int:
    end = text.find("\n", start, limit)
    return limit if end < 0 else end


def _def_spans(
    text: str, region: RegionState, overlapping: list[CodeUnit]
) -> dict[str, tuple[int, int]]:
    """Where to report each function's complexity: its def line, or the region's first line
    when the function starts before the region."""
    spans: dict[str, tuple[int, int]] = {}
    for unit in overlapping:
        if unit.kind == "class":
            continue
        name = unit.qualname if unit.qualname not in spans else f"{unit.qualname}@{unit.start_line}"
        if unit.start >= region.start:
            spans[name] = duplicate_helper.def_line(text, unit, region)
        else:
            spans[name] = (region.start, _line_end(text, region.start, region.end))
    return spans
