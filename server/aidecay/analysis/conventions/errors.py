"""Error-handling conventions: bare/broad/swallowing handlers and print-vs-logging.

A handler is judged only against a convention (``ErrorThresholds.handlers``): at least 3
human handlers in the module (or, when the module has too few, in the module and its
sibling modules), none of which does what the region's handler does. Well-known idioms are never
divergence: optional imports (``except ImportError: pass``), best-effort cleanup in
``close``/``__del__``/``__exit__``-like methods, and guarded console writes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from aidecay.core.settings import ErrorThresholds

from ..spans import per_object, starting_in
from .detector import Corpus, Detector
from .model import ERROR_HANDLING, Convention, Example, Finding, Tally
from .source import ParsedSource, Span

BARE, BROAD, SWALLOWED = "bare", "broad", "swallowed"
ISSUES = (BARE, BROAD, SWALLOWED)
_ISSUE_RULES = MappingProxyType(
    {
        BARE: ("bare except", "handlers name what they catch (no bare 'except:')"),
        BROAD: ("broad except", "'except Exception' re-raises or reports what it caught"),
        SWALLOWED: ("swallowed exceptions", "handlers never silently swallow an exception"),
    }
)
_ISSUE_TEXT = MappingProxyType(
    {
        BARE: "is bare (catches everything, even KeyboardInterrupt)",
        BROAD: "catches Exception without re-raising or reporting it",
        SWALLOWED: "silently swallows the exception",
    }
)
_BROAD_NAMES = frozenset({"Exception", "BaseException"})
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
_CONSOLE_ERRORS = frozenset(
    {"OSError", "IOError", "BrokenPipeError", "UnicodeError", "UnicodeEncodeError", "ValueError"}
)
_CONSOLE_CALLS = frozenset({"print", "write", "flush", "echo", "secho", "writelines"})
#: Methods where errors are ignored on purpose: the object is going away.
_CLEANUP = frozenset(
    {
        "close", "aclose", "__del__", "__exit__", "__aexit__", "cleanup", "shutdown",
        "dispose", "teardown", "tearDown", "terminate", "release", "stop", "kill",
    }
)  # fmt: skip
#: Calls that make a broad handler visible: it reports what it caught.
_REPORTING = frozenset(
    {
        "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
        "print", "echo", "secho", "write", "format_exc", "print_exc", "format_exception",
        "print_exception", "exc_info", "err", "msg", "failure", "Failure", "report",
    }
)  # fmt: skip
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
_LOGGER_NAMES = frozenset({"logging", "logger", "log", "structlog", "loguru"})


@dataclass(frozen=True)
class HandlerRecord:
    """One ``except`` clause: ``start``/``end`` cover ``except <type>``, at 1-based ``line``
    of ``path`` (None: this module).

    ``idiom`` names the well-known pattern it follows (never flagged), if any.
    """

    start: int
    end: int
    header: str
    issues: frozenset[str]
    idiom: str | None = None
    line: int = 0
    path: str | None = None


@dataclass(frozen=True)
class _Inventory:
    """Exception handlers, print calls (outside ``__main__`` guards) and logging calls of a
    module, by position."""

    handlers: tuple[HandlerRecord, ...]
    prints: tuple[Span, ...]
    #: Logging calls: their start offset, and an example (the call, its line).
    log_calls: tuple[tuple[int, Example], ...]


@dataclass(frozen=True)
class ErrorConvention:
    """The file's handlers and prints, and what its human part does: handlers, and how
    many print and logging calls. Sibling modules' handlers are inventoried only when the
    module has too few of its own."""

    handlers: tuple[HandlerRecord, ...]
    prints: tuple[Span, ...]
    human: tuple[HandlerRecord, ...]
    human_prints: int
    human_logs: tuple[Example, ...]
    corpus: Corpus | None = field(default=None, compare=False, repr=False)

    @cached_property
    def sibling_handlers(self) -> tuple[HandlerRecord, ...]:
        """Handlers of the sibling modules (read on first use)."""
        found = self.corpus.siblings if self.corpus is not None else ()
        return tuple(h for s in found for h in _inventory(s).handlers)


def learn_errors(corpus: Corpus) -> ErrorConvention:
    """Inventory handlers, prints (outside ``__main__`` guards) and logging calls."""
    found = _inventory(corpus.parsed)
    return ErrorConvention(
        handlers=found.handlers,
        prints=found.prints,
        human=corpus.human(found.handlers),
        human_prints=sum(corpus.is_human(start) for start, _ in found.prints),
        human_logs=tuple(call for start, call in found.log_calls if corpus.is_human(start)),
        corpus=corpus,
    )


@per_object
def _inventory(parsed: ParsedSource) -> _Inventory:
    handlers, prints, logs = [], [], []
    guarded = _main_guard_nodes(parsed.tree)
    for node, ctx in _walk(parsed.tree):
        if isinstance(node, ast.ExceptHandler):
            handlers.append(_handler(parsed, node, ctx))
        elif isinstance(node, ast.Call) and id(node) not in guarded:
            if isinstance(node.func, ast.Name) and node.func.id == "print":
                prints.append(parsed.node_range(node.func))
            elif _is_log_call(node):
                call = Example(f"{ast.unparse(node.func)}()", node.lineno, parsed.path)
                logs.append((parsed.node_range(node)[0], call))
    return _Inventory(
        tuple(sorted(handlers, key=lambda h: h.start)),
        tuple(sorted(prints)),
        tuple(sorted(logs, key=lambda call: call[0])),
    )


@dataclass(frozen=True)
class _Context:
    """Where a node sits: its function, its ``try`` statement, whether inside a loop."""

    function: str | None = None
    try_node: ast.Try | None = None
    in_loop: bool = False


def _walk(tree: ast.AST) -> Iterator[tuple[ast.AST, _Context]]:
    """Every node with its context."""
    stack: list[tuple[ast.AST, _Context]] = [(tree, _Context())]
    while stack:
        node, ctx = stack.pop()
        yield node, ctx
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            ctx = _Context(node.name)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            ctx = _Context(ctx.function, ctx.try_node, True)
        elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            ctx = _Context(ctx.function, node, ctx.in_loop)
        stack.extend((child, ctx) for child in ast.iter_child_nodes(node))


def check_errors(conv: ErrorConvention, region: Span, th: ErrorThresholds) -> list[Finding]:
    """Region handlers/prints doing what the human code of the module never does."""
    findings: list[Finding] = []
    mine = [h for h in starting_in(conv.handlers, region) if h.issues and h.idiom is None]
    if mine:
        clean = _clean(conv, th)
        for handler in mine:
            issues = [i for i in ISSUES if i in handler.issues and clean[i][1]]
            if issues:
                findings.append(_handler_finding(handler, issues, clean[issues[0]][0]))
    logs = _logging(conv)
    if th.logging.holds(logs.hits, logs.total):
        for start, end in starting_in(conv.prints, region):
            findings.append(_print_finding(start, end, logs.hits))
    return findings


def describe_errors(conv: ErrorConvention, th: ErrorThresholds) -> list[Convention]:
    """For each handler issue, whether the human handlers avoid it; print vs logging."""
    clean = _clean(conv, th)
    found = []
    for issue in ISSUES:
        tally, holds = clean[issue]
        aspect, rule = _ISSUE_RULES[issue]
        pool = (*conv.human, *conv.sibling_handlers) if tally.scope == "package" else conv.human
        examples = (Example.at(h, h.header) for h in pool if issue not in h.issues)
        found.append(
            Convention.judged(
                ERROR_HANDLING, aspect, rule, tally, "exception handlers", holds, examples
            )
        )
    logs = _logging(conv)
    found.append(
        Convention.judged(
            ERROR_HANDLING,
            "print vs logging",
            "output goes through logging, not print()",
            logs,
            "print and logging calls",
            th.logging.holds(logs.hits, logs.total),
            conv.human_logs,
        )
    )
    return found


@per_object
def _clean(conv: ErrorConvention, th: ErrorThresholds) -> dict[str, tuple[Tally, bool]]:
    """Per issue: how many human handlers do not have it (the module's, or the module's
    and its siblings' when the module has too few), and whether that makes a convention."""
    pool, scope = conv.human, "module"
    if len(pool) < th.handlers.min_samples:
        pool, scope = pool + conv.sibling_handlers, "package"
    found = {}
    for issue in ISSUES:
        tally = Tally(sum(issue not in h.issues for h in pool), len(pool), scope)
        found[issue] = (tally, th.handlers.holds(tally.hits, tally.total))
    return found


def _logging(conv: ErrorConvention) -> Tally:
    """Logging calls among the human output calls (print and logging) of the module."""
    logs = len(conv.human_logs)
    return Tally(logs, logs + conv.human_prints, "module")


def _handler(parsed: ParsedSource, node: ast.ExceptHandler, ctx: _Context) -> HandlerRecord:
    start = parsed.node_range(node)[0]
    end = parsed.node_range(node.type)[1] if node.type is not None else start + len("except")
    header = "except:" if node.type is None else f"except {ast.unparse(node.type)}"
    issues = set()
    if node.type is None:
        issues.add(BARE)
    elif _is_broad(node.type) and not _reraises(node.body) and not _reports(node):
        issues.add(BROAD)
    if all(_is_noop(stmt) for stmt in node.body):
        issues.add(SWALLOWED)
    return HandlerRecord(
        start, end, header, frozenset(issues), _idiom(node, ctx), node.lineno, parsed.path
    )


def _idiom(node: ast.ExceptHandler, ctx: _Context) -> str | None:
    names = _type_names(node.type)
    if names and names <= _IMPORT_ERRORS:
        return "optional import"
    if ctx.function in _CLEANUP:
        return "best-effort cleanup"
    if ctx.in_loop and names and not names & _BROAD_NAMES:
        return "retry or skip in a loop"
    try_node = ctx.try_node
    if try_node is not None and names and names <= _CONSOLE_ERRORS | _IMPORT_ERRORS:
        calls = [n for s in try_node.body for n in ast.walk(s) if isinstance(n, ast.Call)]
        if calls and all(_call_name(c) in _CONSOLE_CALLS for c in calls):
            return "guarded console write"
    return None


def _type_names(expr: ast.expr | None) -> frozenset[str]:
    if expr is None:
        return frozenset()
    exprs = expr.elts if isinstance(expr, ast.Tuple) else [expr]
    return frozenset(name for e in exprs if (name := _terminal(e)) is not None)


def _is_broad(expr: ast.expr) -> bool:
    return bool(_type_names(expr) & _BROAD_NAMES)


def _terminal(expr: ast.AST) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def _call_name(call: ast.Call) -> str | None:
    return _terminal(call.func)


def _reraises(body: list[ast.stmt]) -> bool:
    return any(isinstance(node, ast.Raise) for node in _same_scope(body))


def _reports(node: ast.ExceptHandler) -> bool:
    """The handler reports what it caught: uses the exception or calls a reporting function."""
    for child in _same_scope(node.body):
        if node.name and isinstance(child, ast.Name) and child.id == node.name:
            return True
        if isinstance(child, ast.Call) and _call_name(child) in _REPORTING:
            return True
    return False


def _same_scope(body: list[ast.stmt]) -> Iterator[ast.AST]:
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _is_noop(stmt: ast.stmt) -> bool:
    if isinstance(stmt, (ast.Pass, ast.Continue)):
        return True
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


def _is_log_call(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in _LOG_METHODS:
        return False
    receiver = (_terminal(func.value) or "").lstrip("_").lower()
    return receiver in _LOGGER_NAMES or receiver.endswith("logger")


def _main_guard_nodes(tree: ast.Module) -> set[int]:
    """ids of every node inside an ``if __name__ == "__main__":`` block."""
    ids: set[int] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.If) and _is_main_test(stmt.test):
            for child in stmt.body:
                ids.update(id(node) for node in ast.walk(child))
    return ids


def _is_main_test(test: ast.expr) -> bool:
    if not (isinstance(test, ast.Compare) and len(test.comparators) == 1):
        return False
    sides = [test.left, test.comparators[0]]
    names = {s.id for s in sides if isinstance(s, ast.Name)}
    values = {s.value for s in sides if isinstance(s, ast.Constant)}
    return names == {"__name__"} and values == {"__main__"}


def _handler_finding(handler: HandlerRecord, issues: list[str], tally: Tally) -> Finding:
    what = " and ".join(_ISSUE_TEXT[i] for i in issues)
    total = tally.total
    plural = "s" if total != 1 else ""
    message = (
        f"'{handler.header}' {what}; the human code of {tally.where} never does that "
        f"(0 of {total} exception handler{plural})"
    )
    evidence = {
        "issues": issues,
        "human_handlers": total,
        "human_matching": 0,
        "scope": tally.scope,
    }
    return Finding(ERROR_HANDLING, handler.start, handler.end, message, evidence)


def _print_finding(start: int, end: int, logs: int) -> Finding:
    message = (
        f"print() call; the human code of this module logs instead "
        f"({logs} logging call{'s' if logs != 1 else ''}, 0 print calls)"
    )
    evidence = {"issues": ["print"], "human_log_calls": logs, "human_prints": 0}
    return Finding(ERROR_HANDLING, start, end, message, evidence)


ERROR_DETECTOR = Detector(
    ERROR_HANDLING, learn_errors, check_errors, describe_errors, lambda th: th.errors
)
