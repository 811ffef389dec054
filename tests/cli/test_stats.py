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
    assert rework["editedChars"] == 3 + 4 + len("def add(a, b):\n    return a + b")
    assert rework["byAuthor"] == {"human": rework["editedChars"]}
    churn = stats["churn14d"]
    assert (churn["churnedRegions"], churn["eligibleRegions"]) == (2, 4)
    # Nothing is a day old yet: survival has no eligible region.
    assert stats["survival"]["1d"]["eligibleRegions"] == 0


def test_survival_with_a_later_clock(recorded):
    done = run_cli("stats", "--json", "--db", str(recorded.db), "--now", "2999-01-01T00:00:00Z")
    stats = json.loads(done.stdout)
    one_day = stats["survival"]["1d"]
    assert one_day["eligibleRegions"] == 4
    assert one_day["regionRate"] == 0.75  # the deleted helper did not survive
    assert 0 < one_day["rate"] < 1


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
