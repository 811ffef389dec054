"""Type-hint conventions: parameter and return annotations of human vs AI functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..spans import in_any_indexed, per_object, starting_in
from .functions import FunctionInfo, collect_functions
from .model import TYPE_HINT, Finding, Tally, pick_tally
from .settings import Thresholds
from .source import ParsedSource, Span, ensure_parsed, in_span, normalize_spans

_NO_RETURN_EXPECTED = frozenset({"__init__", "__init_subclass__", "__post_init__"})


@dataclass(frozen=True)
class HintRecord:
    """Annotation facts of one function."""

    name: str
    start: int
    end: int
    kind: str
    params: tuple[str, ...]
    unannotated: tuple[str, ...]
    returns: bool | None
    comparable: bool

    @property
    def annotated_any(self) -> bool:
        """Whether any parameter or the return type is annotated."""
        return len(self.unannotated) < len(self.params) or bool(self.returns)

    @property
    def countable(self) -> bool:
        """Whether the function has anything that could be annotated."""
        return bool(self.params) or self.returns is not None


@dataclass(frozen=True)
class TypeHintConvention:
    """Annotation records of the file, of its human part and of sibling modules."""

    file: tuple[HintRecord, ...]
    human: tuple[HintRecord, ...]
    siblings: tuple[HintRecord, ...]


@dataclass(frozen=True)
class _Norms:
    params: Tally | None
    returns: Tally | None
    anything: Tally


def _records(parsed: ParsedSource) -> tuple[HintRecord, ...]:
    return parsed.derived("typehints", lambda p: tuple(_record(fn) for fn in collect_functions(p)))


def learn_typehints(
    source: str | ParsedSource,
    ai_spans: Iterable[Sequence[int]],
    siblings: Iterable[str | ParsedSource] = (),
) -> TypeHintConvention:
    """Record parameter/return annotations of every function (human part = outside spans)."""
    spans = normalize_spans(ai_spans)
    records = _records(ensure_parsed(source))
    human = tuple(r for r in records if not in_any_indexed(r.start, spans))
    sibling_records = tuple(r for s in siblings for r in _records(ensure_parsed(s)))
    return TypeHintConvention(records, human, sibling_records)


def check_typehints(
    conv: TypeHintConvention, region: Span, th: Thresholds | None = None
) -> list[Finding]:
    """Region functions unannotated where human code annotates (or the reverse)."""
    th = th or Thresholds()
    norms = _norms(conv, th)
    findings: list[Finding] = []
    for rec in starting_in(conv.file, region):
        if not (rec.comparable and in_span(rec.start, region)):
            continue
        finding = _unannotated(rec, norms)
        if finding:
            findings.append(finding)
        elif (
            th.typehint_report_added
            and rec.annotated_any
            and norms.anything.hits == 0
            and norms.anything.total >= th.typehint_reverse_min_samples
        ):
            findings.append(_overannotated(rec, norms.anything))
    return findings


def _record(fn: FunctionInfo) -> HintRecord:
    params = fn.params
    returns = None if fn.name in _NO_RETURN_EXPECTED else fn.node.returns is not None
    return HintRecord(
        name=fn.name,
        start=fn.start,
        end=fn.end,
        kind="method" if fn.is_method else "function",
        params=tuple(p.arg for p in params),
        unannotated=tuple(p.arg for p in params if p.annotation is None),
        returns=returns,
        comparable=not (fn.nested or fn.overload),
    )


@per_object
def _norms(conv: TypeHintConvention, th: Thresholds) -> _Norms:
    def tallies(records: Iterable[HintRecord], scope: str) -> tuple[Tally, Tally, Tally]:
        comparable = [r for r in records if r.comparable]
        with_params = [r for r in comparable if r.params]
        with_return = [r for r in comparable if r.returns is not None]
        countable = [r for r in comparable if r.countable]
        return (
            Tally(sum(not r.unannotated for r in with_params), len(with_params), scope),
            Tally(sum(bool(r.returns) for r in with_return), len(with_return), scope),
            Tally(sum(r.annotated_any for r in countable), len(countable), scope),
        )

    module = tallies(conv.human, "module")
    package = tallies(conv.human + conv.siblings, "package")

    def clear(index: int) -> Tally | None:
        chosen = pick_tally(module[index], package[index], th.typehint_min_samples)
        ok = chosen.total >= th.typehint_min_samples and chosen.share >= th.typehint_min_share
        return chosen if ok else None

    anything = pick_tally(module[2], package[2], th.typehint_reverse_min_samples)
    return _Norms(params=clear(0), returns=clear(1), anything=anything)


def _unannotated(rec: HintRecord, norms: _Norms) -> Finding | None:
    """A finding for what ``rec`` leaves unannotated that human code annotates, if anything."""
    gaps: list[str] = []
    reasons: list[str] = []
    evidence: dict = {"name": rec.name}
    if norms.params and rec.unannotated:
        noun = "parameter" if len(rec.unannotated) == 1 else "parameters"
        gaps.append(f"{noun} {', '.join(rec.unannotated)}")
        reasons.append(
            f"{norms.params} functions in {norms.params.where} annotate their parameters"
        )
        evidence.update(
            unannotated=list(rec.unannotated),
            params_annotated=norms.params.hits,
            params_total=norms.params.total,
            scope=norms.params.scope,
        )
    if norms.returns and rec.returns is False:
        gaps.append("return type")
        reasons.append(
            f"{norms.returns} functions in {norms.returns.where} annotate their return type"
        )
        evidence.update(
            returns_annotated=norms.returns.hits,
            returns_total=norms.returns.total,
            scope=norms.returns.scope,
        )
    if not gaps:
        return None
    message = f"{rec.kind} '{rec.name}' has no type hints for {' and '.join(gaps)}; " + "; ".join(
        reasons
    )
    return Finding(TYPE_HINT, rec.start, rec.end, message, evidence)


def _overannotated(rec: HintRecord, tally: Tally) -> Finding:
    message = (
        f"{rec.kind} '{rec.name}' is type-annotated; no function in {tally.where} "
        f"uses type hints ({tally})"
    )
    evidence = {
        "name": rec.name,
        "annotated": tally.hits,
        "total": tally.total,
        "scope": tally.scope,
        "reverse": True,
    }
    return Finding(TYPE_HINT, rec.start, rec.end, message, evidence)
