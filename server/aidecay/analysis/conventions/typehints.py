"""Type-hint conventions: parameter and return annotations of human vs AI functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property

from aidecay.core.settings import TypeHintThresholds

from ..spans import per_object, starting_in
from .detector import Corpus, Detector
from .functions import FunctionInfo, collect_functions
from .model import TYPE_HINT, Convention, Example, Finding, Tally, judge, module_first
from .source import Span, in_span

_NO_RETURN_EXPECTED = frozenset({"__init__", "__init_subclass__", "__post_init__"})


@dataclass(frozen=True)
class HintRecord:
    """Annotation facts of one function."""

    name: str
    start: int
    end: int
    line: int
    path: str | None
    owner: str | None
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
    corpus: Corpus | None = field(default=None, compare=False, repr=False)

    @cached_property
    def siblings(self) -> tuple[HintRecord, ...]:
        """Records of the sibling modules (read on first use)."""
        found = self.corpus.siblings if self.corpus is not None else ()
        return tuple(_record(fn) for s in found for fn in collect_functions(s))


@dataclass(frozen=True)
class _Norms:
    """Region-independent verdicts (a tally is None when it makes no clear convention)."""

    params: Tally | None
    returns: Tally | None
    #: Functions without any hint, when (nearly) none has one.
    unannotated: Tally | None
    #: The deciding tallies, clear or not, for describing them.
    tallies: tuple[Tally, Tally]


def learn_typehints(corpus: Corpus) -> TypeHintConvention:
    """Record parameter/return annotations of every function (human part = outside spans)."""
    records = tuple(_record(fn) for fn in collect_functions(corpus.parsed))
    return TypeHintConvention(records, corpus.human(records), corpus)


def check_typehints(
    conv: TypeHintConvention, region: Span, th: TypeHintThresholds
) -> list[Finding]:
    """Region functions unannotated where human code annotates (or the reverse)."""
    norms = _norms(conv, th)
    findings: list[Finding] = []
    for rec in starting_in(conv.file, region):
        if not (rec.comparable and in_span(rec.start, region)):
            continue
        finding = _unannotated(rec, norms)
        if finding:
            findings.append(finding)
        elif th.report_added and rec.annotated_any and norms.unannotated:
            findings.append(_overannotated(rec, norms.unannotated))
    return findings


def describe_typehints(conv: TypeHintConvention, th: TypeHintThresholds) -> list[Convention]:
    """Whether parameters and return types are annotated (and, when added hints are
    reported, whether the code uses none)."""
    norms = _norms(conv, th)

    def pool() -> Iterable[HintRecord]:
        records = module_first(conv.human, lambda: conv.siblings)
        return (r for r in records if r.comparable)

    found = [
        Convention.judged(
            TYPE_HINT,
            "parameter type hints",
            "parameters are annotated",
            norms.tallies[0],
            "functions with parameters",
            norms.params is not None,
            (_example(r) for r in pool() if r.params and not r.unannotated),
        ),
        Convention.judged(
            TYPE_HINT,
            "return type hints",
            "return types are annotated",
            norms.tallies[1],
            "functions",
            norms.returns is not None,
            (_example(r) for r in pool() if r.returns),
        ),
    ]
    if th.report_added and norms.unannotated:
        found.append(
            Convention.judged(
                TYPE_HINT,
                "no type hints",
                "functions carry no type hints",
                norms.unannotated,
                "functions",
                True,
                (_example(r) for r in pool() if r.countable and not r.annotated_any),
            )
        )
    return found


def _example(rec: HintRecord) -> Example:
    return Example.at(rec, f"{rec.owner}.{rec.name}" if rec.owner else rec.name)


def _record(fn: FunctionInfo) -> HintRecord:
    params = fn.params
    returns = None if fn.name in _NO_RETURN_EXPECTED else fn.node.returns is not None
    return HintRecord(
        name=fn.name,
        start=fn.start,
        end=fn.end,
        line=fn.line,
        path=fn.path,
        owner=fn.owner,
        kind="method" if fn.is_method else "function",
        params=tuple(p.arg for p in params),
        unannotated=tuple(p.arg for p in params if p.annotation is None),
        returns=returns,
        comparable=not (fn.nested or fn.overload),
    )


@per_object
def _norms(conv: TypeHintConvention, th: TypeHintThresholds) -> _Norms:
    def tallies(records: Iterable[HintRecord], scope: str) -> tuple[Tally, Tally, Tally]:
        comparable = [r for r in records if r.comparable]
        with_params = [r for r in comparable if r.params]
        with_return = [r for r in comparable if r.returns is not None]
        countable = [r for r in comparable if r.countable]
        return (
            Tally(sum(not r.unannotated for r in with_params), len(with_params), scope),
            Tally(sum(bool(r.returns) for r in with_return), len(with_return), scope),
            Tally(sum(not r.annotated_any for r in countable), len(countable), scope),
        )

    module = tallies(conv.human, "module")

    package = cache(lambda: tallies(conv.human + conv.siblings, "package"))
    params, params_clear = judge(th.norm, module[0], lambda: package()[0])
    returns, returns_clear = judge(th.norm, module[1], lambda: package()[1])
    bare, bare_clear = judge(th.unannotated, module[2], lambda: package()[2])
    return _Norms(
        params if params_clear else None,
        returns if returns_clear else None,
        bare if bare_clear else None,
        (params, returns),
    )


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


def _overannotated(rec: HintRecord, bare: Tally) -> Finding:
    tally = Tally(bare.total - bare.hits, bare.total, bare.scope)
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


TYPE_HINT_DETECTOR = Detector(
    TYPE_HINT, learn_typehints, check_typehints, describe_typehints, lambda th: th.typehints
)
