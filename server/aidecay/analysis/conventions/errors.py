"""Error-handling conventions: bare/broad/swallowing handlers and print-vs-logging."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..spans import in_any_indexed, per_object, starting_in
from .model import ERROR_HANDLING, Finding
from .settings import Thresholds
from .source import ParsedSource, Span, ensure_parsed, in_span, normalize_spans

BARE, BROAD, SWALLOWED = "bare", "broad", "swallowed"
_ISSUE_TEXT = MappingProxyType(
    {
        BARE: "is bare (catches everything, even KeyboardInterrupt)",
        BROAD: "catches Exception without re-raising",
        SWALLOWED: "silently swallows the exception",
    }
)
_BROAD_NAMES = frozenset({"Exception", "BaseException"})
_LOG_METHODS = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
    }
)
_LOGGER_NAMES = frozenset({"logging", "logger", "log", "structlog", "loguru"})


@dataclass(frozen=True)
class HandlerRecord:
    """One ``except`` clause: ``start``/``end`` cover ``except <type>``."""

    start: int
    end: int
    header: str
    issues: frozenset[str]


@dataclass(frozen=True)
class ErrorConvention:
    """Exception handlers, print calls and logging calls of a file, by position."""

    handlers: tuple[HandlerRecord, ...]
    prints: tuple[Span, ...]
    log_calls: tuple[int, ...]
    spans: tuple[Span, ...]

    def human_handlers(self) -> list[HandlerRecord]:
        """Handlers outside the AI spans."""
        return [h for h in self.handlers if not in_any_indexed(h.start, self.spans)]

    def human_count(self, positions: Iterable[int]) -> int:
        """How many of ``positions`` lie outside the AI spans."""
        return sum(not in_any_indexed(p, self.spans) for p in positions)


def learn_errors(source: str | ParsedSource, ai_spans: Iterable[Sequence[int]]) -> ErrorConvention:
    """Inventory handlers, prints (outside ``__main__`` guards) and logging calls."""
    parsed = ensure_parsed(source)
    handlers, prints, logs = [], [], []
    guarded = _main_guard_nodes(parsed.tree)
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.ExceptHandler):
            handlers.append(_handler(parsed, node))
        elif isinstance(node, ast.Call) and id(node) not in guarded:
            if isinstance(node.func, ast.Name) and node.func.id == "print":
                prints.append(parsed.node_range(node.func))
            elif _is_log_call(node):
                logs.append(parsed.node_range(node)[0])
    return ErrorConvention(
        handlers=tuple(sorted(handlers, key=lambda h: h.start)),
        prints=tuple(sorted(prints)),
        log_calls=tuple(sorted(logs)),
        spans=normalize_spans(ai_spans),
    )


def check_errors(
    conv: ErrorConvention, region: Span, th: Thresholds | None = None
) -> list[Finding]:
    """Region handlers/prints doing what the human code of the module never does."""
    th = th or Thresholds()
    human = _human_handlers(conv)
    findings: list[Finding] = []
    if len(human) >= th.errors_min_handlers:
        used = _used_issues(conv)
        for handler in starting_in(conv.handlers, region):
            issues = [i for i in _ISSUE_TEXT if i in handler.issues and not used[i]]
            if in_span(handler.start, region) and issues:
                findings.append(_handler_finding(handler, issues, len(human)))
    human_prints, human_logs = _human_output(conv)
    if human_prints == 0 and human_logs >= th.errors_min_log_calls:
        for start, end in starting_in(conv.prints, region):
            if in_span(start, region):
                findings.append(_print_finding(start, end, human_logs))
    return findings


@per_object
def _human_handlers(conv: ErrorConvention) -> list[HandlerRecord]:
    return conv.human_handlers()


@per_object
def _used_issues(conv: ErrorConvention) -> dict[str, int]:
    human = _human_handlers(conv)
    return {issue: sum(issue in h.issues for h in human) for issue in _ISSUE_TEXT}


@per_object
def _human_output(conv: ErrorConvention) -> tuple[int, int]:
    """Prints and logging calls outside the AI spans."""
    return conv.human_count(start for start, _ in conv.prints), conv.human_count(conv.log_calls)


def _handler(parsed: ParsedSource, node: ast.ExceptHandler) -> HandlerRecord:
    start = parsed.node_range(node)[0]
    end = parsed.node_range(node.type)[1] if node.type is not None else start + len("except")
    header = "except:" if node.type is None else f"except {ast.unparse(node.type)}"
    issues = set()
    if node.type is None:
        issues.add(BARE)
    elif _is_broad(node.type) and not _reraises(node.body):
        issues.add(BROAD)
    if all(_is_noop(stmt) for stmt in node.body):
        issues.add(SWALLOWED)
    return HandlerRecord(start, end, header, frozenset(issues))


def _is_broad(expr: ast.expr) -> bool:
    exprs = expr.elts if isinstance(expr, ast.Tuple) else [expr]
    return any(_terminal(e) in _BROAD_NAMES for e in exprs)


def _terminal(expr: ast.AST) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def _reraises(body: list[ast.stmt]) -> bool:
    return any(isinstance(node, ast.Raise) for node in _same_scope(body))


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


def _handler_finding(handler: HandlerRecord, issues: list[str], total: int) -> Finding:
    what = " and ".join(_ISSUE_TEXT[i] for i in issues)
    plural = "s" if total != 1 else ""
    message = (
        f"'{handler.header}' {what}; the human code of this module never does that "
        f"(0 of {total} exception handler{plural})"
    )
    evidence = {"issues": issues, "human_handlers": total, "human_matching": 0}
    return Finding(ERROR_HANDLING, handler.start, handler.end, message, evidence)


def _print_finding(start: int, end: int, logs: int) -> Finding:
    message = (
        f"print() call; the human code of this module logs instead "
        f"({logs} logging call{'s' if logs != 1 else ''}, 0 print calls)"
    )
    evidence = {"issues": ["print"], "human_log_calls": logs, "human_prints": 0}
    return Finding(ERROR_HANDLING, start, end, message, evidence)
