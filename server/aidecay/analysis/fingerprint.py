"""Structural fingerprints of function bodies, for finding re-implemented helpers.

Two functions get the same fingerprint when their bodies differ only in: the function
name, names of arguments and local variables (renamed to positional placeholders in order
of first appearance; recursive calls to the function itself are normalised too),
docstrings, comments/formatting, annotations, decorators of the function itself, and the
values of constants (each constant is reduced to its type).  Globals, attributes, imported names and
keyword-argument names are kept, because they say *what* the code does.  A leading
``self``/``cls`` argument that the body never uses is dropped.
"""

from __future__ import annotations

import ast
import hashlib

from .metrics import dedent_code

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

# Nodes whose ``name`` attribute binds a local name.
_NAMED_BINDERS = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.ExceptHandler,
    ast.MatchAs,
    ast.MatchStar,
)
MIN_STATEMENTS = 3
MIN_NODES = 20


def _docstring_free(body: list[ast.stmt]) -> list[ast.stmt]:
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        return body[1:]
    return body


def _local_names(func: FunctionNode) -> set[str]:
    """Names bound inside ``func`` (args, assignments, loop/with/except targets, nested defs),
    minus names declared ``global``/``nonlocal`` and names bound by imports."""
    bound: set[str] = set()
    declared: set[str] = set()
    for node in ast.walk(func):
        if isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            declared.update(node.names)
        elif isinstance(node, _NAMED_BINDERS) and node is not func and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
    return bound - declared


class _Normalizer(ast.NodeTransformer):
    def __init__(self, local_names: set[str], own_name: str) -> None:
        self._locals = local_names | {own_name}
        # Recursive calls refer to the function itself, whatever it is called.
        self._placeholders: dict[str, str] = {own_name: "_self"}

    def _rename(self, name: str) -> str:
        if name not in self._locals:
            return name
        return self._placeholders.setdefault(name, f"_v{len(self._placeholders)}")

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(id=self._rename(node.id), ctx=node.ctx)

    def visit_arg(self, node: ast.arg) -> ast.AST:
        return ast.arg(arg=self._rename(node.arg), annotation=None)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant(value=type(node.value).__name__)

    def _visit_function(self, node: FunctionNode) -> ast.AST:
        node.name = self._rename(node.name)
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.returns = None
        node.args = self.visit(node.args)
        node.body = [self.visit(s) for s in _docstring_free(node.body)] or [ast.Pass()]
        return node

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        node.name = self._rename(node.name)
        node.body = _docstring_free(node.body) or [ast.Pass()]
        return self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is None:  # bare annotation: no behaviour
            return ast.Pass()
        return ast.Assign(targets=[self.visit(node.target)], value=self.visit(node.value))

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.AST:
        if node.name:
            node.name = self._rename(node.name)
        return self.generic_visit(node)

    def visit_MatchAs(self, node: ast.MatchAs) -> ast.AST:
        if node.name:
            node.name = self._rename(node.name)
        return self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> ast.AST:
        if node.name:
            node.name = self._rename(node.name)
        return node

    def visit_MatchMapping(self, node: ast.MatchMapping) -> ast.AST:
        if node.rest:
            node.rest = self._rename(node.rest)
        return self.generic_visit(node)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> ast.AST:
        return node


def _is_trivial(body: list[ast.stmt], min_statements: int, min_nodes: int) -> bool:
    statements = 0
    nodes = 0
    for stmt in body:
        for node in ast.walk(stmt):
            nodes += 1
            statements += isinstance(node, ast.stmt)
    return statements < min_statements or nodes < min_nodes


def fingerprint_function(
    func: FunctionNode, *, min_statements: int = MIN_STATEMENTS, min_nodes: int = MIN_NODES
) -> str | None:
    """Hex fingerprint of ``func``'s normalised body, or ``None`` if the body is trivially
    small (fewer than ``min_statements`` statements or ``min_nodes`` AST nodes, docstring
    excluded).  ``func`` is not modified."""
    body = _docstring_free(func.body)
    if _is_trivial(body, min_statements, min_nodes):
        return None
    try:
        normalizer = _Normalizer(_local_names(func), func.name)
        args = normalizer.visit(_without_unused_self(_copy(func.args), body))
        stmts = [normalizer.visit(_copy(stmt)) for stmt in body]
        dump = ast.dump(
            ast.Module(body=[ast.Expr(args), *stmts], type_ignores=[]), annotate_fields=False
        )
    except (RecursionError, MemoryError, ValueError):
        return None
    kind = "async" if isinstance(func, ast.AsyncFunctionDef) else "def"
    return hashlib.blake2b(f"{kind}:{dump}".encode(), digest_size=12).hexdigest()


def _without_unused_self(args: ast.arguments, body: list[ast.stmt]) -> ast.arguments:
    """Drop a leading ``self``/``cls`` the body never uses, so a method that does not touch
    its instance fingerprints like the equivalent module-level function."""
    positional = [*args.posonlyargs, *args.args]
    if not positional or positional[0].arg not in ("self", "cls"):
        return args
    first = positional[0].arg
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and node.id == first:
                return args
    if args.posonlyargs:
        args.posonlyargs = args.posonlyargs[1:]
    else:
        args.args = args.args[1:]
    return args


def _copy(node: ast.AST) -> ast.AST:
    """Deep copy via the parser-independent route (faster and shallower than copy.deepcopy)."""
    return _CopyTransformer().visit(node)


class _CopyTransformer(ast.NodeTransformer):
    def generic_visit(self, node: ast.AST) -> ast.AST:
        new = type(node)()
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                setattr(new, name, [self.visit(v) if isinstance(v, ast.AST) else v for v in value])
            elif isinstance(value, ast.AST):
                setattr(new, name, self.visit(value))
            else:
                setattr(new, name, value)
        return new


def fingerprint_source(code: str, name: str | None = None, **kwargs: int) -> str | None:
    """Fingerprint of the first function (or the one called ``name``) defined at the top of
    ``code``; ``code`` may be indented (it is dedented).  ``None`` if it does not parse."""
    try:
        tree = ast.parse(dedent_code(code))
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    for node in tree.body:
        if isinstance(node, FunctionNode) and (name is None or node.name == name):
            return fingerprint_function(node, **kwargs)
    return None
