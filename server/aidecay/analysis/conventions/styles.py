"""Identifier style classification (snake_case, camelCase, PascalCase, UPPER_CASE...)."""

from __future__ import annotations

from dataclasses import dataclass

SNAKE = "snake_case"
CAMEL = "camelCase"
PASCAL = "PascalCase"
UPPER = "UPPER_CASE"
LOWER_WORD = "lowercase word"
UPPER_WORD = "uppercase word"
MIXED = "mixed-case"


@dataclass(frozen=True)
class Family:
    """A naming convention and the styles that are compatible with it."""

    label: str
    styles: frozenset[str]
    explicit: frozenset[str]


SNAKE_FAMILY = Family(SNAKE, frozenset({SNAKE, LOWER_WORD}), frozenset({SNAKE}))
CAMEL_FAMILY = Family(CAMEL, frozenset({CAMEL, LOWER_WORD}), frozenset({CAMEL}))
PASCAL_FAMILY = Family(PASCAL, frozenset({PASCAL, UPPER_WORD}), frozenset({PASCAL}))
UPPER_FAMILY = Family(UPPER, frozenset({UPPER, UPPER_WORD}), frozenset({UPPER}))
MODULE_NAME_FAMILY = Family(
    f"{UPPER} or {SNAKE}",
    frozenset({UPPER, UPPER_WORD, SNAKE, LOWER_WORD}),
    frozenset({UPPER, SNAKE}),
)

_DEFAULT_FAMILIES = (SNAKE_FAMILY, CAMEL_FAMILY, PASCAL_FAMILY, UPPER_FAMILY)
_CLASS_FAMILIES = (PASCAL_FAMILY, SNAKE_FAMILY, CAMEL_FAMILY, UPPER_FAMILY)
_CONSTANT_FAMILIES = (MODULE_NAME_FAMILY, CAMEL_FAMILY, PASCAL_FAMILY)


def families_for(kind: str) -> tuple[Family, ...]:
    """Candidate conventions for a kind of name, preferred first (used to break ties)."""
    if kind == "class":
        return _CLASS_FAMILIES
    if kind == "constant":
        return _CONSTANT_FAMILIES
    return _DEFAULT_FAMILIES


def classify_style(name: str) -> str | None:
    """Style of an identifier, or None when it carries no style information.

    Leading/trailing underscores are ignored; dunders and one-letter names have no style.
    """
    if name.startswith("__") and name.endswith("__"):
        return None
    core = name.strip("_")
    letters = [ch for ch in core if ch.isalpha()]
    if len(letters) < 2:
        return None
    has_upper = any(ch.isupper() for ch in letters)
    has_lower = any(ch.islower() for ch in letters)
    if "_" in core:
        if not has_upper:
            return SNAKE
        if not has_lower:
            return UPPER
        return MIXED
    if not has_upper:
        return LOWER_WORD
    if not has_lower:
        return UPPER_WORD
    return PASCAL if core[0].isupper() else CAMEL if core[0].islower() else MIXED
