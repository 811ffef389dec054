"""git-ai notes: format round trip, and export/import on a real repository."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from clihelp import run_cli

from aidecay.vcs import gitai
from factories import git

NOTE = """src/main.rs
  abcd1234abcd1234 1-10,15-20
  efab5678efab5678 25,30-35
"src/my file.rs"
  abcd1234abcd1234 1-50
---
{
  "schema_version": "authorship/3.0.0",
  "base_commit_sha": "7734793b756b3921c88db5375a8c156e9532447b",
  "prompts": {
    "abcd1234abcd1234": {"agent_id": {"tool": "cursor", "id": "x", "model": "m"},
      "messages": [], "total_additions": 1, "total_deletions": 0, "accepted_lines": 1,
      "overriden_lines": 0},
    "efab5678efab5678": {"agent_id": {"tool": "claude", "id": "y", "model": "n"},
      "messages": [], "total_additions": 1, "total_deletions": 0, "accepted_lines": 1,
      "overriden_lines": 0}
  }
}
"""


def test_note_round_trip():
    log = gitai.parse(NOTE)
    assert log.attestations["src/main.rs"]["efab5678efab5678"] == [(25, 25), (30, 35)]
    assert log.attestations["src/my file.rs"] == {"abcd1234abcd1234": [(1, 50)]}
    again = gitai.parse(gitai.serialize(log))
    assert again.attestations == log.attestations
    assert again.metadata == log.metadata
    assert '"src/my file.rs"' in gitai.serialize(log)


@pytest.mark.parametrize(
    "broken",
    [
        NOTE.replace("---\n", ""),
        NOTE.replace("  abcd1234abcd1234 1-10", "  zzzz 1-10"),
        NOTE.replace("1-10,15-20", "10-1"),
        NOTE.replace('"schema_version": "authorship/3.0.0"', '"schema_version": "x/1"'),
        NOTE.replace('"prompts": {', '"prompts": [').replace("}\n  }\n}", "}\n  ]\n}"),
        NOTE.replace("src/main.rs", "../outside.rs"),
        NOTE.replace("efab5678efab5678 25", "0123456789abcdef 25"),
    ],
)
def test_malformed_notes_are_rejected(broken):
    with pytest.raises(gitai.NoteError):
        gitai.parse(broken)


def _repo(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    code = repo / "src" / "calc.py"
    code.parent.mkdir()
    code.write_text("import math\n\n\ndef area(r):\n    return math.pi * r * r\n\n\nX = 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    return repo, code


def test_export_then_import_on_a_real_repository(tmp_path):
    repo, code = _repo(tmp_path)
    db = tmp_path / "a.db"
    marked = run_cli(
        "mark",
        "src/calc.py",
        "--lines",
        "4-5",
        "--tool",
        "claude-code",
        "--model",
        "opus",
        "--db",
        str(db),
        cwd=repo,
    )
    assert marked.returncode == 0, marked.stderr
    done = run_cli("git-ai", "export", "--db", str(db), cwd=repo)
    assert done.returncode == 0, done.stderr
    note = git(repo, "notes", "--ref=ai", "show", "HEAD")
    log = gitai.parse(note)
    ((session, ranges),) = log.attestations["src/calc.py"].items()
    assert ranges == [(4, 5)]
    assert log.prompts[session]["agent_id"]["tool"] == "claude-code"
    assert log.metadata["schema_version"] == "authorship/3.0.0"
    assert log.metadata["base_commit_sha"] == git(repo, "rev-parse", "HEAD").strip()

    # Another machine: a clone that fetched the notes, and an empty database.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "fetch", "-q", "origin", "refs/notes/ai:refs/notes/ai")
    (clone / "src" / "calc.py").write_text("# moved down\n" + code.read_text())
    other = tmp_path / "b.db"
    done = run_cli("git-ai", "import", "--db", str(other), cwd=clone)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(other) as conn:
        rows = conn.execute("select origin, tool, model, original_text from regions").fetchall()
    assert rows == [("import", "claude-code", "opus", "def area(r):\n    return math.pi * r * r")]
    again = run_cli("git-ai", "import", "--db", str(other), cwd=clone)
    assert again.returncode == 0 and "imported 0 region" in again.stderr
    # And back: exporting from the second database gives the same attestation.
    git(clone, "commit", "-qam", "header")
    done = run_cli("git-ai", "export", "--db", str(other), cwd=clone)
    assert done.returncode == 0, done.stderr
    moved = gitai.parse(git(clone, "notes", "--ref=ai", "show", "HEAD"))
    assert list(moved.attestations["src/calc.py"].values()) == [[(5, 6)]]


def test_malformed_note_on_import_is_skipped_with_a_warning(tmp_path):
    repo, _ = _repo(tmp_path)
    git(repo, "notes", "--ref=ai", "add", "-m", "src/calc.py\n  nothex 1-2\n---\n{}", "HEAD")
    head = git(repo, "rev-parse", "HEAD").strip()
    db = tmp_path / "a.db"
    done = run_cli("git-ai", "import", "--db", str(db), cwd=repo)
    assert done.returncode == 0, done.stderr
    assert f"skipping the git-ai note of {head[:12]}: it is malformed" in done.stderr
    assert "imported 0 region" in done.stderr
    assert not db.exists()


GIT_AI_1X = """src/calc.py
  s_0a1b2c3d4e5f60::t_1a2b3c4d5e6f70 4-5
  h_2a3b4c5d6e7f80 8
---
{
  "schema_version": "authorship/3.0.0",
  "git_ai_version": "1.4.2",
  "base_commit_sha": "HEAD",
  "sessions": {
    "s_0a1b2c3d4e5f60": {"agent_id": {"tool": "claude", "id": "c1", "model": "claude-fable-5"}}
  },
  "humans": {"h_2a3b4c5d6e7f80": {"name": "T", "email": "t@example.com"}}
}
"""


def test_import_reads_git_ai_1x_session_and_human_ids(tmp_path):
    repo, _ = _repo(tmp_path)
    git(repo, "notes", "--ref=ai", "add", "-F", "-", "HEAD", stdin=GIT_AI_1X)
    db = tmp_path / "a.db"
    done = run_cli("git-ai", "import", "--db", str(db), cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select tool, model, original_text from regions").fetchall()
    # The agent's lines 4-5 become a region; the human's line 8 does not.
    assert rows == [("claude", "claude-fable-5", "def area(r):\n    return math.pi * r * r")]


def test_not_a_repository(tmp_path):
    done = run_cli("git-ai", "export", "--db", str(tmp_path / "a.db"), cwd=tmp_path)
    assert done.returncode == 1 and "git" in done.stderr
