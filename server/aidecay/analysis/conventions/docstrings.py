"""Docstring conventions: presence on non-trivial public functions and structured style."""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .functions import FunctionInfo, collect_functions
from .model import DOCSTRING, Finding, Tally, pick_tally
from .settings import Thresholds
from .source import ParsedSource, Span, ensure_parsed, in_any, in_span, normalize_spans

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
    kind: str
    public: bool
    body_lines: int
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
    siblings: tuple[DocRecord, ...]


def learn_docstrings(
    source: str | ParsedSource,
    ai_spans: Iterable[Sequence[int]],
    siblings: Iterable[str | ParsedSource] = (),
) -> DocstringConvention:
    """Record docstring presence and style for every function (human part = outside spans)."""
    spans = normalize_spans(ai_spans)
    records = _records(ensure_parsed(source))
    human = tuple(r for r in records if not in_any(r.start, spans))
    sibling_records = tuple(r for s in siblings for r in _records(ensure_parsed(s)))
    return DocstringConvention(records, human, sibling_records)


def check_docstrings(
    conv: DocstringConvention, region: Span, th: Thresholds | None = None
) -> list[Finding]:
    """Region functions missing a docstring, or using another structured style, than usual."""
    th = th or Thresholds()
    presence = _presence(conv, th)
    style = _style(conv, th)
    findings: list[Finding] = []
    for rec in conv.file:
        if not in_span(rec.start, region):
            continue
        if rec.style is None and _eligible(rec, th):
            # A method of a class with a base from elsewhere may override a method documented
            # there: only its own class's, else its module's, human methods can show that it
            # should have one (not the package's).
            norm = _class_presence(conv, rec, th) if rec.foreign_class else presence
            if rec.foreign_class and norm is None and presence and presence.scope == "module":
                norm = presence
            if norm:
                findings.append(_missing(rec, norm))
        elif style and rec.style in STRUCTURED and rec.style != style[0]:
            findings.append(_mismatch(rec, *style))
    return findings


def _records(parsed: ParsedSource) -> tuple[DocRecord, ...]:
    return parsed.derived(
        "docstrings", lambda p: tuple(_record(p, fn) for fn in collect_functions(p))
    )


def _record(parsed: ParsedSource, fn: FunctionInfo) -> DocRecord:
    doc = ast.get_docstring(fn.node, clean=False)
    doc_range = parsed.node_range(fn.node.body[0]) if doc is not None else None
    return DocRecord(
        name=fn.name,
        start=fn.start,
        end=fn.end,
        kind="method" if fn.is_method else "function",
        public=fn.public,
        body_lines=fn.body_lines,
        comparable=not (fn.nested or fn.hook or fn.overload or fn.override),
        style=docstring_style(doc) if doc is not None else None,
        doc_range=doc_range,
        owner=fn.owner,
        foreign_class=fn.foreign_class,
    )


def _eligible(rec: DocRecord, th: Thresholds) -> bool:
    return rec.comparable and rec.public and rec.body_lines >= th.docstring_min_body_lines


def _presence(conv: DocstringConvention, th: Thresholds) -> Tally | None:
    """How many comparable human functions have a docstring, when most of them do."""

    def tally(records: Iterable[DocRecord], scope: str) -> Tally:
        eligible = [r for r in records if _eligible(r, th)]
        return Tally(sum(r.style is not None for r in eligible), len(eligible), scope)

    module = tally(conv.human, "module")
    chosen = pick_tally(
        module, tally(conv.human + conv.siblings, "package"), th.docstring_min_samples
    )
    if chosen.total < th.docstring_min_samples or chosen.share < th.docstring_min_share:
        return None
    return chosen


def _class_presence(conv: DocstringConvention, rec: DocRecord, th: Thresholds) -> Tally | None:
    """How many eligible human methods of ``rec``'s class are documented, when most are."""
    eligible = [r for r in conv.human if r.owner == rec.owner and _eligible(r, th)]
    tally = Tally(sum(r.style is not None for r in eligible), len(eligible), "class")
    if tally.total < th.docstring_min_samples or tally.share < th.docstring_min_share:
        return None
    return tally


def _style(conv: DocstringConvention, th: Thresholds) -> tuple[str, Tally] | None:
    """The dominant structured docstring style of human code, when there is a clear one."""

    def tally(records: Iterable[DocRecord], scope: str) -> tuple[str, Tally]:
        counts = Counter(r.style for r in records if r.style in STRUCTURED)
        if not counts:
            return PLAIN, Tally(0, 0, scope)
        style, hits = counts.most_common(1)[0]
        return style, Tally(hits, sum(counts.values()), scope)

    module = tally(conv.human, "module")
    package = tally(conv.human + conv.siblings, "package")
    chosen = pick_tally(module[1], package[1], th.docstring_style_min_samples)
    style = module[0] if chosen is module[1] else package[0]
    if chosen.total < th.docstring_style_min_samples or chosen.share < th.docstring_style_min_share:
        return None
    return style, chosen


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
