"""Indexed definitions found by what they are called and what their docstring says.

For a question in words ("load the configuration file"), when there is no code to compare:
the words of each definition's name (``load_config`` -> load, config) and of its docstring's
first line, lightly stemmed, matched against the question's words. A word matches another
that it starts or that starts it (config / configuration), from four letters on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .definitions import IndexedDef

_SPLIT = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_STOP_WORDS = (
    "a an and any are as at be by do does for from get gets given has have if in into is it "
    "its of on or one return returns should so than that the then this to up use uses using "
    "via was what when which with without function method helper code some all each new"
)
_STOP = frozenset(_STOP_WORDS.split())
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ers", "er", "ed", "es", "s")
#: Weight of a question word found in a name, and in a docstring only.
NAME_WEIGHT, DOC_WEIGHT = 1.0, 0.6
MIN_PREFIX = 4


def stem(word: str) -> str:
    """A crude English stem: ``parsing``/``parser``/``parses`` -> ``pars``."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(text: str) -> set[str]:
    """Stemmed, lower-case words of identifiers and prose (stop words left out)."""
    found = set()
    for part in _SPLIT.findall(text):
        word = part.lower()
        if len(word) > 1 and word not in _STOP:
            found.add(stem(word))
    return found


@dataclass(frozen=True)
class WordMatch:
    item: IndexedDef
    #: Share of the question's words found (names count fully, docstrings 0.6), 0..1.
    score: float


class WordIndex:
    """Definitions by the words of their names and docstring summaries (immutable)."""

    def __init__(self, defs: Iterable[IndexedDef]) -> None:
        self._defs: list[IndexedDef] = []
        self._name: dict[str, list[int]] = {}
        self._doc: dict[str, list[int]] = {}
        for item in defs:
            number = len(self._defs)
            self._defs.append(item)
            named = words(item.qualname)
            for word in named:
                self._name.setdefault(word, []).append(number)
            for word in words(item.doc) - named:
                self._doc.setdefault(word, []).append(number)
        self._keys = sorted(self._name.keys() | self._doc.keys())

    def __len__(self) -> int:
        return len(self._defs)

    def _related(self, word: str) -> set[str]:
        """Index words equal to ``word``, starting with it, or that it starts with."""
        found = {word}
        if len(word) >= MIN_PREFIX:
            at = bisect_left(self._keys, word)
            while at < len(self._keys) and self._keys[at].startswith(word):
                found.add(self._keys[at])
                at += 1
            found.update(word[:n] for n in range(MIN_PREFIX, len(word)))
        return found

    def search(
        self,
        question: str,
        limit: int,
        accept: Callable[[IndexedDef], bool] | None = None,
    ) -> list[WordMatch]:
        """The best ``limit`` definitions for ``question``, best first."""
        wanted = words(question)
        if not wanted:
            return []
        scores: dict[int, float] = {}
        for word in wanted:
            best: dict[int, float] = {}
            for key in self._related(word):
                for number in self._name.get(key, ()):
                    best[number] = NAME_WEIGHT
                for number in self._doc.get(key, ()):
                    best.setdefault(number, DOC_WEIGHT)
            for number, weight in best.items():
                scores[number] = scores.get(number, 0.0) + weight
        ranked = sorted(
            scores.items(),
            key=lambda pair: (-pair[1], len(self._defs[pair[0]].qualname), pair[0]),
        )
        found = []
        for number, score in ranked:
            item = self._defs[number]
            if accept is None or accept(item):
                found.append(WordMatch(item, round(score / len(wanted), 3)))
                if len(found) >= limit:
                    break
        return found
