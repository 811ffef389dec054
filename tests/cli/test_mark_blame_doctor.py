"""``mark``, ``blame``, ``doctor`` and the agent hooks, run exactly as documented."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sqlite3
import sys
from pathlib import Path

from clihelp import run_cli

DOCS = Path(__file__).parents[2] / "docs" / "integrations.md"


def _regions(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select origin, tool, model, original_text from regions where status = 'live' "
            "order by created_at"
        ).fetchall()


def test_mark_then_blame(tmp_path):
    db = tmp_path / "h.db"
    code = tmp_path / "code.py"
    code.write_text("import os\n\n\ndef f():\n    return os.sep\n")
    done = run_cli(
        "mark", "code.py", "--lines", "4-5", "--tool", "aider", "--db", str(db), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert _regions(db) == [("agent", "aider", None, "def f():\n    return os.sep")]
    again = run_cli("mark", "code.py", "--lines", "4-5", "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0 and "0 new region" in again.stderr
    blame = run_cli("blame", str(code), "--db", str(db))
    assert blame.returncode == 0, blame.stderr
    lines = blame.stdout.splitlines()
    assert len(lines) == 5
    assert "agent/aider" in lines[3] and "def f():" in lines[3]
    assert "agent/aider" not in lines[0]


def test_doctor_on_a_healthy_database(recorded):
    done = run_cli("doctor", "--db", str(recorded.db))
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(recorded.db) in done.stdout.replace("\n", "")
    assert "integrity check" in done.stdout and "no problems found" in done.stdout
    assert re.search(r"live regions\s*│\s*3", done.stdout)


def _documented(agent: str) -> list[str]:
    """The hook command from the JSON configuration shown in docs/integrations.md."""
    text = DOCS.read_text()
    commands = re.findall(r'"command":\s*"([^"]*aidecay hook ' + agent + r'[^"]*)"', text)
    assert commands, f"no {agent} hook command in {DOCS}"
    argv = shlex.split(commands[0])
    assert argv[:3] == ["aidecay", "hook", agent]
    return argv[1:]


def _run_hook(agent: str, payload: dict, db: Path, cwd: Path):
    assert shutil.which("aidecay") or sys.executable
    return run_cli(*_documented(agent), db=db, stdin=json.dumps(payload), cwd=cwd)


def test_claude_code_hook_edit_and_write(tmp_path):
    db = tmp_path / "h.db"
    code = tmp_path / "app.py"
    code.write_text("def a():\n    return 1\n\n\ndef b():\n    return 2\n")
    payload = {
        "session_id": "abc",
        "transcript_path": str(tmp_path / "t.jsonl"),
        "cwd": str(tmp_path),
        "hook_event_name": "PostToolUse",
        "tool_name": "Edit",
        "tool_input": {
            "file_path": str(code),
            "old_string": "    return 2",
            "new_string": "    total = 2\n    return total",
        },
        "tool_response": {"filePath": str(code), "success": True},
    }
    code.write_text(code.read_text().replace("    return 2", "    total = 2\n    return total"))
    done = _run_hook("claude-code", payload, db, tmp_path)
    assert done.returncode == 0, done.stderr
    assert _regions(db) == [("agent", "claude-code", None, "    total = 2\n    return total")]

    new = tmp_path / "new.py"
    new.write_text("X = 1\nY = 2\n")
    write = {
        **payload,
        "tool_name": "Write",
        "tool_input": {"file_path": "new.py", "content": "X = 1\nY = 2\n"},
        "tool_response": {"type": "create", "filePath": str(new)},
    }
    done = _run_hook("claude-code", write, db, tmp_path)
    assert done.returncode == 0, done.stderr
    assert _regions(db)[-1][3] == "X = 1\nY = 2"


def test_claude_code_hook_with_a_structured_patch(tmp_path):
    db = tmp_path / "h.db"
    code = tmp_path / "app.py"
    code.write_text("a = 1\nb = 2\nc = 3\nd = 4\n")
    payload = {
        "cwd": str(tmp_path),
        "hook_event_name": "PostToolUse",
        "tool_name": "MultiEdit",
        "tool_input": {"file_path": str(code), "edits": []},
        "tool_response": {
            "structuredPatch": [
                {
                    "oldStart": 1,
                    "oldLines": 3,
                    "newStart": 1,
                    "newLines": 3,
                    "lines": [" a = 1", "-b = 0", "+b = 2", "+c = 3", " d = 4"],
                }
            ]
        },
    }
    done = _run_hook("claude-code", payload, db, tmp_path)
    assert done.returncode == 0, done.stderr
    assert [r[3] for r in _regions(db)] == ["b = 2\nc = 3"]


def test_claude_code_hook_ignores_other_tools(tmp_path):
    db = tmp_path / "h.db"
    payload = {"tool_name": "Bash", "tool_input": {"command": "ls"}, "cwd": str(tmp_path)}
    done = _run_hook("claude-code", payload, db, tmp_path)
    assert done.returncode == 0 and not db.exists()


def test_cursor_hook(tmp_path):
    db = tmp_path / "h.db"
    code = tmp_path / "util.py"
    code.write_text("def slug(text):\n    return text.lower().replace(' ', '-')\n")
    payload = {
        "hook_event_name": "afterFileEdit",
        "conversation_id": "c1",
        "generation_id": "g1",
        "workspace_roots": [str(tmp_path)],
        "file_path": str(code),
        "edits": [{"old_string": "", "new_string": code.read_text()}],
    }
    done = _run_hook("cursor", payload, db, tmp_path)
    assert done.returncode == 0, done.stderr
    assert _regions(db)[0][:2] == ("agent", "cursor")


def test_hook_with_garbage_input(tmp_path):
    done = run_cli("hook", "claude-code", db=tmp_path / "h.db", stdin="{not json")
    assert done.returncode == 1 and "not JSON" in done.stderr
