"""The repositories of ``aidecay org replay --repos FILE|DIR``, each with a unique name.

FILE: one path or git URL per line (blank lines and ``#`` comments skipped; relative paths
are relative to the file's folder). DIR: every git repository directly inside it (a work
tree with ``.git``, or a bare repository). The name is the folder's (or the URL's last part)
without ``.git``, made safe for a folder name; names shared by several sources get a short
hash of the source, so every repository has its own partition.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from aidecay.org.extra import OrgError

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://|^[\w.-]+@[\w.-]+:")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Source:
    name: str
    source: str  # an absolute path or a URL, as listed
    url: bool


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


def read(spec: Path, exclude: Path | None = None) -> list[Source]:
    """The sources named by ``--repos``; OrgError when there are none."""
    if spec.is_dir():
        entries = [str(p) for p in sorted(spec.iterdir()) if _is_repository(p, exclude)]
        if not entries:
            raise OrgError(f"{spec} has no git repository directly inside it")
    elif spec.is_file():
        entries = _lines(spec)
        if not entries:
            raise OrgError(f"{spec} lists no repository (one path or git URL per line)")
    else:
        raise OrgError(f"--repos {spec}: no such file or folder")
    return named(entries)


def _lines(spec: Path) -> list[str]:
    try:
        text = spec.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OrgError(f"cannot read {spec}: {exc}") from None
    found = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        found.append(
            line if is_url(line) else str((spec.parent / Path(line).expanduser()).absolute())
        )
    return found


def _is_repository(path: Path, exclude: Path | None) -> bool:
    if not path.is_dir() or path.name.startswith(".") or path == exclude:
        return False
    bare = (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()
    return (path / ".git").exists() or bare


def base_name(source: str) -> str:
    tail = source.rstrip("/").replace(":", "/").rsplit("/", 1)[-1]
    if tail.endswith(".git") and len(tail) > 4:
        tail = tail[:-4]
    if tail in ("", "repo", "."):  # e.g. a mirror's …/owner+name/repo: take the folder above
        parts = source.rstrip("/").replace(":", "/").split("/")
        tail = parts[-2] if len(parts) > 1 else tail
    return _UNSAFE.sub("-", tail).strip("-.") or "repo"


def named(entries: list[str]) -> list[Source]:
    """Unique sources (first listing wins) with unique names."""
    unique = list(dict.fromkeys(entries))
    bases = [base_name(e) for e in unique]
    shared = {name for name, n in Counter(bases).items() if n > 1}
    return [
        Source(f"{base}-{_short_hash(entry)}" if base in shared else base, entry, is_url(entry))
        for entry, base in zip(unique, bases)
    ]


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=3).hexdigest()
