"""``aidecay hook AGENT --feedback``: what an agent's write raised, answered in each agent's
documented hook format, on real code nobody here wrote (the wild corpus)."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clihelp import run_cli

jsonschema = pytest.importorskip("jsonschema")

sys.path.insert(0, str(Path(__file__).parents[1] / "wild"))

from controls import sample_controls  # noqa: E402
from mutations import duplicates, modules_of  # noqa: E402
from sources import CorpusUnavailable, cache_dir, fetch, load_manifest, projects  # noqa: E402

#: Claude Code's PostToolUse hook output, as its hooks reference documents it: the common
#: fields, ``decision: "block"`` with the ``reason`` shown to Claude, and the event's own
#: ``hookSpecificOutput``. Codex CLI's PostToolUse output has the same shape.
POST_TOOL_USE_OUTPUT = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "continue": {"type": "boolean"},
        "stopReason": {"type": "string"},
        "suppressOutput": {"type": "boolean"},
        "systemMessage": {"type": "string"},
        "decision": {"enum": ["block"]},
        "reason": {"type": "string", "minLength": 1},
        "hookSpecificOutput": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "hookEventName": {"const": "PostToolUse"},
                "additionalContext": {"type": "string"},
            },
            "required": ["hookEventName"],
        },
    },
    "dependentRequired": {"decision": ["reason"]},
}
#: Cursor's ``stop`` hook output (a follow-up message submitted as the user's next message).
CURSOR_STOP_OUTPUT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"followup_message": {"type": "string", "minLength": 1}},
}
#: Copilot CLI's ``agentStop`` decision control (``block`` forces another turn).
COPILOT_STOP_OUTPUT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"decision": {"enum": ["block", "allow"]}, "reason": {"type": "string"}},
    "required": ["decision", "reason"],
}


@pytest.fixture
def project(tmp_path):
    """A writable copy of the ``requests`` sdist and its Project."""
    chosen = next(p for p in projects(load_manifest(), "tuning") if p.name == "requests")
    try:
        source = fetch(chosen, cache_dir())
    except CorpusUnavailable as exc:
        pytest.skip(f"wild corpus unavailable (package index unreachable?): {exc}")
    root = tmp_path / "proj"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".complete"))
    return root, chosen


def _near_copy(root: Path, project) -> tuple[Path, str, str]:
    """(file, appended near-copy text, name of the helper it copies)."""
    copy = next(duplicates(modules_of(root, project), random.Random(7)))
    return root / copy.path, copy.text, copy.source_function.rsplit(":", 1)[1]


def _hook(agent: str, payload: dict, db: Path, cwd: Path):
    done = run_cli("hook", agent, "--feedback", db=db, stdin=json.dumps(payload), cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None


def _edit(root: Path, path: Path, new: str) -> dict:
    return {
        "session_id": "s1",
        "transcript_path": str(root / "t.jsonl"),
        "cwd": str(root),
        "permission_mode": "default",
        "hook_event_name": "PostToolUse",
        "tool_name": "Edit",
        "tool_input": {"file_path": str(path), "old_string": "", "new_string": new},
        "tool_response": {"filePath": str(path), "success": True},
    }


def test_claude_code_hears_about_a_near_copy_in_its_documented_format(project, tmp_path):
    root, chosen = project
    path, text, original = _near_copy(root, chosen)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    answer = _hook("claude-code", _edit(root, path, text.strip("\n")), tmp_path / "h.db", root)
    jsonschema.validate(answer, POST_TOOL_USE_OUTPUT)
    assert answer["decision"] == "block"
    assert "duplicate-helper" in answer["reason"] and f"'{original}'" in answer["reason"]
    assert f"{path.relative_to(root).as_posix()}:" in answer["reason"]


def test_a_write_that_follows_the_codebase_gets_no_answer_but_is_marked(project, tmp_path):
    root, chosen = project
    manifest = load_manifest()
    count = manifest["quick_controls_per_project"]
    fn = sample_controls(modules_of(root, chosen), count, manifest["seed"])[0].fn
    path = root / fn.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    written = "".join(lines[fn.first : fn.last + 1]).rstrip("\n")
    db = tmp_path / "h.db"
    assert _hook("claude-code", _edit(root, path, written), db, root) is None
    listed = run_cli("blame", str(path), "--db", str(db))
    assert "agent/claude-code" in listed.stdout.splitlines()[fn.first]


def test_codex_apply_patch_feedback(project, tmp_path):
    root, chosen = project
    path, text, original = _near_copy(root, chosen)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    relative = path.relative_to(root).as_posix()
    patch = (
        f"*** Begin Patch\n*** Update File: {relative}\n@@\n"
        + "".join(f"+{line}\n" for line in text.strip("\n").splitlines())
        + "*** End Patch\n"
    )
    payload = {
        "session_id": "s2",
        "turn_id": "t1",
        "transcript_path": None,
        "cwd": str(root),
        "hook_event_name": "PostToolUse",
        "model": "gpt-test",
        "permission_mode": "default",
        "tool_name": "apply_patch",
        "tool_use_id": "u1",
        "tool_input": {"command": patch},
        "tool_response": "Success. Updated the following files:\nM " + relative,
    }
    answer = _hook("codex", payload, tmp_path / "h.db", root)
    jsonschema.validate(answer, POST_TOOL_USE_OUTPUT)
    assert f"'{original}'" in answer["reason"]


def test_cursor_and_copilot_hear_at_the_end_of_their_turn(project, tmp_path):
    root, chosen = project
    path, text, original = _near_copy(root, chosen)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    db = tmp_path / "h.db"
    edit = {
        "hook_event_name": "afterFileEdit",
        "conversation_id": "c1",
        "generation_id": "g1",
        "workspace_roots": [str(root)],
        "file_path": str(path),
        "edits": [{"old_string": "", "new_string": text.strip("\n")}],
    }
    assert _hook("cursor", edit, db, root) is None
    stop = {"hook_event_name": "stop", "conversation_id": "c1", "status": "completed"}
    told = _hook("cursor", {**stop, "workspace_roots": [str(root)], "loop_count": 0}, db, root)
    jsonschema.validate(told, CURSOR_STOP_OUTPUT)
    assert f"'{original}'" in told["followup_message"]
    assert _hook("cursor", {**stop, "loop_count": 1}, db, root) is None  # told once
    other = {**stop, "conversation_id": "c2", "loop_count": 0}
    assert _hook("cursor", other, db, root) is None  # another conversation heard nothing

    create = {
        "sessionId": "p1",
        "timestamp": 1,
        "cwd": str(root),
        "toolName": "edit",
        "toolArgs": {"path": str(path), "old_str": "", "new_str": text.strip("\n")},
        "toolResult": {"resultType": "success", "textResultForLlm": "ok"},
    }
    assert _hook("copilot", create, db, root) is None
    end = {"sessionId": "p1", "timestamp": 2, "cwd": str(root), "stopReason": "end_turn"}
    told = _hook("copilot", {**end, "transcriptPath": "t"}, db, root)
    jsonschema.validate(told, COPILOT_STOP_OUTPUT)
    assert told["decision"] == "block" and f"'{original}'" in told["reason"]
    for _ in range(5):  # the agent keeps writing the copy: told at most three times
        _hook("copilot", create, db, root)
        _hook("copilot", end, db, root)
    _hook("copilot", create, db, root)
    assert _hook("copilot", end, db, root) is None


def test_mcp_without_the_sdk_says_what_to_install(tmp_path):
    """An environment whose ``mcp`` has no ``MCPServer`` (the 1.x SDK, or none usable)."""
    fake = tmp_path / "fake" / "mcp"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("", encoding="utf-8")
    env_path = str(tmp_path / "fake")
    done = run_cli_env("mcp", "--root", str(tmp_path), pythonpath=env_path, cwd=tmp_path)
    assert done.returncode == 2
    assert "pip install 'aidecay[mcp]'" in done.stderr


def run_cli_env(*args: str, pythonpath: str, cwd: Path):
    env = {**os.environ, "PYTHONPATH": pythonpath}
    return subprocess.run(
        [sys.executable, "-P", "-m", "aidecay", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
