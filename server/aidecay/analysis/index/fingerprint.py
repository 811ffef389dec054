"""Features of one function body, computed in a single walk over its AST.

The walk turns the body into a stream of normalised tokens: node kinds in pre-order, with

* variable names replaced by ``V`` (locals, the function's own name, and lower-case globals
  used as values; builtins, names the body calls and capitalised globals -- classes and
  constants -- are kept),
* constants reduced to their type,
* docstrings, comments, formatting, annotations and the function's decorators left out,

while attributes, keyword names and called names are kept, because they say *what*
the code does. From the stream come an exact fingerprint (two bodies that differ only in the
things above share it) and the k-token shingles that near-miss clone search compares.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import zlib
from array import array
from dataclasses import dataclass
from functools import cache, lru_cache

from ..metrics import dedent_code

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

#: Shingle length in tokens and winnowing window (in shingles).
SHINGLE = 5
WINDOW = 4
#: Bodies smaller than this are not clone candidates (trivial getters, one-line wrappers).
MIN_STATEMENTS = 2
MIN_TOKENS = 30
MASK = 0xFFFFFFFF

_BUILTINS = frozenset(dir(builtins))
_SKIPPED_FIELDS = frozenset({"ctx", "annotation", "returns", "type_comment", "type_params"})
#: Fields that never hold child nodes (besides ``_SKIPPED_FIELDS``).
_SCALAR_FIELDS = frozenset(
    {"id", "attr", "arg", "name", "names", "kind", "level", "module", "conversion",
     "is_async", "simple", "kwd_attrs", "n", "s"}
)  # fmt: skip
_SPECIAL = (ast.AnnAssign, ast.Attribute, ast.Call, ast.keyword, ast.arg, ast.Global,
            ast.Nonlocal)  # fmt: skip
_NAMED_BINDERS = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.ExceptHandler,
    ast.MatchAs,
    ast.MatchStar,
)


@dataclass(frozen=True, slots=True)
class Features:
    """What the index keeps of one function body."""

    fingerprint: str
    #: Sorted distinct shingle hashes (``array('I')`` bytes) and the winnowed subset of them.
    shingles: bytes
    marks: bytes
    tokens: int
    statements: int
    #: Names the body calls (``f(...)`` and ``x.f(...)``, sorted), to tell wrappers from
    #: clones. Shingles, marks and calls are left empty for bodies too small to compare.
    calls: tuple[str, ...]

    @property
    def candidate(self) -> bool:
        """Big enough to be compared at all."""
        return self.statements >= MIN_STATEMENTS and self.tokens >= MIN_TOKENS


@lru_cache(maxsize=65536)
def _token_id(token: str) -> int:
    return zlib.crc32(token.encode("utf-8", "surrogatepass"))


@cache
def _shape(kind: type) -> tuple[str, tuple[str, ...], bool, bool] | None:
    """Token, child fields in reverse order, whether a statement, whether handled apart;
    None for values that are not nodes."""
    if not issubclass(kind, ast.AST):
        return None
    fields = tuple(
        f for f in reversed(kind._fields) if f not in _SKIPPED_FIELDS and f not in _SCALAR_FIELDS
    )
    special = issubclass(kind, _SPECIAL) or issubclass(kind, _NAMED_BINDERS)
    return kind.__name__, fields, issubclass(kind, ast.stmt), special


def _docstring_free(body: list[ast.stmt]) -> list[ast.stmt]:
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        return body[1:]
    return body


def _tokens(func: FunctionNode) -> tuple[list[str], int, set[str]]:
    """Normalised tokens of ``func``'s parameters and body, its statement count and the names
    it calls. One pre-order walk; local names are replaced afterwards."""
    out: list[str] = ["async" if isinstance(func, ast.AsyncFunctionDef) else "def"]
    names: list[int] = []  # positions of Name tokens in ``out``
    bound: set[str] = {func.name}
    declared: set[str] = set()
    calls: set[str] = set()
    statements = 0
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    skip_first = bool(positional) and positional[0].arg in ("self", "cls")
    for i, arg in enumerate((*positional, args.vararg, *args.kwonlyargs, args.kwarg)):
        if arg is not None:
            bound.add(arg.arg)
            if not (i == 0 and skip_first):  # a method clones a function just the same
                out.append("arg")
    stack: list = [*reversed(args.defaults), *reversed(_docstring_free(func.body))]
    stack.extend(reversed(args.kw_defaults))
    append, pop, push, extend = out.append, stack.pop, stack.append, stack.extend
    while stack:
        node = pop()
        kind = type(node)
        if kind is ast.Name:
            names.append(len(out))
            append(node.id)
            if type(node.ctx) is not ast.Load:
                bound.add(node.id)
            continue
        if kind is ast.Constant:
            append("c:" + type(node.value).__name__)
            continue
        shape = _shape(kind)
        if shape is None:  # MatchSingleton's bool
            continue
        label, fields, is_statement, special = shape
        if special:
            if kind is ast.AnnAssign:
                if node.value is None:  # a bare annotation does nothing
                    continue
                append(label)
            elif kind is ast.Attribute:
                append(label)
                append("." + node.attr)
            elif kind is ast.Call:
                append(label)
                callee = node.func
                if type(callee) is ast.Name:
                    calls.add(callee.id)
                elif type(callee) is ast.Attribute:
                    calls.add(callee.attr)
            elif kind is ast.keyword:
                append(f"{node.arg}=")
            elif kind is ast.arg:
                append(label)
                bound.add(node.arg)
            elif kind is ast.Global or kind is ast.Nonlocal:
                append(label)
                declared.update(node.names)
            else:
                append(label)
                if node.name:
                    bound.add(node.name)
        else:
            append(label)
        statements += is_statement
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                extend(reversed(value))
            elif value is not None:
                push(value)
    kept = (calls | _BUILTINS) - (bound - declared)
    local = bound - declared
    for position in names:
        name = out[position]
        if name not in kept and (name in local or not name[:1].isupper()):
            out[position] = "V"
    return out, statements, calls


def winnow(hashes: list[int], window: int = WINDOW) -> set[int]:
    """MOSS winnowing: the minimum of every ``window`` consecutive hashes."""
    if len(hashes) <= window or window == 1:
        return set(hashes)
    return set(map(min, *(hashes[i:] for i in range(window))))


def shingle_hashes(tokens: list[str], k: int = SHINGLE) -> list[int]:
    """32-bit hashes of every ``k`` consecutive tokens (stable across processes)."""
    ids = list(map(_token_id, tokens))
    if len(ids) < k:
        return [hash(tuple(ids)) & MASK] if ids else []
    return [hash(gram) & MASK for gram in zip(*(ids[i:] for i in range(k)))]


def features_of(func: FunctionNode) -> Features | None:
    """Features of ``func`` (not modified); None when the body cannot be walked."""
    try:
        tokens, statements, calls = _tokens(func)
    except (RecursionError, MemoryError, ValueError, AttributeError, TypeError):
        return None  # an AST shape this walk does not know: no features, never a crash
    digest = hashlib.blake2b("\x00".join(tokens).encode(), digest_size=12).hexdigest()
    if statements < MIN_STATEMENTS or len(tokens) < MIN_TOKENS:
        return Features(digest, b"", b"", len(tokens), statements, ())
    hashes = shingle_hashes(tokens)
    return Features(
        digest,
        array("I", sorted(set(hashes))).tobytes(),
        array("I", sorted(winnow(hashes))).tobytes(),
        len(tokens),
        statements,
        tuple(sorted(calls)),
    )


def fingerprint_function(func: FunctionNode) -> str | None:
    """Exact fingerprint of ``func``'s normalised body; None if it is not a clone candidate."""
    found = features_of(func)
    return found.fingerprint if found is not None and found.candidate else None


def features_of_source(code: str, name: str | None = None) -> Features | None:
    """Features of the first function (or the one called ``name``) defined at the top of
    ``code``; ``code`` may be indented. None if it does not parse."""
    try:
        tree = ast.parse(dedent_code(code))
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    for node in tree.body:
        if isinstance(node, FunctionNode) and (name is None or node.name == name):
            return features_of(node)
    return None


def fingerprint_source(code: str, name: str | None = None) -> str | None:
    """Exact fingerprint of a function given as source (see :func:`features_of_source`)."""
    found = features_of_source(code, name)
    return found.fingerprint if found is not None and found.candidate else None
