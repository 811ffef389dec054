"""``aidecay replay`` as a user runs it: the JSON, the database, re-runs, and bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from clihelp import run_cli
from scripted import CLAUDE_TRAILER, ScriptedRepo, function

from aidecay.store.database import SCHEMA_VERSION

SUMMARY_KEYS = {"schemaVersion", "repo", "head", "commits", "aiCommits", "tools", "ai", "human"}
GROUP_KEYS = {
    "linesAdded",
    "linesAtHead",
    "survival",
    "churn14d",
    "regions",
    "complexityGrowthRegions",
}


@pytest.fixture
def repo(tmp_path: Path) -> ScriptedRepo:
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"pkg/a.py": function("one", ["return 1"])}, day=0)
    body = ["total = 0", "for item in x:", "    total += item", "return total"]
    text = function("one", ["return 1"]) + "\n\n" + function("two", body)
    repo.commit("two" + CLAUDE_TRAILER, {"pkg/a.py": text}, day=1)
    grown = text.replace(
        "        total += item\n",
        "        if item > 0 and item < 50:\n            total += item\n"
        "        elif item < -5:\n            total -= 1\n"
        "        while total > 100:\n            total //= 2\n",
    )
    repo.commit("grow two", {"pkg/a.py": grown}, day=20)
    return repo


def _replay(repo: ScriptedRepo, db: Path, *extra: str):
    return run_cli("replay", str(repo.root), "--db", str(db), *extra)


def test_json_summary_and_database(repo, tmp_path):
    db, out = tmp_path / "r.db", tmp_path / "r.json"
    done = _replay(repo, db, "--json", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(out.read_text())
    assert set(summary) == SUMMARY_KEYS
    assert set(summary["ai"]) == set(summary["human"]) == GROUP_KEYS
    assert set(summary["ai"]["survival"]) == {"7d", "30d", "90d"}
    assert summary["head"] == repo.head() and summary["commits"] == 3
    reference = repo.blame_counts({repo.git("rev-parse", "HEAD~1").strip()})
    assert summary["tools"] == {
        "claude": {"commits": 1, "linesAdded": 7, "linesAtHead": reference["ai"]}
    }
    assert summary["ai"]["complexityGrowthRegions"] == 1
    assert "AI vs human" in done.stdout
    with sqlite3.connect(db) as conn:
        (version,) = conn.execute("select value from meta where key='schema_version'").fetchone()
        assert int(version) == SCHEMA_VERSION
        rows = conn.execute(
            "select origin, tool, model, status, uri from regions order by created_at"
        ).fetchall()
        assert rows == [
            (
                "agent",
                "claude",
                "Claude Opus 4.6 (1M context)",
                "live",
                (repo.root / "pkg/a.py").resolve().as_uri(),
            )
        ]
        kinds = [r[0] for r in conn.execute("select kind from events order by at")]
        assert kinds == ["created", "edit"]
        (snapshot,) = conn.execute("select text from documents").fetchone()
        assert snapshot == (repo.root / "pkg/a.py").read_text()
        groups = dict(conn.execute("select grp, count(*) from replay_regions group by grp"))
        assert groups["ai"] == 1 and groups["human"] >= 2
        query = "select max_cc, mi from metrics order by at, kind"
        baseline, later = conn.execute(query).fetchall()[:2]
        assert later[0] - baseline[0] >= 4
        assert 0 < baseline[1] < 130  # the maintainability index of the text as written


def test_rerun_is_idempotent_and_incremental(repo, tmp_path):
    db = tmp_path / "r.db"
    assert _replay(repo, db).returncode == 0
    again = _replay(repo, db)
    assert again.returncode == 0 and "nothing new" in again.stderr

    def counts():
        with sqlite3.connect(db) as conn:
            return [
                conn.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("regions", "events", "replay_regions", "replay_cohorts", "metrics")
            ]

    before = counts()
    tip = repo.head()
    repo.commit("more" + CLAUDE_TRAILER, {"pkg/b.py": function("three", ["return 3"])}, day=30)
    edited = (repo.root / "pkg/a.py").read_text().replace("return total", "return total * 2")
    repo.commit(
        "edit two and three",
        {"pkg/b.py": function("three", ["return 4"]), "pkg/a.py": edited},
        day=31,
    )
    third = _replay(repo, db, "--json", str(tmp_path / "incremental.json"))
    assert third.returncode == 0, third.stderr
    assert f"2 new commits after {tip[:12]}" in third.stderr
    after = counts()
    assert after[0] == before[0] + 1  # one new AI region; the old one is not duplicated
    # Continuing the saved walk gives exactly what a full walk gives.
    fresh = _replay(repo, tmp_path / "fresh.db", "--json", str(tmp_path / "full.json"))
    assert fresh.returncode == 0, fresh.stderr
    assert "new commits after" not in fresh.stderr
    incremental = json.loads((tmp_path / "incremental.json").read_text())
    assert incremental == json.loads((tmp_path / "full.json").read_text())


def test_stats_and_report_show_replayed_history(repo, tmp_path):
    db = tmp_path / "r.db"
    assert _replay(repo, db).returncode == 0
    stats = run_cli("stats", "--db", str(db), "--json", "--source", "replay")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["totals"]["regions"] == 1
    (replayed,) = data["replay"]
    assert replayed["ai"]["linesAdded"] == 7 and "curves" in replayed
    live = json.loads(run_cli("stats", "--db", str(db), "--json", "--source", "live").stdout)
    assert live["totals"]["regions"] == 0 and "replay" not in live
    text = run_cli("stats", "--db", str(db))
    assert "AI vs human (git history)" in text.stdout and "claude" in text.stdout
    out = tmp_path / "report.html"
    report = run_cli("report", "--db", str(db), "--out", str(out))
    assert report.returncode == 0, report.stderr
    html = out.read_text()
    assert 'id="replay-survival"' in html and "<polyline" in html


def test_git_ai_notes_and_bad_notes(tmp_path):
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"n.py": "a = 1\n"}, day=0)
    repo.commit("edit", {"n.py": "a = 1\nb = 2\nc = 3\nd = 4\n"}, day=1)
    note = (
        "n.py\n  s_0a1b2c3d4e5f60::t_1a2b3c4d5e6f70 2-3\n  h_2a3b4c5d6e7f80 4\n---\n"
        '{"schema_version": "authorship/3.0.0", "sessions": {"s_0a1b2c3d4e5f60": '
        '{"agent_id": {"tool": "cursor", "id": "x", "model": "gpt-5"}}}, '
        '"humans": {"h_2a3b4c5d6e7f80": {"name": "Ann"}}}\n'
    )
    repo.git("notes", "--ref=ai", "add", "-F", "-", "HEAD", stdin=note)
    repo.git("notes", "--ref=ai", "add", "-m", "garbage", "HEAD~1")
    out = tmp_path / "r.json"
    done = _replay(repo, tmp_path / "r.db", "--json", str(out))
    assert done.returncode == 0, done.stderr
    assert "skipping the git-ai note of" in done.stderr and "malformed" in done.stderr
    summary = json.loads(out.read_text())
    assert summary["tools"] == {"cursor": {"commits": 1, "linesAdded": 2, "linesAtHead": 2}}
    assert summary["human"]["linesAdded"] == 2


def test_agent_trace_and_ai_pattern(tmp_path):
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"t.py": "a = 1\n"}, day=0)
    sha = repo.commit("edit", {"t.py": "a = 1\nb = 2\nc = 3\n"}, day=1)
    trace = {
        "version": "0.1.0",
        "id": "t1",
        "vcs": {"type": "git", "revision": sha},
        "tool": {"name": "opencode"},
        "files": [
            {
                "path": "t.py",
                "conversations": [
                    {
                        "contributor": {"type": "ai", "model_id": "m-1"},
                        "ranges": [{"start_line": 3, "end_line": 3}],
                    }
                ],
            }
        ],
    }
    repo.commit(
        "traces\n\nMade-with: robo-9",
        {".agent-trace/traces.jsonl": json.dumps(trace) + "\n{broken\n", "u.py": "z = 0\n"},
        day=2,
    )
    out = tmp_path / "r.json"
    done = _replay(
        repo, tmp_path / "r.db", "--json", str(out), "--ai-pattern", r"Made-with: (?P<tool>robo)"
    )
    assert done.returncode == 0, done.stderr
    assert "record 2 of .agent-trace/traces.jsonl" in done.stderr
    tools = json.loads(out.read_text())["tools"]
    assert tools["opencode"]["linesAdded"] == 1
    assert tools["robo"]["linesAdded"] == 1


def _assert_refused(done, *words: str, db: Path) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert not db.exists()


def test_not_a_repository(tmp_path):
    db = tmp_path / "r.db"
    done = run_cli("replay", str(tmp_path), "--db", str(db))
    _assert_refused(done, "not a git repository", db=db)


def test_shallow_clone_says_how_to_unshallow(repo, tmp_path):
    clone = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone))
    db = tmp_path / "r.db"
    _assert_refused(run_cli("replay", str(clone), "--db", str(db)), "git fetch --unshallow", db=db)


def test_no_python_files(tmp_path):
    plain = ScriptedRepo(tmp_path / "plain")
    plain.commit("docs", {"README.md": "hello\n"}, day=0)
    db = tmp_path / "r.db"
    _assert_refused(run_cli("replay", str(plain.root), "--db", str(db)), "no Python files", db=db)


def test_corrupt_object(repo, tmp_path):
    blob = repo.git("rev-parse", "HEAD~1:pkg/a.py").strip()
    obj = repo.root / ".git" / "objects" / blob[:2] / blob[2:]
    obj.chmod(0o644)
    obj.write_bytes(b"not a zlib stream")
    db = tmp_path / "r.db"
    _assert_refused(run_cli("replay", str(repo.root), "--db", str(db)), "git fsck", db=db)


def test_mid_rebase(repo, tmp_path):
    repo.git("checkout", "-q", "-b", "other", "HEAD~1")
    repo.commit("conflicting", {"pkg/a.py": "x = 1\n"}, day=25)
    repo.git("rebase", "main", check=False)
    db = tmp_path / "r.db"
    _assert_refused(
        run_cli("replay", str(repo.root), "--db", str(db)), "middle of a rebase", "--abort", db=db
    )


def test_bad_pattern_and_jobs(repo, tmp_path):
    db = tmp_path / "r.db"
    _assert_refused(_replay(repo, db, "--ai-pattern", "("), "--ai-pattern", db=db)
    _assert_refused(_replay(repo, db, "--jobs", "0"), "--jobs", db=db)
