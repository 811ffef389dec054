"""Agent hook payloads (JSON on stdin) to line ranges of the files an agent edited.

Claude Code ``PostToolUse`` (Write, Edit, MultiEdit) and Cursor ``afterFileEdit``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aidecay.interop.marking import MarkError, MarkRequest, read_text_file
from aidecay.stats.scope import line_of
from aidecay.vcs.gitai import merge_ranges

CLAUDE_TOOLS = ("Write", "Edit", "MultiEdit")


def load_payload(raw: str) -> dict[str, Any]:
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        raise MarkError(f"the hook input is not JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise MarkError("the hook input must be a JSON object")
    return payload


def _resolve(path: str, cwd: str | None) -> Path:
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = Path(cwd or ".") / candidate
    return candidate.resolve()


def ranges_of_strings(text: str, strings: list[str], every: bool = False) -> list[tuple[int, int]]:
    """Lines where each (non-blank) string now stands in ``text``: its first occurrence, or all."""
    found = []
    for piece in strings:
        piece = piece.rstrip("\r\n")
        if not piece.strip():
            continue
        start = text.find(piece)
        while start >= 0:
            found.append((line_of(text, start), line_of(text, start + len(piece))))
            if not every:
                break
            start = text.find(piece, start + len(piece))
    return merge_ranges(found)


def ranges_of_patch(hunks: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Added lines of a unified-diff ``structuredPatch`` (as Claude Code reports it)."""
    found = []
    for hunk in hunks:
        line = int(hunk.get("newStart", 1))
        for row in hunk.get("lines", []):
            if row.startswith("+"):
                found.append((line, line))
                line += 1
            elif not row.startswith("-") and not row.startswith("\\"):
                line += 1
    return merge_ranges(found)


def claude_code(payload: dict[str, Any]) -> MarkRequest | None:
    """A PostToolUse payload; None for tools that do not write files."""
    if payload.get("tool_name") not in CLAUDE_TOOLS:
        return None
    tool_input = payload.get("tool_input") or {}
    response = payload.get("tool_response") or {}
    file_path = tool_input.get("file_path") or response.get("filePath")
    if not isinstance(file_path, str) or not file_path:
        raise MarkError("the PostToolUse input has no tool_input.file_path")
    path = _resolve(file_path, payload.get("cwd"))
    text = read_text_file(path)
    patch = response.get("structuredPatch") if isinstance(response, dict) else None
    if payload["tool_name"] == "Write" and not patch:
        content = tool_input.get("content") or text
        ranges = [(1, line_of(content, len(content.rstrip("\r\n"))))] if content.strip() else []
    elif patch:
        ranges = ranges_of_patch(patch)
    else:
        edits = tool_input.get("edits") or [tool_input]
        strings = [e.get("new_string") or "" for e in edits if isinstance(e, dict)]
        ranges = ranges_of_strings(text, strings, bool(tool_input.get("replace_all")))
    return MarkRequest(path, ranges, "agent", "claude-code", payload.get("model"))


def cursor(payload: dict[str, Any]) -> MarkRequest | None:
    """An ``afterFileEdit`` payload: ``file_path`` and ``edits`` of old/new strings."""
    if payload.get("hook_event_name") not in (None, "afterFileEdit"):
        return None
    file_path = payload.get("file_path")
    if not isinstance(file_path, str) or not file_path:
        raise MarkError("the afterFileEdit input has no file_path")
    roots = payload.get("workspace_roots") or []
    path = _resolve(file_path, roots[0] if roots else None)
    text = read_text_file(path)
    strings = [e.get("new_string") or "" for e in payload.get("edits") or [] if isinstance(e, dict)]
    return MarkRequest(
        path, ranges_of_strings(text, strings), "agent", "cursor", payload.get("model")
    )


AGENTS = {"claude-code": claude_code, "cursor": cursor}
