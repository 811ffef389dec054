"""What analysis results mean for a region's history: its baseline, its latest sample, the
findings a review accepted and the findings active now, all queued in the store.

The analysis itself is a pure function of a snapshot; this is the part with memory. A region's
first measurement becomes its baseline (or the one measured from its original text); a review
makes the next measurement the baseline and accepts the findings shown at that moment (churn
until the region is edited in a new sitting).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import timedelta

from aidecay.analysis.engine import AnalysisResult, DocumentSnapshot
from aidecay.analysis.rules.churn import CHURN
from aidecay.analysis.rules.model import Measurement, RegionState
from aidecay.core.ai_text import ChangedText
from aidecay.core.clock import format_time, parse_time
from aidecay.core.regions import Region
from aidecay.store import Store
from aidecay.store.analysis import FindingRow, MetricsRow

#: An active finding that stays the same is written again (its ``last_seen_at``) at most
#: this often; one that appears, changes or goes away is written at the next flush.
FINDING_REFRESH_S = 300

#: Findings accepted by a review: the (code, message) pairs shown, and the sittings then.
Accepted = tuple[frozenset[tuple[str, str]], int]


class AnalysisRecord:
    """Baselines, samples and findings of the regions analysed by one server."""

    def __init__(self, store: Store) -> None:
        self.attach(store)
        self._rebase: set[str] = set()  # reviewed: the next measurement is the baseline
        self._accepted: dict[str, Accepted] = {}
        self._changed = ChangedText()  # what changed of each region's AI text

    def attach(self, store: Store) -> None:
        """Read from and write to ``store`` (again after the database was switched)."""
        self._store = store
        self._baselines: dict[str, Measurement] = {}
        self._samples: dict[str, Measurement] = {}
        self._known: set[str] = set()  # regions whose stored rows were looked up
        #: uri -> region -> code -> the active finding as last written (message, severity, at)
        self._active: dict[str, dict[str, dict[str, tuple[str, str, str]]]] = {}

    def baseline(self, region_id: str) -> Measurement | None:
        return self._baselines.get(region_id)

    # -- the snapshot's view of each region -------------------------------------------------

    def states(self, regions: Iterable[Region], text: str) -> tuple[RegionState, ...]:
        """Frozen region states with their baselines, for an analysis snapshot of ``text``."""
        regions = list(regions)
        unknown = [r.id for r in regions if r.id not in self._known]
        if unknown:
            self._load(unknown)
        return tuple(self._state(region, text) for region in regions)

    def _state(self, region: Region, text: str) -> RegionState:
        baseline = self._baselines.get(region.id)
        # Until it has a baseline, an edited region sends its original text, so the baseline
        # describes what the AI wrote rather than the first text analysis saw.
        needs_original = baseline is None and region.id not in self._rebase and region.edit_count
        chars, lines = (
            self._changed.of(region.id, region.original_text, text[region.start : region.end])
            if region.edit_count
            else (0, 0)
        )
        return RegionState(
            id=region.id,
            start=region.start,
            end=region.end,
            origin=region.origin,
            tool=region.tool,
            model=region.model,
            created_at=region.created_at,
            edit_count=region.edit_count,
            chars_changed=chars,
            original_size=len(region.original_text),
            last_edited_at=region.last_edited_at,
            reviewed_at=region.reviewed_at,
            baseline=baseline,
            original_text=region.original_text if needs_original else None,
            sittings=region.sittings,
            lines_changed=lines,
        )

    def _load(self, region_ids: list[str]) -> None:
        """Baselines, latest samples and accepted findings of regions seen the first time."""
        for rid, row in self._store.load_metrics(region_ids, "baseline").items():
            if rid not in self._rebase:
                self._baselines[rid] = _measurement(row)
        for rid, row in self._store.load_metrics(region_ids, "sample").items():
            self._samples[rid] = _measurement(row)
        for rid, codes in self._store.load_accepted(region_ids).items():
            churn = codes.pop(CHURN, "sittings:0")
            at_review = int(churn.split(":", 1)[1]) if churn.startswith("sittings:") else 0
            self._accepted[rid] = (frozenset(codes.items()), at_review)
        self._known.update(region_ids)

    # -- reviews ---------------------------------------------------------------------------

    def accept(self, region_id: str, sittings: int, shown: Iterable[tuple[str, str]]) -> None:
        """A review accepts the region as it is: metrics are measured from the next pass, the
        findings ``shown`` now (code, message) stay silent (churn until a new sitting)."""
        shown = frozenset(shown)
        self._baselines.pop(region_id, None)
        self._rebase.add(region_id)
        self._accepted[region_id] = (shown, sittings)
        for code, message in shown:
            accepted = f"sittings:{sittings}" if code == CHURN else message
            self._store.queue_accepted(region_id, code, accepted)

    def unaccept(self, region_id: str) -> None:
        """A review was undone: forget what it accepted; the baseline is read again from the
        store (where the one before the review was put back)."""
        self._accepted.pop(region_id, None)
        self._rebase.discard(region_id)
        self._baselines.pop(region_id, None)
        self._known.discard(region_id)

    def unaccepted(self, snap: DocumentSnapshot, result: AnalysisResult) -> AnalysisResult:
        """``result`` without the findings a review accepted."""
        if not self._accepted:
            return result
        sittings = {r.id: r.sittings for r in snap.regions}
        kept = []
        for finding in result.findings:
            accepted = self._accepted.get(finding.region_id)
            if accepted is not None:
                shown, at_review = accepted
                if finding.code == CHURN:
                    if (sittings.get(finding.region_id) or 0) <= at_review:
                        continue
                elif (finding.code, finding.message) in shown:
                    continue
            kept.append(finding)
        return dataclasses.replace(result, findings=tuple(kept))

    # -- recording -------------------------------------------------------------------------

    def record(self, snap: DocumentSnapshot, result: AnalysisResult, live: set[str]) -> None:
        """Queue new baselines, changed samples, and findings that appeared or went away
        (only for regions still ``live``)."""
        for region in snap.regions:
            measured = result.measurements.get(region.id)
            if measured is None or region.id not in live:
                continue
            if region.id not in self._baselines:
                baseline = result.baselines.get(region.id, measured)
                if region.id in self._rebase:  # reviewed: accepted as it is now
                    self._rebase.discard(region.id)
                    baseline = dataclasses.replace(measured, at=snap.at)
                self._baselines[region.id] = baseline
                self._store.queue_metrics(_row(region.id, snap, baseline, "baseline"))
            elif self._baselines[region.id].mi is None and measured.mi is not None:
                # No index in the baseline (measured before schema 6 redefined it, or too
                # long then): the index is followed from this measurement on.
                baseline = dataclasses.replace(self._baselines[region.id], mi=measured.mi)
                self._baselines[region.id] = baseline
                self._store.queue_metrics(_row(region.id, snap, baseline, "baseline"))
            if not measured.same_values(self._samples.get(region.id)):
                self._samples[region.id] = measured
                self._store.queue_metrics(_row(region.id, snap, measured, "sample"))
        now: dict[str, dict[str, list[str]]] = {}
        severities: dict[str, str] = {}
        for finding in result.findings:
            now.setdefault(finding.region_id, {}).setdefault(finding.code, []).append(
                finding.message
            )
            severities[finding.code] = finding.severity
        before = self._active.get(snap.uri, {})
        stale = _earlier(snap.at, FINDING_REFRESH_S)
        active: dict[str, dict[str, tuple[str, str, str]]] = {}
        for rid, codes in now.items():
            for code, messages in codes.items():
                shown = ("; ".join(messages), severities[code])
                written = before.get(rid, {}).get(code)
                if written is None or written[:2] != shown or written[2] < stale:
                    row = FindingRow(rid, code, snap.uri, *shown, snap.at, True)
                    self._store.queue_finding(row)
                    written = (*shown, snap.at)
                active.setdefault(rid, {})[code] = written
        for rid, codes in before.items():
            for code in codes.keys() - active.get(rid, {}).keys():
                self._store.queue_finding(FindingRow(rid, code, snap.uri, "", "", snap.at, False))
        self._active[snap.uri] = active


def _earlier(at: str, seconds: float) -> str:
    """The time ``seconds`` before ``at``, formatted like it (so the two compare as text)."""
    try:
        return format_time(parse_time(at) - timedelta(seconds=seconds))
    except ValueError:
        return ""


def _measurement(row: MetricsRow) -> Measurement:
    functions = tuple(sorted((str(k), int(v)) for k, v in row.functions.items()))
    return Measurement(functions, row.mi, row.halstead_volume, row.sloc, row.at)


def _row(rid: str, snap: DocumentSnapshot, m: Measurement, kind: str) -> MetricsRow:
    return MetricsRow(
        rid, snap.uri, m.at or snap.at, snap.version, kind, m.mi, m.halstead_volume, m.sloc,
        m.function_map, m.max_cc,
    )  # fmt: skip
