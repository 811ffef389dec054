"""duplicate-helper: a function of an AI region is a near-miss clone of one the workspace
(or the same file) already has.

Clones are found by similarity of normalised token shingles (renamed identifiers, a statement
added or removed, reordered statements still match), never by name. Not duplicates, however
similar: dunders and tests, a function and the wrapper that calls it, definitions of the same
name in one file or in sibling modules (conditional or per-platform implementations of one
interface), overrides of one method in related classes, and families of variants in one file
whose names share a stem (``visit_List``/``visit_Tuple``, ``align_top``/``align_bottom``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aidecay.analysis.rules.model import DecayFinding, RegionState, Related

from ..index.definitions import IndexedDef, extract_defs, is_dunder, is_test_file, is_test_name
from ..index.fingerprint import Features, features_of_source
from ..index.similarity import shingle_count, shingle_set, similarity, size_compatible
from ..index.workspace import SimilarDef, WorkspaceIndex
from ..units import CodeUnit

DUPLICATE = "duplicate-helper"

#: (kind, text, compute) -> cached value; the engine's ``MetricsCache.get_or_compute``.
Cache = Callable[[str, str, Callable[[], object]], object]
RELATED_SHOWN = 5


def percent(score: float) -> int:
    """Similarity as a whole percentage, rounded down (never 100 unless identical)."""
    return min(100, int(score * 100 + 1e-9))


def is_excused(query: IndexedDef, other: IndexedDef, root: Path | None) -> bool:
    """Pairs that look alike by design and are never reported."""
    if is_dunder(query.name) or is_dunder(other.name):
        return True
    if is_test_name(query.name.lstrip("_")) or is_test_name(other.name.lstrip("_")):
        return True
    relative = other.path if root is None else _relative(other.path, root)
    if is_test_file(Path(relative)):
        return True
    if query.features is not None and other.name in query.features.calls:
        return True  # a wrapper and what it wraps
    if other.features is not None and query.name in other.features.calls:
        return True
    if query.path == other.path and _family(query.name, other.name):
        return True  # visit_List / visit_Tuple, align_top / align_bottom: variants by design
    if query.name.lstrip("_") == other.name.lstrip("_"):
        if query.path.parent == other.path.parent:
            return True  # same file or sibling modules: one interface, several versions
        if query.kind == other.kind == "method" and _related(query, other):
            return True
    return False


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in spaced.lower().split("_") if w]


def _family(a: str, b: str) -> bool:
    """Names of one family: a shared first or last word, or one extends the other."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if wa[0] == wb[0] or wa[-1] == wb[-1]:
        return True
    ja, jb = "".join(wa), "".join(wb)
    return min(len(ja), len(jb)) >= 4 and (ja.startswith(jb) or jb.startswith(ja))


def _related(a: IndexedDef, b: IndexedDef) -> bool:
    """Classes where one inherits from the other or both share a base."""
    return (
        (a.class_name is not None and a.class_name in b.class_bases)
        or (b.class_name is not None and b.class_name in a.class_bases)
        or bool(set(a.class_bases) & set(b.class_bases) - {"object"})
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class FileDefs:
    """The analysed file's own definitions (extracted once per text), by qualname, and the
    clone candidates among them."""

    text: str
    path: str | None
    file_path: Path
    defs: list[IndexedDef]
    by_qualname: dict[str, list[IndexedDef]]
    candidates: list[IndexedDef]


def file_defs(text: str, path: str | None) -> FileDefs:
    """The definitions of the document ``text`` at ``path``."""
    file_path = Path(path).resolve() if path else Path("<unsaved>")
    defs = extract_defs(text, file_path)
    by_qualname: dict[str, list[IndexedDef]] = {}
    for item in defs:
        by_qualname.setdefault(item.qualname, []).append(item)
    candidates = [d for d in defs if d.features is not None and d.features.candidate]
    return FileDefs(text, path, file_path, defs, by_qualname, candidates)


def _live_def(file: FileDefs, unit: CodeUnit) -> IndexedDef | None:
    for item in file.by_qualname.get(unit.qualname, ()):
        if item.start_line <= unit.end_line and unit.start_line <= item.end_line:
            return item
    return None


def _same_file(query: IndexedDef, file: FileDefs, threshold: float) -> list[SimilarDef]:
    features = query.features
    if features is None or not features.candidate:
        return []
    shingles = shingle_set(features)
    size = len(shingles)
    found = []
    for other in file.candidates:
        if other is query:
            continue
        if other.start_line <= query.end_line and query.start_line <= other.end_line:
            continue
        if other.features.fingerprint == features.fingerprint:
            score = 1.0
        elif size_compatible(size, shingle_count(other.features), threshold):
            score = similarity(shingles, other.features)
        else:
            continue  # too different in size to reach the threshold
        if score >= threshold and not is_excused(query, other, None):
            found.append(SimilarDef(other, score))
    return found


def find(
    text: str,
    file: FileDefs,
    region: RegionState,
    units: list[CodeUnit],
    index: WorkspaceIndex | None,
    threshold: float,
    cache: Cache,
) -> list[DecayFinding]:
    """duplicate-helper findings for the top-level functions and methods starting inside
    ``region`` of the document ``text`` (whose definitions are ``file``)."""
    file_path = file.file_path
    root = index.root if index is not None else file_path.parent
    found = []
    for unit in units:
        if unit.kind == "class" or not (region.start <= unit.start < region.end):
            continue
        if unit.depth > 1 or (unit.depth == 1 and unit.kind != "method"):
            continue
        query = _live_def(file, unit)
        if query is None or query.features is None:
            code = unit.text(text)
            features: Features | None = cache(
                "index-features", code, lambda c=code, n=unit.name: features_of_source(c, n)
            )
            if features is None:
                continue
            query = IndexedDef(
                unit.name, unit.qualname, file_path, unit.start_line, unit.end_line, features,
                "method" if unit.kind == "method" else "function", unit.parent,
            )  # fmt: skip
        if query.features is None or not query.features.candidate:
            continue
        matches = _same_file(query, file, threshold)
        if index is not None:
            matches += index.similar(
                query.features,
                threshold,
                exclude_path=file_path,
                accept=lambda other, q=query: not is_excused(q, other, root),
            )
        if not matches:
            continue
        matches.sort(key=lambda m: (-m.similarity, m.item.path != file_path, m.item.start_line))
        found.append(_finding(text, region, unit, matches, root))
    return found


def _finding(
    text: str, region: RegionState, unit: CodeUnit, matches: list[SimilarDef], root: Path
) -> DecayFinding:
    best = matches[0]
    where = _relative(best.item.path, root)
    share = percent(best.similarity)
    message = (
        f"'{unit.qualname}' is {share} % similar to '{best.item.qualname}'"
        f" ({where}:{best.item.start_line + 1})"
    )
    if len(matches) > 1:
        message += f"; {len(matches) - 1} more similar helper(s) in the workspace"
    related = tuple(
        Related(
            str(m.item.path), m.item.start_line, m.item.end_line,
            f"existing helper '{m.item.qualname}' ({percent(m.similarity)} % similar)",
        )
        for m in matches[:RELATED_SHOWN]
    )  # fmt: skip
    evidence = {
        "function": unit.qualname,
        "existing": best.item.qualname,
        "path": where,
        "line": best.item.start_line + 1,
        "similarity": round(best.similarity, 3),
    }
    start, end = body_span(text, unit, region)
    return DecayFinding(region.id, DUPLICATE, start, end, message, evidence, related)


def def_line(text: str, unit: CodeUnit, region: RegionState) -> tuple[int, int]:
    """The ``def`` line of ``unit`` (past its decorators), clipped to the region."""
    keyword = text.find("def ", unit.start, unit.end)
    start = keyword if keyword >= 0 else unit.start
    start = max(start, region.start)
    if start >= region.end:
        start = region.start
    end = text.find("\n", start, region.end)
    return start, region.end if end < 0 else end


def body_span(text: str, unit: CodeUnit, region: RegionState) -> tuple[int, int]:
    """The body of ``unit`` (after the ``:`` that ends its signature), clipped to the region:
    what a duplicate repeats. The ``def`` line when the body is not inside the region."""
    keyword = text.find("def ", unit.start, unit.end)
    depth, colon = 0, -1
    for i in range(max(keyword, unit.start), unit.end):
        char = text[i]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == ":" and depth == 0:
            colon = i
            break
    start = colon + 1
    while start < unit.end and text[start].isspace():
        start += 1
    start, end = max(start, region.start), min(unit.end, region.end)
    while end > start and text[end - 1].isspace():
        end -= 1
    if colon < 0 or end <= start:
        return def_line(text, unit, region)
    return start, end
