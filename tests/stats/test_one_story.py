"""One story in every view: a scripted history replayed, then the same figures read from the
replay JSON, ``aidecay stats``, ``aidecay report``, ``aidecay export`` and the scorecard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clihelp import run_cli
from history_spec import build


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    base = tmp_path_factory.mktemp("story")
    repo = build(base / "repo")
    db, replayed = base / "h.db", base / "replay.json"
    done = run_cli("replay", str(repo.root), "--db", str(db), "--json", str(replayed))
    assert done.returncode == 0, done.stderr
    stats = run_cli("stats", "--db", str(db), "--json", "--source", "replay")
    assert stats.returncode == 0, stats.stderr
    report = base / "report.html"
    done = run_cli("report", "--db", str(db), "--source", "replay", "--out", str(report))
    assert done.returncode == 0, done.stderr
    exported = run_cli("export", "--db", str(db), "--absolute-paths")
    assert exported.returncode == 0, exported.stderr
    card = base / "card.json"
    done = run_cli(
        "scorecard", str(repo.root), "--db", str(db), "--source", "replay", "--json", str(card)
    )
    assert done.returncode == 0, done.stderr
    return {
        "replay": json.loads(replayed.read_text()),
        "stats": json.loads(stats.stdout),
        "report": report.read_text(),
        "export": json.loads(exported.stdout),
        "card": json.loads(card.read_text()),
        "root": repo.root.resolve(),
    }


def test_stats_says_what_the_replay_says(views):
    ai, stats = views["replay"]["ai"], views["stats"]
    totals = stats["totals"]
    assert (totals["aiLines"], totals["aiLinesAtEnd"], totals["regions"]) == (
        ai["linesAdded"],
        ai["linesAtHead"],
        ai["regions"],
    )
    for window in ("7d", "30d", "90d"):  # one set of windows, in lines, the same estimator
        assert stats["survival"][window]["rate"] == ai["survival"][window], window
    assert stats["churn14d"]["rate"] == ai["churn14d"]
    assert stats["complexity"]["growthRegions"] == ai["complexityGrowthRegions"]
    (section,) = stats["replay"]
    assert section["ai"] == ai and section["human"] == views["replay"]["human"]


def test_replayed_edits_are_edits(views):
    stats, exported = views["stats"], views["export"]
    edits = [e for e in exported["events"] if e["kind"] == "edit"]
    assert stats["rework"]["edits"] == len(edits) > 0
    assert (
        stats["rework"]["changedLines"]
        == stats["totals"]["aiLines"] - stats["totals"]["aiLinesAtEnd"]
    )
    assert stats["rework"]["ratio"] > 0  # never "0 characters edited in 0 edits"


def test_absent_metrics_say_why(views):
    stats = views["stats"]
    assert stats["rework"]["sittings"] is None and stats["rework"]["chars"] is None
    assert stats["complexity"]["medianMiDelta"] is None  # MI at birth only: never read as 0
    assert "at birth only" in stats["complexity"]["miReason"]
    assert not stats["diagnostics"]["available"]
    assert "replay does not run the diagnostics" in stats["diagnostics"]["reason"]
    assert {m["metric"] for m in stats["missing"]} == {"chars", "sittings", "mi", "findings"}


def test_export_counts_the_same_regions(views):
    stats, exported = views["stats"], views["export"]
    regions = exported["regions"]
    assert len(regions) == stats["totals"]["regions"]
    assert sum(r["originalLines"] for r in regions) == stats["totals"]["aiLines"]
    assert sum(r["status"] == "deleted" for r in regions) == stats["totals"]["deleted"]


def test_top_files_mean_something_and_paths_are_relative(views):
    files = views["stats"]["topFiles"]
    assert files, "deleted and changed AI lines rank their files"
    for row in files:
        assert (
            not Path(row["path"]).is_absolute()
            and (views["root"] / row["path"]).exists()
            or (row["deletedRegions"] == row["regions"])
        )
        assert row["changedLines"] == row["aiLines"] - row["linesAtEnd"]
    assert files[0]["changedLines"] == max(r["changedLines"] for r in files)


def test_the_report_shows_the_same_figures(views):
    html, stats, ai = views["report"], views["stats"], views["replay"]["ai"]
    week = f"{stats['survival']['7d']['rate'] * 100:.1f} %"
    assert f"<td>AI lines still there 7 days after they were written</td><td>{week}</td>" in html
    assert f"<td>survival at 7d (lines)</td><td>{ai['survival']['7d'] * 100:.1f}%</td>" in html
    assert "survival at 21d" not in html and "survival at 3d" not in html
    assert 'id="scorecard"' in html


def test_the_scorecard_adds_up_to_the_same_totals(views):
    card, ai = views["card"], views["replay"]["ai"]
    rows = [r for r in card["rows"] if r["group"] == "ai"]
    assert sum(r["linesAdded"] for r in rows) == ai["linesAdded"]
    assert sum(r["linesAtEnd"] for r in rows) == ai["linesAtHead"]
    assert sum(r["regions"] for r in rows) == ai["regions"]
    (human,) = [r for r in card["rows"] if r["group"] == "human"]
    assert human["linesAdded"] == views["replay"]["human"]["linesAdded"]
    assert human["rework14d"]["value"] == views["replay"]["human"]["churn14d"]
