"""Docstring conventions: presence on non-trivial public functions and structured style."""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property

from aidecay.core.settings import DocstringThresholds

from ..spans import per_object, starting_in
from .detector import Corpus, Detector
from .functions import FunctionInfo, collect_functions
from .model import DOCSTRING, Convention, Example, Finding, Tally, judge, module_first
from .source import ParsedSource, Span

GOOGLE, NUMPY, REST, EPYTEXT, PLAIN = "Google", "NumPy", "reST", "Epytext", "plain"
STRUCTURED = (GOOGLE, NUMPY, REST, EPYTEXT)

_SECTION = r"Parameters|Returns|Yields|Raises|Receives|Other Parameters|Attributes|Warns"
_STYLE_PATTERNS = (
    (
        NUMPY,
        re.compile(
            rf"^[ \t]*(?:{_SECTION}|See Also|Notes|Examples)[ \t]*\r?\n[ \t]*-{{3,}}", re.MULTILINE
        ),
    ),
    (
        GOOGLE,
        re.compile(
            r"^[ \t]*(?:Args|Arguments|Params|Keyword Args|Keyword Arguments|Return"
            rf"|Yield|{_SECTION})[ \t]*:[ \t]*$",
            re.MULTILINE,
        ),
    ),
    (
        REST,
        re.compile(
            r"^[ \t]*:(?:param|parameter|arg|argument|key|keyword|type|returns?|rtype"
            r"|raises?|except|exception|var|ivar|cvar|yields?|ytype)\b[^:\n]*:",
            re.MULTILINE,
        ),
    ),
    (
        EPYTEXT,
        re.compile(
            r"^[ \t]*@(?:param|type|returns?|rtype|raises?|keyword|ivar|cvar|var)\b", re.MULTILINE
        ),
    ),
)


def docstring_style(doc: str) -> str:
    """Google, NumPy, reST, Epytext, or plain (summary/prose only)."""
    for style, pattern in _STYLE_PATTERNS:
        if pattern.search(doc):
            return style
    return PLAIN


@dataclass(frozen=True)
class DocRecord:
    """Docstring facts of one function; ``style`` is None when it has no docstring."""

    name: str
    start: int
    end: int
    line: int
    path: str | None
    kind: str
    public: bool
    logical_lines: int
    comparable: bool
    style: str | None
    doc_range: Span | None
    owner: str | None = None
    foreign_class: bool = False


@dataclass(frozen=True)
class DocstringConvention:
    """Docstring records of the file, of its human part and of sibling modules."""

    file: tuple[DocRecord, ...]
    human: tuple[DocRecord, ...]
    corpus: Corpus | None = field(default=None, compare=False, repr=False)

    @cached_property
    def siblings(self) -> tuple[DocRecord, ...]:
        """Records of the sibling modules (read on first use)."""
        found = self.corpus.siblings if self.corpus is not None else ()
        return tuple(r for s in found for r in _records(s))


@dataclass(frozen=True)
class _Rules:
    """Region-independent verdicts: documented share, and the structured style."""

    presence: Tally
    present: bool
    style: str
    style_tally: Tally
    styled: bool


def learn_docstrings(corpus: Corpus) -> DocstringConvention:
    """Record docstring presence and style for every function (human part = outside spans)."""
    records = _records(corpus.parsed)
    return DocstringConvention(records, corpus.human(records), corpus)


def check_docstrings(
    conv: DocstringConvention, region: Span, th: DocstringThresholds
) -> list[Finding]:
    """Region functions missing a docstring, or using another structured style, than usual."""
    rules = _rules(conv, th)
    presence = rules.presence if rules.present else None
    findings: list[Finding] = []
    for rec in starting_in(conv.file, region):
        if rec.style is None and _eligible(rec, th):
            # A method of a class with a base from elsewhere may override a method documented
            # there: only its own class's, else its module's, human methods can show that it
            # should have one (not the package's).
            norm = _class_presence(conv, rec.owner, th) if rec.foreign_class else presence
            if rec.foreign_class and norm is None and presence and presence.scope == "module":
                norm = presence
            if norm:
                findings.append(_missing(rec, norm))
        elif rules.styled and rec.style in STRUCTURED and rec.style != rules.style:
            findings.append(_mismatch(rec, rules.style, rules.style_tally))
    return findings


def describe_docstrings(conv: DocstringConvention, th: DocstringThresholds) -> list[Convention]:
    """Whether public functions carry docstrings, and in which structured style."""
    rules = _rules(conv, th)
    documented = (_example(r) for r in _pool(conv) if _eligible(r, th) and r.style is not None)
    styled = (_example(r) for r in _pool(conv) if r.style == rules.style)
    return [
        Convention.judged(
            DOCSTRING,
            "docstrings",
            f"public functions of {th.min_logical_lines}+ logical lines have a docstring",
            rules.presence,
            "comparable public functions",
            rules.present,
            documented,
        ),
        Convention.judged(
            DOCSTRING,
            "docstring style",
            f"docstrings are {rules.style}-style",
            rules.style_tally,
            "structured docstrings",
            rules.styled,
            styled,
        ),
    ]


def _pool(conv: DocstringConvention) -> Iterable[DocRecord]:
    return module_first(conv.human, lambda: conv.siblings)


def _example(rec: DocRecord) -> Example:
    return Example.at(rec, f"{rec.owner}.{rec.name}" if rec.owner else rec.name)


def _records(parsed: ParsedSource) -> tuple[DocRecord, ...]:
    return tuple(_record(parsed, fn) for fn in collect_functions(parsed))


def _record(parsed: ParsedSource, fn: FunctionInfo) -> DocRecord:
    doc = ast.get_docstring(fn.node, clean=False)
    doc_range = parsed.node_range(fn.node.body[0]) if doc is not None else None
    return DocRecord(
        name=fn.name,
        start=fn.start,
        end=fn.end,
        line=fn.line,
        path=fn.path,
        kind="method" if fn.is_method else "function",
        public=fn.public,
        logical_lines=fn.logical_lines,
        comparable=not (fn.nested or fn.hook or fn.overload or fn.override),
        style=docstring_style(doc) if doc is not None else None,
        doc_range=doc_range,
        owner=fn.owner,
        foreign_class=fn.foreign_class,
    )


def _eligible(rec: DocRecord, th: DocstringThresholds) -> bool:
    return rec.comparable and rec.public and rec.logical_lines >= th.min_logical_lines


def _documented(records: Iterable[DocRecord], scope: str, th: DocstringThresholds) -> Tally:
    eligible = [r for r in records if _eligible(r, th)]
    return Tally(sum(r.style is not None for r in eligible), len(eligible), scope)


def _styles(records: Iterable[DocRecord], scope: str) -> tuple[str, Tally]:
    counts = Counter(r.style for r in records if r.style in STRUCTURED)
    if not counts:
        return PLAIN, Tally(0, 0, scope)
    style, hits = counts.most_common(1)[0]
    return style, Tally(hits, sum(counts.values()), scope)


@per_object
def _rules(conv: DocstringConvention, th: DocstringThresholds) -> _Rules:
    """How many comparable human functions have a docstring, and the dominant structured
    docstring style; each from the module, else the package."""
    presence, present = judge(
        th.presence,
        _documented(conv.human, "module", th),
        lambda: _documented(conv.human + conv.siblings, "package", th),
    )
    module = _styles(conv.human, "module")
    package = cache(lambda: _styles(conv.human + conv.siblings, "package"))
    style_tally, styled = judge(th.style, module[1], lambda: package()[1])
    style = module[0] if style_tally is module[1] else package()[0]
    return _Rules(presence, present, style, style_tally, styled)


@per_object
def _class_presence(
    conv: DocstringConvention, owner: str | None, th: DocstringThresholds
) -> Tally | None:
    """How many eligible human methods of class ``owner`` are documented, when most are."""
    tally = _documented((r for r in conv.human if r.owner == owner), "class", th)
    return tally if th.presence.holds(tally.hits, tally.total) else None


def _missing(rec: DocRecord, tally: Tally) -> Finding:
    message = (
        f"{rec.kind} '{rec.name}' has no docstring; {tally} comparable public "
        f"{'methods' if tally.scope == 'class' else 'functions'} in {tally.where} have one"
    )
    evidence = {
        "name": rec.name,
        "documented": tally.hits,
        "total": tally.total,
        "scope": tally.scope,
    }
    return Finding(DOCSTRING, rec.start, rec.end, message, evidence)


def _mismatch(rec: DocRecord, style: str, tally: Tally) -> Finding:
    message = (
        f"docstring of '{rec.name}' is {rec.style}-style; {tally.where} writes {style}-style "
        f"docstrings ({tally} structured docstrings)"
    )
    evidence = {
        "name": rec.name,
        "style": rec.style,
        "expected": style,
        "matching": tally.hits,
        "total": tally.total,
        "scope": tally.scope,
    }
    start, end = rec.doc_range or (rec.start, rec.end)
    return Finding(DOCSTRING, start, end, message, evidence)


DOCSTRING_DETECTOR = Detector(
    DOCSTRING, learn_docstrings, check_docstrings, describe_docstrings, lambda th: th.docstrings
)
