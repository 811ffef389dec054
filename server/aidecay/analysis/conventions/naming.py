"""Naming conventions: learn per-kind identifier styles from human code, flag AI outliers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .model import NAMING, Finding, Tally
from .naming_collect import METHOD, NameDef, collect_names
from .settings import Thresholds
from .source import ParsedSource, Span, ensure_parsed, in_any, in_span, normalize_spans
from .styles import LOWER_WORD, MIXED, UPPER_WORD, Family, families_for

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


#: Styles that carry no evidence of a convention: ``loader`` fits snake_case and camelCase;
#: mixed names (``new_C``, ``G_copy``) follow notation, not a naming style.
_NO_EVIDENCE = frozenset({LOWER_WORD, UPPER_WORD, MIXED})
#: Counts of human name styles per group: (owner class or None, kind, private).
Counts = dict[tuple[str | None, str, bool], Counter[str]]


@dataclass(frozen=True)
class NamingConvention:
    """Human style counts per scope and kind of name, plus the file's definitions to check.

    ``module_counts`` keys are ``(owner, kind, private)`` with ``owner`` the enclosing class
    (None outside classes); ``package_counts`` are the same over the whole module plus its
    siblings, keyed by ``(None, kind, private)``.
    """

    defs: tuple[NameDef, ...]
    module_counts: Counts
    package_counts: Counts
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

    ``siblings`` are other modules of the same package, consulted when the class and the
    file alone have too few samples of a kind.
    """
    spans = normalize_spans(ai_spans)
    defs = tuple(collect_names(ensure_parsed(source)))
    human = [d for d in defs if not in_any(d.start, spans)]
    module = _count(human, by_class=True)
    package = _count(human, by_class=False)
    for sibling in siblings:
        for key, counts in ensure_parsed(sibling).derived("naming", _package_counts).items():
            package.setdefault(key, Counter()).update(counts)
    foreign = frozenset(
        d.style for d in human if d.kind == METHOD and d.foreign_class and d.style and not d.exempt
    )
    return NamingConvention(defs, module, package, foreign)


def _package_counts(parsed: ParsedSource) -> Counts:
    return _count(collect_names(parsed), by_class=False)


def naming_verdict(
    conv: NamingConvention,
    kind: str,
    th: Thresholds,
    owner: str | None = None,
    private: bool = False,
) -> NamingVerdict | None:
    """The dominant human style family for names of ``kind``, when it is clear enough.

    Scopes are tried nearest first: the class ``owner`` (methods, and arguments and locals
    of methods), the module, then the package. Related kinds are pooled while samples are
    too few (functions with methods, locals with arguments). Only names whose style proves
    something count, and the first scope with enough of them decides: when it has no clear
    convention, nothing is enforced.
    """
    pooled = (kind, _RELATED[kind]) if kind in _RELATED else (kind,)
    scopes: list[tuple[str, Counts, str | None]] = []
    if owner is not None:
        scopes.append(("class", conv.module_counts, owner))
    scopes.append(("module", conv.module_counts, None))
    scopes.append(("package", conv.package_counts, None))
    for scope, table, where in scopes:
        for kinds in dict.fromkeys(((kind,), pooled)):
            counts: Counter[str] = Counter()
            for k in kinds:
                keys = [key for key in table if key[1] == k and key[2] == private]
                if scope == "class":
                    keys = [key for key in keys if key[0] == where]
                for key in keys:
                    counts.update(table[key])
            total = sum(n for style, n in counts.items() if style not in _NO_EVIDENCE)
            if total >= th.naming_min_samples:
                return _dominant(kind, kinds, counts, Tally(0, total, scope), th)
    return None


def _dominant(
    kind: str, kinds: tuple[str, ...], counts: Counter[str], base: Tally, th: Thresholds
) -> NamingVerdict | None:
    ranked = sorted(
        ((sum(counts[s] for s in family.explicit), family) for family in families_for(kind)),
        key=lambda pair: -pair[0],
    )
    support, winner = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0
    if support <= runner_up or support < th.naming_min_share * base.total:
        return None
    tally = Tally(support, base.total, base.scope)
    return NamingVerdict(kind, winner, tally, counts, " and ".join(_PLURAL[k] for k in kinds))


def check_naming(
    conv: NamingConvention, region: Span, th: Thresholds | None = None
) -> list[Finding]:
    """Names defined inside ``region`` whose style the human code does not use for their kind."""
    th = th or Thresholds()
    verdicts: dict[tuple[str, str | None, bool], NamingVerdict | None] = {}
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for d in conv.defs:
        if (
            not in_span(d.start, region)
            or d.exempt
            or d.style is None
            or d.style in _NO_EVIDENCE
            or (d.kind, d.name) in seen
        ):
            continue
        key = (d.kind, d.owner, d.private)
        if key not in verdicts:
            verdicts[key] = naming_verdict(conv, d.kind, th, d.owner, d.private)
        verdict = verdicts[key]
        if verdict is None or d.style in verdict.family.styles:
            continue
        if verdict.counts[d.style] > th.naming_max_minority_share * verdict.tally.total:
            continue
        if (
            d.kind == METHOD
            and d.foreign_class
            and verdict.tally.scope != "class"
            and d.style in conv.foreign_method_styles
        ):
            continue
        seen.add((d.kind, d.name))
        findings.append(_finding(d, verdict))
    return findings


def _count(defs: Iterable[NameDef], by_class: bool) -> Counts:
    counts: Counts = {}
    for d in defs:
        if d.style is not None and not d.exempt:
            key = (d.owner if by_class else None, d.kind, d.private)
            counts.setdefault(key, Counter())[d.style] += 1
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
