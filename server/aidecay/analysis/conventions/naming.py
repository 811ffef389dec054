"""Naming conventions: learn per-kind identifier styles from human code, flag AI outliers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..spans import in_any_indexed, per_object, starting_in
from .model import NAMING, Finding, Tally
from .naming_collect import KINDS, METHOD, NameDef, collect_names
from .settings import Thresholds
from .source import ParsedSource, Span, ensure_parsed, in_span, normalize_spans
from .styles import Family, families_for

_PLURAL = MappingProxyType(
    {
        "function": "functions",
        "method": "methods",
        "class": "classes",
        "constant": "module-level names",
        "variable": "local variables",
        "argument": "arguments",
    }
)
_RELATED = MappingProxyType(
    {
        "function": "method",
        "method": "function",
        "variable": "argument",
        "argument": "variable",
    }
)
_SINGULAR = MappingProxyType({"constant": "module-level", "variable": "variable"})


@dataclass(frozen=True)
class NamingConvention:
    """Human style counts per kind of name, plus the file's definitions to check."""

    defs: tuple[NameDef, ...]
    module_counts: dict[str, Counter[str]]
    package_counts: dict[str, Counter[str]]
    foreign_method_styles: frozenset[str]


@dataclass(frozen=True)
class NamingVerdict:
    """A clear convention for one kind of name."""

    kind: str
    family: Family
    tally: Tally
    counts: Counter[str]
    label: str


def learn_naming(
    source: str | ParsedSource,
    ai_spans: Iterable[Sequence[int]],
    siblings: Iterable[str | ParsedSource] = (),
) -> NamingConvention:
    """Count identifier styles of human-written names (outside ``ai_spans``).

    ``siblings`` are other modules of the same package, consulted when the file alone has
    too few samples of a kind.
    """
    spans = normalize_spans(ai_spans)
    defs = tuple(collect_names(ensure_parsed(source)))
    human = [d for d in defs if not in_any_indexed(d.start, spans)]
    module = _count(human)
    package = {kind: Counter(counts) for kind, counts in module.items()}
    for sibling in siblings:
        for kind, counts in _count(collect_names(ensure_parsed(sibling))).items():
            package[kind].update(counts)
    foreign = frozenset(
        d.style for d in human if d.kind == METHOD and d.foreign_class and d.style and not d.exempt
    )
    return NamingConvention(defs, module, package, foreign)


@per_object
def naming_verdict(conv: NamingConvention, kind: str, th: Thresholds) -> NamingVerdict | None:
    """The dominant human style family for ``kind``, when it is clear enough to enforce.

    Falls back, while samples are too few, to the related kind (functions with methods,
    locals with arguments), then to the package's counts.
    """
    pooled = (kind, _RELATED[kind]) if kind in _RELATED else (kind,)
    for scope, table in (("module", conv.module_counts), ("package", conv.package_counts)):
        for kinds in dict.fromkeys(((kind,), pooled)):
            counts = sum((table[k] for k in kinds), Counter())
            total = sum(counts.values())
            if total >= th.naming_min_samples:
                return _dominant(kind, kinds, counts, Tally(0, total, scope), th)
    return None


def _dominant(
    kind: str, kinds: tuple[str, ...], counts: Counter[str], base: Tally, th: Thresholds
) -> NamingVerdict | None:
    best: tuple[int, int] = (-1, -1)
    winner: Family | None = None
    for family in families_for(kind):
        key = (sum(counts[s] for s in family.styles), sum(counts[s] for s in family.explicit))
        if key > best:
            best, winner = key, family
    support = best[0]
    if winner is None or support < th.naming_min_share * base.total:
        return None
    tally = Tally(support, base.total, base.scope)
    return NamingVerdict(kind, winner, tally, counts, " and ".join(_PLURAL[k] for k in kinds))


def check_naming(
    conv: NamingConvention, region: Span, th: Thresholds | None = None
) -> list[Finding]:
    """Names defined inside ``region`` whose style the human code does not use for their kind."""
    th = th or Thresholds()
    verdicts = {kind: naming_verdict(conv, kind, th) for kind in KINDS}
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for d in starting_in(conv.defs, region):
        verdict = verdicts[d.kind]
        if (
            not in_span(d.start, region)
            or d.exempt
            or d.style is None
            or verdict is None
            or d.style in verdict.family.styles
            or (d.kind, d.name) in seen
        ):
            continue
        if verdict.counts[d.style] > th.naming_max_minority_share * verdict.tally.total:
            continue
        if d.kind == METHOD and d.foreign_class and d.style in conv.foreign_method_styles:
            continue
        seen.add((d.kind, d.name))
        findings.append(_finding(d, verdict))
    return findings


def _count(defs: Iterable[NameDef]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    for d in defs:
        if d.style is not None and not d.exempt:
            counts[d.kind][d.style] += 1
    return counts


def _finding(d: NameDef, verdict: NamingVerdict) -> Finding:
    tally = verdict.tally
    what = _SINGULAR.get(d.kind, d.kind)
    message = (
        f"{what} name '{d.name}' is {d.style}; {tally.where} names {verdict.label} "
        f"in {verdict.family.label} ({tally})"
    )
    evidence = {
        "kind": d.kind,
        "name": d.name,
        "style": d.style,
        "expected": verdict.family.label,
        "matching": tally.hits,
        "total": tally.total,
        "scope": tally.scope,
        "same_style": verdict.counts[d.style],
    }
    return Finding(NAMING, d.start, d.end, message, evidence)
