"""Tests for aidecay.analysis.index.fingerprint (normalised AST fingerprints)."""

from __future__ import annotations

import ast
import keyword

from hypothesis import given, settings
from hypothesis import strategies as st

from aidecay.analysis.index.fingerprint import fingerprint_function, fingerprint_source

ORIGINAL = '''
def chunk_records(records: list[dict], size: int = 100) -> list[list[dict]]:
    """Split records into batches of at most ``size`` items, skipping empty ones."""
    batches = []
    current = []
    for record in records:
        if not record:
            continue
        current.append(record)
        if len(current) >= size:
            batches.append(current)
            current = []
    if current:
        batches.append(current)
    return batches
'''

# What an assistant typically produces when it re-implements the helper elsewhere.
RENAMED_COPY = """
    def _batch_rows(self, rows, batch_size=50):
        # group rows for the bulk insert
        out = []
        buf = []
        for row in rows:
            if not row:
                continue
            buf.append(row)
            if len(buf) >= batch_size:
                out.append(buf)
                buf = []
        if buf:
            out.append(buf)
        return out
"""


def test_renamed_copy_has_same_fingerprint() -> None:
    original = fingerprint_source(ORIGINAL)
    assert original is not None
    assert fingerprint_source(RENAMED_COPY) == original


def test_different_logic_has_different_fingerprint() -> None:
    original = fingerprint_source(ORIGINAL)
    variants = [
        ORIGINAL.replace(">= size", "> size"),  # off-by-one change
        ORIGINAL.replace("        if not record:\n            continue\n", ""),  # keeps empties
        ORIGINAL.replace("len(current)", "sum(map(len, current))"),  # other API
        ORIGINAL.replace("    if current:\n        batches.append(current)\n", ""),  # drops tail
        ORIGINAL.replace(
            "batches.append(current)\n            current = []",
            "batches.append(current)\n            current.clear()",
        ),
    ]
    fingerprints = {fingerprint_source(v) for v in variants}
    assert None not in fingerprints
    assert original not in fingerprints
    assert len(fingerprints) == len(variants)


def test_global_and_attribute_names_are_kept() -> None:
    json_version = """
def load_settings(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    data.setdefault("debug", False)
    data.setdefault("workers", os.cpu_count())
    return data
"""
    yaml_version = json_version.replace("json.load", "yaml.safe_load")
    renamed = json_version.replace("path", "p").replace("data", "cfg").replace("handle", "f")
    assert fingerprint_source(json_version) == fingerprint_source(renamed)
    assert fingerprint_source(json_version) != fingerprint_source(yaml_version)


def test_trivial_bodies_have_no_fingerprint() -> None:
    trivial = [
        "def f(x):\n    return x\n",
        "def f():\n    pass\n",
        'def f(self):\n    """Docs only."""\n',
        "def f(self):\n    return self._value\n",
        "def f(self, value):\n    self._value = value\n    return self\n",
        "def f():\n    raise NotImplementedError\n",
    ]
    assert [fingerprint_source(code) for code in trivial] == [None] * len(trivial)


def test_method_using_self_differs_from_function() -> None:
    uses_self = RENAMED_COPY.replace("if not row:", "if not row or self.skip(row):")
    assert fingerprint_source(uses_self) not in (None, fingerprint_source(ORIGINAL))


def test_recursive_function_renamed() -> None:
    a = """
def flatten(items):
    result = []
    for item in items:
        if isinstance(item, (list, tuple)):
            result.extend(flatten(item))
        else:
            result.append(item)
    return result
"""
    b = a.replace("flatten", "deep_flatten").replace("result", "acc").replace("item", "x")
    assert fingerprint_source(a) == fingerprint_source(b) is not None


def test_async_and_sync_differ_and_source_is_not_mutated() -> None:
    tree = ast.parse(ORIGINAL)
    func = tree.body[0]
    before = ast.dump(tree, include_attributes=True)
    fp = fingerprint_function(func)
    assert ast.dump(tree, include_attributes=True) == before
    async_version = ORIGINAL.replace("def chunk_records", "async def chunk_records")
    assert fingerprint_source(async_version) not in (None, fp)


def test_unparseable_or_missing_function() -> None:
    assert fingerprint_source("def broken(:\n    pass\n") is None
    assert fingerprint_source("x = 1\n") is None
    assert fingerprint_source(ORIGINAL, name="other") is None


_IDENT = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda s: not keyword.iskeyword(s) and s not in {"len", "self", "sum", "map"}
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_IDENT, min_size=5, max_size=5, unique=True))
def test_property_consistent_local_renaming_keeps_fingerprint(names: list[str]) -> None:
    mapping = dict(zip(["records", "size", "batches", "current", "record"], names, strict=True))
    tree = ast.parse(ORIGINAL)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in mapping:
            node.id = mapping[node.id]
        elif isinstance(node, ast.arg) and node.arg in mapping:
            node.arg = mapping[node.arg]
    assert fingerprint_function(tree.body[0]) == fingerprint_source(ORIGINAL)


def test_every_node_shape_of_the_grammar_is_walked() -> None:
    """match statements (MatchSingleton holds a bool), f-strings, walrus, star-args..."""
    code = """
def dispatch(command, *args, verbose=False, **options):
    match command:
        case True | False | None:
            result = {"flag": command}
        case [first, *rest] if (n := len(rest)) > 1:
            result = {"first": first, "rest": rest, "n": n}
        case {"name": str(name), **extra}:
            result = {f"{name!r:>10}": extra}
        case Point(x=0, y=yy) as point:
            result = {"point": point, "y": yy}
        case _:
            result = None
    async def later():
        async with lock:
            return [x async for x in stream()]
    global counter
    counter += 1
    return result, lambda *a, **k: (a, k), later
"""
    from aidecay.analysis.index.fingerprint import features_of_source

    features = features_of_source(code)
    assert features is not None and features.candidate
    assert features.calls == ("len", "stream")  # class patterns are not calls
