"""Error-handling conventions: bare/broad/swallowing handlers and print-vs-logging.

A handler is judged only against a convention: at least ``errors_min_handlers`` human
handlers in the module (or, when the module has too few, in the module and its sibling
modules), none of which does what the region's handler does. Well-known idioms are never
divergence: optional imports (``except ImportError: pass``), best-effort cleanup in
``close``/``__del__``/``__exit__``-like methods, and guarded console writes.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from .model import ERROR_HANDLING, Finding, Tally
from .settings import Thresholds
from .source import ParsedSource, Span, count_in, ensure_parsed, in_any, normalize_spans

BARE, BROAD, SWALLOWED = "bare", "broad", "swallowed"
ISSUES = (BARE, BROAD, SWALLOWED)
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
    """One ``except`` clause: ``start``/``end`` cover ``except <type>``.

    ``idiom`` names the well-known pattern it follows (never flagged), if any.
    """

    start: int
    end: int
    header: str
    issues: frozenset[str]
    idiom: str | None = None


@dataclass(frozen=True)
class ErrorConvention:
    """Exception handlers, print calls and logging calls of a file, by position, plus the
    handlers of sibling modules (``siblings``) for modules with too few of their own."""

    handlers: tuple[HandlerRecord, ...]
    prints: tuple[Span, ...]
    log_calls: tuple[int, ...]
    spans: tuple[Span, ...]
    siblings: tuple[ParsedSource, ...] = ()
    _sibling_handlers: list[tuple[HandlerRecord, ...]] = field(
        default_factory=list, compare=False, repr=False
    )

    def sibling_handlers(self) -> tuple[HandlerRecord, ...]:
        """Handlers of the sibling modules (inventoried once, only when needed)."""
        if not self._sibling_handlers:
            found = tuple(h for s in self.siblings for h in s.derived("errors", _inventory)[0])
            self._sibling_handlers.append(found)
        return self._sibling_handlers[0]

    def human_handlers(self) -> list[HandlerRecord]:
        """Handlers outside the AI spans."""
        return [h for h in self.handlers if not in_any(h.start, self.spans)]

    def human_count(self, positions: Sequence[int]) -> int:
        """How many of the sorted ``positions`` lie outside the AI spans."""
        return len(positions) - sum(count_in(positions, span) for span in self.spans)


def learn_errors(
    source: str | ParsedSource,
    ai_spans: Iterable[Sequence[int]],
    siblings: Iterable[str | ParsedSource] = (),
) -> ErrorConvention:
    """Inventory handlers, prints (outside ``__main__`` guards) and logging calls."""
    parsed = ensure_parsed(source)
    handlers, prints, logs = parsed.derived("errors", _inventory)
    return ErrorConvention(
        handlers=tuple(sorted(handlers, key=lambda h: h.start)),
        prints=tuple(sorted(prints)),
        log_calls=tuple(sorted(logs)),
        spans=normalize_spans(ai_spans),
        siblings=tuple(ensure_parsed(s) for s in siblings),
    )


def _inventory(parsed: ParsedSource) -> tuple[list[HandlerRecord], list[Span], list[int]]:
    handlers, prints, logs = [], [], []
    guarded = _main_guard_nodes(parsed.tree)
    for node, ctx in _walk(parsed.tree):
        if isinstance(node, ast.ExceptHandler):
            handlers.append(_handler(parsed, node, ctx))
        elif isinstance(node, ast.Call) and id(node) not in guarded:
            if isinstance(node.func, ast.Name) and node.func.id == "print":
                prints.append(parsed.node_range(node.func))
            elif _is_log_call(node):
                logs.append(parsed.node_range(node)[0])
    return handlers, prints, logs


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


def check_errors(
    conv: ErrorConvention, region: Span, th: Thresholds | None = None
) -> list[Finding]:
    """Region handlers/prints doing what the human code of the module never does."""
    th = th or Thresholds()
    findings: list[Finding] = []
    mine = [h for h in _in_region(conv.handlers, region) if h.issues and h.idiom is None]
    if mine:
        human = conv.human_handlers()
        tally = Tally(0, len(human), "module")
        if len(human) < th.errors_min_handlers:
            human = human + list(conv.sibling_handlers())
            tally = Tally(0, len(human), "package")
        if len(human) >= th.errors_min_handlers:
            used = {issue: sum(issue in h.issues for h in human) for issue in ISSUES}
            for handler in mine:
                issues = [i for i in ISSUES if i in handler.issues and not used[i]]
                if issues:
                    findings.append(_handler_finding(handler, issues, tally))
    human_prints = conv.human_count([start for start, _ in conv.prints])
    human_logs = conv.human_count(conv.log_calls)
    if human_prints == 0 and human_logs >= th.errors_min_log_calls:
        for start, end in _in_region(conv.prints, region):
            findings.append(_print_finding(start, end, human_logs))
    return findings


def _in_region(items, region: Span) -> list:
    """Items (sorted by start) whose start lies in ``region``, by bisection."""
    starts = [item[0] if isinstance(item, tuple) else item.start for item in items]
    return list(items[bisect_left(starts, region[0]) : bisect_left(starts, region[1])])


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
    return HandlerRecord(start, end, header, frozenset(issues), _idiom(node, ctx))


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
