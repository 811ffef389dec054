"""The git-ai authorship log (``authorship/3.0.0``): parse and serialise one note.

A note is an attestation section (a file path per line, then indented
``<attestation id> <line ranges>`` lines), a ``---`` line, then JSON metadata whose
``prompts`` (older git-ai) or ``sessions`` (git-ai 1.x) map each id to the agent that wrote
those lines. git-ai 1.x writes three kinds of id: plain hex prompt ids, ``s_<hex>::t_<hex>``
session/turn ids (described under ``sessions`` by the id or by its ``s_<hex>`` part) and
``h_<hex>`` ids for lines a *human* wrote (described under ``humans``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "authorship/3.0.0"
DIVIDER = "---"
_HASH = re.compile(r"^(?:[0-9a-f]{7,64}|s_[0-9a-f]+(?:::t_[0-9a-f]+)?|h_[0-9a-f]+)$")
_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")

Ranges = list[tuple[int, int]]


class NoteError(ValueError):
    """A note that does not follow authorship/3.0.0."""


@dataclass
class AuthorshipLog:
    #: path -> session hash -> 1-based inclusive line ranges
    attestations: dict[str, dict[str, Ranges]] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def prompts(self) -> dict[str, Any]:
        return self.metadata.setdefault("prompts", {})

    def describe(self, attestation: str) -> dict[str, Any] | None:
        """The metadata record of an attestation id (prompt, session or human), if any."""
        return _describe(self.metadata, attestation)


def is_human(attestation: str) -> bool:
    """``h_…`` ids attest lines a human wrote."""
    return attestation.startswith("h_")


def _describe(metadata: dict[str, Any], attestation: str) -> dict[str, Any] | None:
    keys = [attestation, attestation.split("::", 1)[0]]
    tables = ("humans",) if is_human(attestation) else ("prompts", "sessions")
    for table in tables:
        records = metadata.get(table)
        if isinstance(records, dict):
            for key in keys:
                if isinstance(records.get(key), dict):
                    return records[key]
    return None


def session_hash(tool: str, conversation_id: str) -> str:
    """First 16 hex characters of SHA-256 of ``{tool}:{conversation_id}``, as the spec says."""
    return hashlib.sha256(f"{tool}:{conversation_id}".encode()).hexdigest()[:16]


def parse_ranges(text: str) -> Ranges:
    ranges = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise NoteError(f"bad line range {part!r} in {text!r}")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first:
            raise NoteError(f"bad line range {part!r}: lines are 1-based and ascending")
        ranges.append((first, last))
    return ranges


def format_ranges(ranges: Ranges) -> str:
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in merge_ranges(ranges))


def merge_ranges(ranges: Ranges) -> Ranges:
    merged: Ranges = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def lines_to_ranges(lines: set[int]) -> Ranges:
    return merge_ranges([(n, n) for n in lines])


def _path(line: str) -> str:
    if line.startswith('"'):
        if len(line) < 2 or not line.endswith('"'):
            raise NoteError(f"unterminated quoted path {line!r}")
        line = line[1:-1]
    if not line or line.startswith("/") or ".." in line.split("/"):
        raise NoteError(f"file path {line!r} must be relative to the repository root")
    return line


def parse(text: str) -> AuthorshipLog:
    """Parse a note; NoteError (saying what is wrong) for anything malformed."""
    lines = text.splitlines()
    if DIVIDER not in lines:
        raise NoteError("no '---' line between the attestation and the metadata")
    cut = lines.index(DIVIDER)
    log = AuthorshipLog()
    current: str | None = None
    for number, line in enumerate(lines[:cut], 1):
        if not line.strip():
            continue
        if line.startswith("  "):
            if current is None:
                raise NoteError(f"line {number}: attestation entry before any file path")
            parts = line[2:].split(" ")
            if len(parts) != 2 or not _HASH.match(parts[0]):
                raise NoteError(f"line {number}: expected '  <hex hash> <ranges>', got {line!r}")
            log.attestations[current].setdefault(parts[0], []).extend(parse_ranges(parts[1]))
        elif line[0].isspace():
            raise NoteError(f"line {number}: entries are indented with exactly two spaces")
        else:
            current = _path(line)
            log.attestations.setdefault(current, {})
    try:
        metadata = json.loads("\n".join(lines[cut + 1 :]))
    except ValueError as exc:
        raise NoteError(f"the metadata is not JSON: {exc}") from None
    if not isinstance(metadata, dict) or not any(
        isinstance(metadata.get(key), dict) for key in ("prompts", "sessions")
    ):
        raise NoteError("the metadata must be an object with a 'prompts' or 'sessions' object")
    for key in ("prompts", "sessions", "humans"):
        if key in metadata and not isinstance(metadata[key], dict):
            raise NoteError(f"the metadata's {key!r} must be an object")
    version = str(metadata.get("schema_version", ""))
    if not version.startswith("authorship/3."):
        raise NoteError(f"unsupported schema_version {version!r}; expected {SCHEMA}")
    log.metadata = metadata
    for path, sessions in log.attestations.items():
        for session in sessions:
            if not is_human(session) and _describe(metadata, session) is None:
                raise NoteError(f"{path}: id {session} has no entry in prompts or sessions")
    return log


def _quote(path: str) -> str:
    return f'"{path}"' if any(c in path for c in " \t\n") else path


def serialize(log: AuthorshipLog) -> str:
    out = []
    for path in sorted(log.attestations):
        sessions = {k: v for k, v in log.attestations[path].items() if v}
        if not sessions:
            continue  # files without AI lines are left out
        out.append(_quote(path))
        for session, ranges in sorted(sessions.items(), key=lambda kv: min(kv[1])):
            out.append(f"  {session} {format_ranges(ranges)}")
    metadata = {"schema_version": SCHEMA, **log.metadata}
    metadata["schema_version"] = SCHEMA
    out.append(DIVIDER)
    out.append(json.dumps(metadata, indent=2, sort_keys=False))
    return "\n".join(out) + "\n"


def prompt_record(tool: str, conversation_id: str, model: str | None, lines: int) -> dict:
    return {
        "agent_id": {"tool": tool, "id": conversation_id, "model": model or "unknown"},
        "messages": [],
        "total_additions": lines,
        "total_deletions": 0,
        "accepted_lines": lines,
        "overriden_lines": 0,
    }
