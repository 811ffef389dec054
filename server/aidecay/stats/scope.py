"""What a command looks at: a time window, a workspace, and how paths are shown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from aidecay.core.clock import format_time, parse_time
from aidecay.core.text import LINE_BREAK
from aidecay.core.uris import uri_to_path

_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_since(text: str | None, now: datetime) -> datetime | None:
    """``30d``, ``12h``, ``2w`` (before ``now``) or an ISO date; None for no limit."""
    if text is None or text.strip() in ("", "all"):
        return None
    match = _DURATION.match(text)
    if match:
        return now - int(match.group(1)) * _UNITS[match.group(2)]
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"--since expects a duration such as 30d, 12h, 2w or an ISO date, got {text!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_now(text: str | None) -> datetime:
    if not text:
        return datetime.now(timezone.utc)
    moment = parse_time(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Scope:
    """Regions created in ``[since, now]`` whose file lies under ``workspace`` (when set)."""

    now: datetime
    since: datetime | None = None
    workspace: Path | None = None

    @property
    def now_text(self) -> str:
        return format_time(self.now)

    @property
    def since_text(self) -> str | None:
        return format_time(self.since) if self.since else None

    def in_workspace(self, uri: str) -> bool:
        if self.workspace is None:
            return True
        path = uri_to_path(uri)
        return path is not None and is_under(path, self.workspace)

    def includes(self, region: dict[str, Any], *, unmarked: bool = False) -> bool:
        """Whether ``region`` counts (unmarked regions are not AI code, unless asked)."""
        if region["status"] == "unmarked" and not unmarked:
            return False
        created = region["created_at"] or ""
        if created > self.now_text:
            return False
        if self.since is not None and created < self.since_text:
            return False
        return self.in_workspace(region["uri"])


def is_under(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def display_path(uri: str, workspace: Path | None, absolute: bool = False) -> str:
    """A workspace-relative POSIX path, an absolute path, or the URI for non-file documents."""
    path = uri_to_path(uri)
    if path is None:
        return uri
    if not absolute and workspace is not None and is_under(path, workspace):
        return path.resolve().relative_to(workspace.resolve()).as_posix()
    return str(path)


def line_count(text: str) -> int:
    """Lines of a region's text (a region never ends with a line break)."""
    return len(LINE_BREAK.findall(text)) + 1 if text else 0


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text``."""
    return len(LINE_BREAK.findall(text, 0, max(0, min(offset, len(text))))) + 1


def at(text: str | None) -> datetime | None:
    return parse_time(text) if text else None


class PathNames:
    """Paths as shown: relative to ``root`` (the workspace) when under it, else to the git
    repository the file is in, else to the current folder when under it, else absolute;
    URIs of non-file documents as they are."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root.resolve() if root else None
        self.cwd = Path.cwd().resolve()
        self._repos: dict[Path, Path | None] = {}
        self._last: tuple[str, tuple[str, Path | None]] | None = None

    def of_uri(self, uri: str) -> tuple[str, Path | None]:
        if self._last is not None and self._last[0] == uri:
            return self._last[1]
        path = uri_to_path(uri)
        found = (uri, None) if path is None else (self.of_path(path), path)
        self._last = (uri, found)
        return found

    def of_path(self, path: Path) -> str:
        base = self.root if self.root and is_under(path, self.root) else self._repo(path.parent)
        if base is None and is_under(path, self.cwd):
            base = self.cwd
        if base is None:
            return str(path)
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            return str(path)

    def _repo(self, folder: Path) -> Path | None:
        if folder in self._repos:
            return self._repos[folder]
        found: Path | None = None
        try:
            if (folder / ".git").exists():
                found = folder.resolve()
            elif folder.parent != folder:
                found = self._repo(folder.parent)
        except OSError:
            found = None
        self._repos[folder] = found
        return found

    def of_repo_file(self, file: Path, relative: str) -> str:
        """A file of a replayed repository: relative to ``root`` when under it, else to
        its repository (``relative``)."""
        if self.root and is_under(file, self.root):
            return file.resolve().relative_to(self.root).as_posix()
        return relative
