"""Every path a tool receives is confined to the roots the server was started with.

Paths are taken relative to a root or absolute inside one; symlinks and ``..`` are resolved
first, so neither a link to ``/etc`` nor ``../../`` gets out. A refusal is an error result
for the agent, never an exception that stops the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MAX_PATH_CHARS = 4096


class Refused(ValueError):
    """A request the server will not serve; the message says why (shown to the agent)."""


@dataclass(frozen=True)
class Place:
    """A resolved path inside ``root``."""

    root: Path
    path: Path

    @property
    def relative(self) -> str:
        """The path relative to its root, with ``/`` separators ("." for the root)."""
        return self.path.relative_to(self.root).as_posix() or "."


class Roots:
    """The folders the server may read (and, for ``mark_ai``, record regions in)."""

    def __init__(self, roots: Iterable[str | Path]) -> None:
        resolved = []
        for root in roots:
            path = Path(root).expanduser().resolve()
            if not path.is_dir():
                raise Refused(f"root {root} is not a folder")
            if path not in resolved:
                resolved.append(path)
        if not resolved:
            raise Refused("no root folder given")
        #: Deepest first, so a nested root owns its files.
        self.paths = tuple(sorted(resolved, key=lambda p: -len(p.parts)))

    def owner(self, path: Path) -> Path | None:
        """The root ``path`` (resolved) lies in, if any."""
        return next((r for r in self.paths if path == r or r in path.parents), None)

    def place(self, raw: str) -> Place:
        """Resolve ``raw`` (relative to a root, or absolute) inside a root, or refuse."""
        if not isinstance(raw, str) or not raw.strip():
            raise Refused("a path is required")
        if len(raw) > MAX_PATH_CHARS or "\0" in raw:
            raise Refused("the path is not a valid file path")
        given = Path(raw.strip())
        candidates = [given] if given.is_absolute() else [r / given for r in self.paths]
        resolved = [c.resolve() for c in candidates]
        existing = [p for p in resolved if p.exists()]
        for path in existing or resolved:
            root = self.owner(path)
            if root is not None:
                return Place(root, path)
        shown = raw if len(raw) <= 200 else raw[:200] + "…"
        raise Refused(
            f"{shown!r} is outside the workspace roots this server was started with "
            f"({', '.join(str(r) for r in self.paths)}); symlinks and '..' are resolved first"
        )

    def show(self, path: Path) -> str:
        """``path`` relative to its root when inside one, else as it is."""
        root = self.owner(path)
        return path.relative_to(root).as_posix() if root is not None else str(path)
