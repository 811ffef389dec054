"""``aidecay stats`` on a database recorded by the real server."""

from __future__ import annotations

import json

import pytest
from clihelp import run_cli

COMMANDS = ["stats", "export", "report", "mark", "hook", "blame", "doctor", "git-ai"]


@pytest.mark.parametrize("command", ["", *COMMANDS, "git-ai export", "git-ai import"])
def test_every_command_has_help(command):
    done = run_cli(*command.split(), "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: aidecay" in done.stdout


def test_stats_json_counts_what_the_server_recorded(recorded):
    done = run_cli("stats", "--json", "--db", str(recorded.db))
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    totals = stats["totals"]
    assert (totals["regions"], totals["live"], totals["deleted"], totals["files"]) == (4, 3, 1, 2)
    by_tool = {(r["origin"], r["tool"]): r for r in stats["inserted"]}
    assert set(by_tool) == {
        ("agent", "claude-code"),
        ("inline-completion", "copilot"),
        ("chat", "cursor"),
    }
    assert by_tool[("agent", "claude-code")]["regions"] == 2
    assert by_tool[("chat", "cursor")]["lines"] == 2
    rework = stats["rework"]
    # one AI line renamed (3 characters replaced) and a 2-line region deleted
    assert (rework["aiLines"], rework["changedLines"], rework["edits"]) == (13, 3, 1)
    assert rework["chars"]["changed"] == 3 + len("def add(a, b):\n    return a + b")
    assert rework["byAuthor"] == {"human": 3}
    assert stats["totals"]["aiLinesAtEnd"] == 10
    # Nothing is 7 (or 14) days old yet: no figure, and the reason.
    assert stats["churn14d"]["rate"] is None and stats["churn14d"]["youngRegions"] == 4
    assert stats["survival"]["7d"]["rate"] is None
    assert stats["survival"]["7d"]["reason"] == "no line followed 7 days yet"


def test_survival_with_a_later_clock(recorded):
    done = run_cli("stats", "--json", "--db", str(recorded.db), "--now", "2999-01-01T00:00:00Z")
    stats = json.loads(done.stdout)
    week = stats["survival"]["7d"]
    assert week["followedRegions"] == 4
    # Kaplan–Meier of 13 lines: one changed and two deleted, at once, the rest followed
    assert week["rate"] == round(10 / 13, 4)
    assert week["low"] < week["rate"] < week["high"]
    churn = stats["churn14d"]
    assert (churn["churnedLines"], churn["lines"], churn["churnedRegions"]) == (3, 13, 2)


def test_since_and_workspace_filter(recorded):
    future = run_cli("stats", "--json", "--db", str(recorded.db), "--since", "2999-01-01")
    assert json.loads(future.stdout)["totals"]["regions"] == 0
    elsewhere = recorded.workspace.parent
    other = run_cli(
        "stats", "--json", "--db", str(recorded.db), "--workspace", str(recorded.workspace / "pkg")
    )
    assert json.loads(other.stdout)["totals"]["regions"] == 4
    assert elsewhere.exists()


def test_stats_tables_render(recorded):
    done = run_cli("stats", "--db", str(recorded.db), "--since", "30d")
    assert done.returncode == 0, done.stderr
    for title in ("AI code inserted", "Survival, churn and rework", "Top decaying files"):
        assert title in done.stdout


def test_bad_since_is_a_clear_error(recorded):
    done = run_cli("stats", "--db", str(recorded.db), "--since", "soon")
    assert done.returncode == 1
    assert "--since expects" in done.stderr
