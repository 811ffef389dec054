"""Naming conventions: learn per-kind identifier styles from human code, flag AI outliers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from aidecay.core.settings import NamingThresholds

from ..spans import starting_in
from .detector import Corpus, Detector
from .model import NAMING, Convention, Example, Finding, Tally, module_first
from .naming_collect import KINDS, METHOD, NameDef, collect_names
from .source import ParsedSource, Span
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
    foreign_method_styles: frozenset[str]
    human: tuple[NameDef, ...] = ()
    corpus: Corpus | None = field(default=None, compare=False, repr=False)

    @property
    def siblings(self) -> tuple[ParsedSource, ...]:
        return self.corpus.siblings if self.corpus is not None else ()

    @cached_property
    def package_counts(self) -> Counts:
        """The module's and its siblings' counts (the siblings are read on first use)."""
        package = _count(self.human, by_class=False)
        for sibling in self.siblings:
            for key, counts in _count(collect_names(sibling), by_class=False).items():
                package.setdefault(key, Counter()).update(counts)
        return package


@dataclass(frozen=True)
class NamingVerdict:
    """A clear convention for one kind of name."""

    kind: str
    family: Family
    tally: Tally
    counts: Counter[str]
    label: str
    kinds: tuple[str, ...] = ()


def learn_naming(corpus: Corpus) -> NamingConvention:
    """Count identifier styles of human-written names (outside the AI spans).

    Sibling modules are consulted when the class and the file alone have too few samples
    of a kind.
    """
    defs = collect_names(corpus.parsed)
    human = corpus.human(defs)
    foreign = frozenset(
        d.style for d in human if d.kind == METHOD and d.foreign_class and d.style and not d.exempt
    )
    return NamingConvention(defs, _count(human, by_class=True), foreign, human, corpus)


def naming_verdict(
    conv: NamingConvention,
    kind: str,
    th: NamingThresholds,
    owner: str | None = None,
    private: bool = False,
) -> NamingVerdict | None:
    """The dominant human style family for names of ``kind``, when it is clear enough."""
    evidence = _evidence(conv, kind, th, owner, private)
    return _dominant(kind, *evidence, th) if evidence else None


def _evidence(
    conv: NamingConvention, kind: str, th: NamingThresholds, owner: str | None, private: bool
) -> tuple[tuple[str, ...], Counter[str], Tally] | None:
    """The style counts that decide for ``kind``: the first scope with enough of them.

    Scopes are tried nearest first: the class ``owner`` (methods, and arguments and locals
    of methods), the module, then the package. Related kinds are pooled while samples are
    too few (functions with methods, locals with arguments). Only names whose style proves
    something count, and the first scope with enough of them decides: when it has no clear
    convention, nothing is enforced.
    """
    pooled = (kind, _RELATED[kind]) if kind in _RELATED else (kind,)
    scopes: list[tuple[str, Counts | None, str | None]] = []
    if owner is not None:
        scopes.append(("class", conv.module_counts, owner))
    scopes.append(("module", conv.module_counts, None))
    scopes.append(("package", None, None))
    for scope, table, where in scopes:
        table = conv.package_counts if table is None else table
        for kinds in dict.fromkeys(((kind,), pooled)):
            counts: Counter[str] = Counter()
            for k in kinds:
                keys = [key for key in table if key[1] == k and key[2] == private]
                if scope == "class":
                    keys = [key for key in keys if key[0] == where]
                for key in keys:
                    counts.update(table[key])
            total = sum(n for style, n in counts.items() if style not in _NO_EVIDENCE)
            if total >= th.norm.min_samples:
                return kinds, counts, Tally(0, total, scope)
    return None


def _ranked(kind: str, counts: Counter[str]) -> list[tuple[int, Family]]:
    return sorted(
        ((sum(counts[s] for s in family.explicit), family) for family in families_for(kind)),
        key=lambda pair: -pair[0],
    )


def _dominant(
    kind: str, kinds: tuple[str, ...], counts: Counter[str], base: Tally, th: NamingThresholds
) -> NamingVerdict | None:
    ranked = _ranked(kind, counts)
    support, winner = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0
    if support <= runner_up or not th.norm.holds(support, base.total):
        return None
    tally = Tally(support, base.total, base.scope)
    label = " and ".join(_PLURAL[k] for k in kinds)
    return NamingVerdict(kind, winner, tally, counts, label, kinds)


def check_naming(conv: NamingConvention, region: Span, th: NamingThresholds) -> list[Finding]:
    """Names defined inside ``region`` whose style the human code does not use for their kind."""
    verdicts: dict[tuple[str, str | None, bool], NamingVerdict | None] = {}
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for d in starting_in(conv.defs, region):
        if d.exempt or d.style is None or d.style in _NO_EVIDENCE or (d.kind, d.name) in seen:
            continue
        key = (d.kind, d.owner, d.private)
        if key not in verdicts:
            verdicts[key] = naming_verdict(conv, d.kind, th, d.owner, d.private)
        verdict = verdicts[key]
        if verdict is None or d.style in verdict.family.styles:
            continue
        if verdict.counts[d.style] > th.max_minority_share * verdict.tally.total:
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


def describe_naming(conv: NamingConvention, th: NamingThresholds) -> list[Convention]:
    """The style of each kind of public name, as the module's (else package's) human code
    writes it."""
    found = []
    for kind in KINDS:
        verdict = naming_verdict(conv, kind, th)
        aspect = f"{_SINGULAR.get(kind, kind)} names"
        if verdict is not None:
            rule = f"{verdict.label} are named in {verdict.family.label}"
            named = (
                Example.at(d, _name(d))
                for d in _public(conv, verdict.kinds)
                if d.style in verdict.family.explicit
            )
            found.append(
                Convention.judged(NAMING, aspect, rule, verdict.tally, verdict.label, True, named)
            )
            continue
        evidence = _evidence(conv, kind, th, None, False)
        kinds, counts, base = evidence or ((kind,), Counter(), Tally(0, 0, "package"))
        hits = _ranked(kind, counts)[0][0]
        label = " and ".join(_PLURAL[k] for k in kinds)
        found.append(Convention(NAMING, aspect, None, Tally(hits, base.total, base.scope), label))
    return found


def _public(conv: NamingConvention, kinds: tuple[str, ...]) -> Iterable[NameDef]:
    """Public, non-exempt human names of ``kinds``: the module's, then its siblings' (read
    only when the module's own are not enough)."""
    names = module_first(conv.human, lambda: (d for s in conv.siblings for d in collect_names(s)))
    return (d for d in names if d.kind in kinds and not d.private and not d.exempt)


def _name(d: NameDef) -> str:
    return f"{d.owner}.{d.name}" if d.kind == METHOD and d.owner else d.name


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


NAMING_DETECTOR = Detector(
    NAMING, learn_naming, check_naming, describe_naming, lambda th: th.naming
)
