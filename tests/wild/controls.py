"""Controls: sampled human functions, each with the harmless edits it gets once checked."""

from __future__ import annotations

import random
from dataclasses import dataclass

from edits import Edit, harmless
from norms import Module
from sources import Function


@dataclass(frozen=True)
class Control:
    """A sampled human function and the harmless edits it gets after the first check."""

    fn: Function
    edits: tuple[Edit, ...]

    @property
    def key(self) -> str:
        return self.fn.key


def sample_controls(modules: list[Module], count: int, seed: int) -> list[Control]:
    """``count`` top-level functions and methods of top-level classes of the project's
    library modules, chosen with a fixed seed, with their harmless edits."""
    pool = []
    for module in modules:
        for fn, cls in module.functions:
            first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)]) - 1
            qual = f"{cls.name}.{fn.name}" if cls is not None else fn.name
            found = Function(
                module.project, module.rel, qual, first, fn.end_lineno - 1,
                cls is not None, fn.col_offset,
            )  # fmt: skip
            pool.append((found, module, fn))
    project = modules[0].project if modules else ""
    rng = random.Random(f"{seed}:{project}")
    chosen = rng.sample(pool, min(count, len(pool)))
    chosen.sort(key=lambda c: (c[0].path, c[0].first))
    return [Control(found, harmless(module.text, fn)) for found, module, fn in chosen]
