"""Agent hook payloads (JSON on stdin) to line ranges of the files an agent edited.

Claude Code ``PostToolUse`` (Write, Edit, MultiEdit), Codex CLI ``PostToolUse``
(``apply_patch``), Cursor ``afterFileEdit`` and ``stop``, Copilot CLI ``postToolUse``
(``create``, ``edit``) and ``agentStop``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aidecay.interop.marking import MarkError, MarkRequest, read_text_file
from aidecay.stats.scope import line_of
from aidecay.vcs.gitai import merge_ranges

CLAUDE_TOOLS = ("Write", "Edit", "MultiEdit")
COPILOT_TOOLS = ("create", "edit")


@dataclass(frozen=True)
class HookEvent:
    """What one hook call reports: the files written (none for other tools), the agent's
    session, whether its turn ended, and the project folder it works in."""

    requests: list[MarkRequest] = field(default_factory=list)
    session: str | None = None
    stop: bool = False
    root: Path | None = None


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


def whole_file(text: str) -> list[tuple[int, int]]:
    """Every line of ``text`` (none when it is blank)."""
    return [(1, line_of(text, len(text.rstrip("\r\n"))))] if text.strip() else []


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


def _root(folder: Any) -> Path | None:
    return Path(folder).resolve() if isinstance(folder, str) and folder else None


def claude_code(payload: dict[str, Any]) -> HookEvent:
    """A PostToolUse payload (tools that do not write files report nothing)."""
    event = HookEvent(session=payload.get("session_id"), root=_root(payload.get("cwd")))
    if payload.get("tool_name") not in CLAUDE_TOOLS:
        return event
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
        ranges = whole_file(content)
    elif patch:
        ranges = ranges_of_patch(patch)
    else:
        edits = tool_input.get("edits") or [tool_input]
        strings = [e.get("new_string") or "" for e in edits if isinstance(e, dict)]
        ranges = ranges_of_strings(text, strings, bool(tool_input.get("replace_all")))
    request = MarkRequest(path, ranges, "agent", "claude-code", payload.get("model"))
    return HookEvent([request], event.session, root=event.root)


def cursor(payload: dict[str, Any]) -> HookEvent:
    """An ``afterFileEdit`` payload (``file_path`` and ``edits`` of old/new strings), or the
    ``stop`` at the end of the agent's turn."""
    roots = payload.get("workspace_roots") or []
    event = HookEvent(
        session=payload.get("conversation_id"), root=_root(roots[0] if roots else None)
    )
    name = payload.get("hook_event_name")
    if name == "stop":
        return HookEvent(session=event.session, stop=True, root=event.root)
    if name not in (None, "afterFileEdit"):
        return event
    file_path = payload.get("file_path")
    if not isinstance(file_path, str) or not file_path:
        raise MarkError("the afterFileEdit input has no file_path")
    path = _resolve(file_path, roots[0] if roots else None)
    text = read_text_file(path)
    strings = [e.get("new_string") or "" for e in payload.get("edits") or [] if isinstance(e, dict)]
    request = MarkRequest(
        path, ranges_of_strings(text, strings), "agent", "cursor", payload.get("model")
    )
    return HookEvent([request], event.session, root=event.root)


def codex(payload: dict[str, Any]) -> HookEvent:
    """A Codex CLI ``PostToolUse`` payload: ``apply_patch`` carries its patch (Codex's own
    format: ``*** Add File:``/``*** Update File:`` sections of ``+``/``-`` lines) in
    ``tool_input.command``; every file it adds to or updates is marked."""
    event = HookEvent(session=payload.get("session_id"), root=_root(payload.get("cwd")))
    if payload.get("tool_name") != "apply_patch":
        return event
    tool_input = payload.get("tool_input")
    patch = tool_input.get("command") if isinstance(tool_input, dict) else tool_input
    if not isinstance(patch, str):
        raise MarkError("the apply_patch input has no patch text (tool_input.command)")
    requests = []
    for name, added, whole in patch_sections(patch):
        path = _resolve(name, payload.get("cwd"))
        text = read_text_file(path)
        ranges = whole_file(text) if whole else ranges_of_strings(text, added)
        requests.append(MarkRequest(path, ranges, "agent", "codex", payload.get("model")))
    return HookEvent(requests, event.session, root=event.root)


def patch_sections(patch: str) -> list[tuple[str, list[str], bool]]:
    """(path, runs of added lines, whether the file is new) per added or updated file of an
    ``apply_patch`` patch (a moved file counts at its new path)."""
    sections: list[tuple[str, list[str], bool]] = []
    run: list[str] = []
    for line in patch.splitlines():
        if not line.startswith("+") and run and sections:
            sections[-1][1].append("\n".join(run))
            run = []
        for marker, whole in (("*** Add File: ", True), ("*** Update File: ", False)):
            if line.startswith(marker):
                sections.append((line[len(marker) :].strip(), [], whole))
        if line.startswith("*** Move to: ") and sections:
            sections[-1] = (line[len("*** Move to: ") :].strip(), *sections[-1][1:])
        elif line.startswith("+") and sections:
            run.append(line[1:])
    if run and sections:
        sections[-1][1].append("\n".join(run))
    return sections


def copilot(payload: dict[str, Any]) -> HookEvent:
    """A Copilot CLI ``postToolUse`` payload (camelCase, or the snake_case form of
    ``PostToolUse``): ``create`` and ``edit`` write files; ``agentStop`` ends the turn."""
    session = payload.get("sessionId") or payload.get("session_id")
    event = HookEvent(session=session, root=_root(payload.get("cwd")))
    if "stopReason" in payload or payload.get("hook_event_name") == "Stop":
        return HookEvent(session=session, stop=True, root=event.root)
    tool = payload.get("toolName") or payload.get("tool_name")
    if tool not in COPILOT_TOOLS:
        return event
    args = payload.get("toolArgs", payload.get("tool_input"))
    if isinstance(args, str):
        args = load_payload(args)
    if not isinstance(args, dict):
        raise MarkError("the postToolUse input has no tool arguments")
    file_path = args.get("path") or args.get("file_path") or args.get("filePath")
    if not isinstance(file_path, str) or not file_path:
        raise MarkError("the postToolUse input names no file (toolArgs.path)")
    path = _resolve(file_path, payload.get("cwd"))
    text = read_text_file(path)
    if tool == "create":
        ranges = whole_file(text)
    else:
        new = args.get("new_str") or args.get("new_string") or ""
        ranges = ranges_of_strings(text, [new])
    request = MarkRequest(path, ranges, "agent", "copilot", payload.get("model"))
    return HookEvent([request], session, root=event.root)


AGENTS = {"claude-code": claude_code, "codex": codex, "copilot": copilot, "cursor": cursor}
