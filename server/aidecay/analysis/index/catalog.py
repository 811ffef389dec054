"""The indexed definitions, by file, with their exact fingerprints and winnowed marks in the
posting index, and the near-miss clone search over them. Not thread-safe: the
``WorkspaceIndex`` holds its lock around every call."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .definitions import IndexedDef
from .fingerprint import Features
from .similarity import (
    MAX_VERIFIED,
    PostingIndex,
    min_shared_marks,
    shingle_count,
    shingle_set,
    similarity,
    size_compatible,
)

#: Removed clone candidates whose postings are dropped (by a compaction) once this many
#: accumulate and they outnumber the live definitions.
DEAD_BEFORE_COMPACTION = 10_000


@dataclass(frozen=True)
class SimilarDef:
    """An indexed definition and how similar it is to the query (0..1)."""

    item: IndexedDef
    similarity: float


class Catalog:
    def __init__(self) -> None:
        self.files: dict[Path, tuple[int, ...]] = {}
        self._defs: dict[int, IndexedDef] = {}
        self._fingerprints: dict[str, list[int]] = {}
        self._postings = PostingIndex()
        self._next_id = 0
        self._dead = 0

    def __len__(self) -> int:
        return len(self._defs)

    def replace(self, path: Path, defs: list[IndexedDef]) -> None:
        """``path``'s definitions are now ``defs``."""
        self.remove(path)
        ids = []
        for item in defs:
            def_id = self._next_id
            self._next_id += 1
            ids.append(def_id)
            self._defs[def_id] = item
            features = item.features
            if features is None or not features.candidate:
                continue
            self._fingerprints.setdefault(features.fingerprint, []).append(def_id)
            self._postings.add(def_id, features.marks)
        self.files[path] = tuple(ids)

    def remove(self, path: Path) -> None:
        """Forget ``path``'s definitions (their postings go at the next compaction)."""
        for def_id in self.files.pop(path, ()):
            item = self._defs.pop(def_id)
            features = item.features
            if features is None or not features.candidate:
                continue
            self._dead += 1
            same = self._fingerprints.get(features.fingerprint)
            if same is not None:
                same.remove(def_id)
                if not same:
                    del self._fingerprints[features.fingerprint]
        if self._dead > DEAD_BEFORE_COMPACTION and self._dead > len(self._defs):
            self.compact()

    def compact(self) -> None:
        """Drop the postings of removed definitions (nothing to do when none was removed)."""
        if self._dead:
            self._postings.compact(self._defs.__contains__)
            self._dead = 0

    def definitions(self, path: Path | None = None) -> list[IndexedDef]:
        if path is not None:
            return [self._defs[i] for i in self.files.get(path, ())]
        return list(self._defs.values())

    def similar(
        self,
        features: Features,
        threshold: float,
        excluded: Path | None,
        accept: Callable[[IndexedDef], bool] | None,
    ) -> list[SimilarDef]:
        """Clone candidates at least ``threshold`` similar, most similar first, one per
        definition site (see ``WorkspaceIndex.similar``)."""
        query = shingle_set(features)
        size = len(query)
        marks = array("I", features.marks)
        found: list[SimilarDef] = []
        exact = set(self._fingerprints.get(features.fingerprint, ()))
        counts = self._postings.candidates(marks)
        needed = min_shared_marks(len(marks), threshold)
        ranked = [i for i, n in counts.most_common(MAX_VERIFIED) if n >= needed]
        for def_id in [*exact, *ranked]:
            item = self._defs.get(def_id)
            if item is None or item.features is None or item.path == excluded:
                continue
            other = item.features
            if def_id in exact:
                score = 1.0
            else:
                if not size_compatible(size, shingle_count(other), threshold):
                    continue
                score = similarity(query, other)
            if score >= threshold and (accept is None or accept(item)):
                found.append(SimilarDef(item, score))
                exact.discard(def_id)
        found.sort(key=lambda m: (-m.similarity, str(m.item.path), m.item.start_line))
        unique: dict[tuple[Path, int], SimilarDef] = {}
        for match in found:
            unique.setdefault((match.item.path, match.item.start_line), match)
        return list(unique.values())
