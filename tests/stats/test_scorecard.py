"""``aidecay scorecard`` on a scripted history with known answers: every figure against the
spec, survival intervals against lifelines, hazard ratios against statsmodels."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from clihelp import run_cli
from history_spec import build

from aidecay.stats import hazard, sources
from aidecay.stats.estimate import clustered_share, wilson
from aidecay.stats.scope import Scope, parse_now

lifelines = pytest.importorskip("lifelines", reason="pip install 'aidecay[stats]'")
statsmodels = pytest.importorskip("statsmodels", reason="pip install 'aidecay[test]'")

ROW_KEYS = {
    "group", "tool", "model", "linesAdded", "regions", "linesAtEnd", "survival", "revisions",
    "rework14d", "complexityGrowth", "findingsPer1k", "hazardRatioVsHuman",
}  # fmt: skip
E_KEYS = {"value", "low", "high", "n"}


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    base = tmp_path_factory.mktemp("scorecard")
    repo = build(base / "repo")
    db = base / "h.db"
    done = run_cli("replay", str(repo.root), "--db", str(db))
    assert done.returncode == 0, done.stderr
    out = base / "card.json"
    done = run_cli("scorecard", str(repo.root), "--db", str(db), "--json", str(out))
    assert done.returncode == 0, done.stderr
    card = json.loads(out.read_text())
    history = sources.load(db, Scope(parse_now(None), None, repo.root.resolve()), "replay")
    return repo, db, card, history


def rows(card) -> dict[str, dict]:
    return {r["tool"] or r["group"]: r for r in card["rows"]}


def by_row(history) -> dict[str, list]:
    found = defaultdict(list)
    for fate in history.fates:
        found[fate.tool or fate.group].append(fate)
    return found


def test_json_contract(replayed):
    _, _, card, _ = replayed
    assert {"schemaVersion", "repo", "source", "range", "rows", "trend"} <= set(card)
    assert card["schemaVersion"] == 1 and card["source"] == "all" and card["range"] is None
    for row in card["rows"]:
        assert set(row) >= ROW_KEYS
        assert set(row["survival"]) == {"7d", "30d", "90d"}
        for value in (*row["survival"].values(), row["rework14d"], row["complexityGrowth"]):
            assert set(value) >= E_KEYS
        assert {"median", "p90", "neverAccepted", "n"} <= set(row["revisions"])
    assert [r["group"] for r in card["rows"]] == ["ai", "ai", "human"]
    assert {(t["month"], t["tool"] or t["group"]) for t in card["trend"]} >= {
        ("2023-11", "claude"),
        ("2023-11", "human"),
    }


def test_counts_match_the_spec(replayed):
    _, _, card, _ = replayed
    claude, cursor, human = (rows(card)[k] for k in ("claude", "cursor", "human"))
    # 13 functions of 6 lines; 4 lose 1 line, 3 lose 2, 3 are deleted (6 each)
    assert (claude["linesAdded"], claude["regions"], claude["linesAtEnd"]) == (78, 13, 50)
    assert (cursor["linesAdded"], cursor["regions"], cursor["linesAtEnd"]) == (66, 11, 50)
    # 12 functions, 16 lines of branches added to two AI functions, one last line
    assert (human["linesAdded"], human["regions"], human["linesAtEnd"]) == (89, 15, 81)
    assert claude["rework14d"]["value"] == round(22 / 78, 4)
    assert cursor["rework14d"]["value"] == round(12 / 66, 4)
    assert human["rework14d"]["value"] == round(4 / 88, 4)  # the last line is too young
    assert claude["complexityGrowth"]["value"] == 0.2  # 2 of the 10 still there
    assert claude["complexityGrowth"]["n"] == 10
    assert cursor["complexityGrowth"]["value"] == 0.0


def test_revisions_before_acceptance(replayed):
    _, _, card, _ = replayed
    claude, cursor, human = (rows(card)[k] for k in ("claude", "cursor", "human"))
    assert claude["revisions"] == {
        "median": 1,
        "p90": 1,
        "neverAccepted": round(3 / 13, 4),
        "n": 13,
    }
    assert cursor["revisions"] == {"median": 1, "p90": 1, "neverAccepted": 0.0, "n": 11}
    # the line written on HEAD's day is not decided yet
    assert human["revisions"]["n"] == 14 and human["revisions"]["neverAccepted"] == 0.0


def test_survival_and_intervals_match_lifelines(replayed):
    _, _, card, history = replayed
    fates = by_row(history)
    for key, row in rows(card).items():
        durations, events, weights = [], [], []
        for fate in fates[key]:
            for duration, died, count in fate.observations():
                durations.append(duration / 86_400)
                events.append(died)
                weights.append(count)
        km = lifelines.KaplanMeierFitter().fit(durations, events, weights=weights)
        for days in (7, 30, 90):
            ours = row["survival"][f"{days}d"]
            assert ours["value"] == pytest.approx(km.predict(days), abs=1e-4), (key, days)
            bounds = km.confidence_interval_survival_function_
            at = bounds[bounds.index <= days].iloc[-1]
            if ours["value"] < 1:
                assert ours["low"] == pytest.approx(at.iloc[0], abs=1e-4), (key, days)
                assert ours["high"] == pytest.approx(at.iloc[1], abs=1e-4), (key, days)


def _lines(history, groups):
    """One row per line (statsmodels has no case weights), with its region as cluster."""
    start = min(f.born for f in history.fates)
    found = []
    for k, fate in enumerate(history.fates):
        key = fate.tool or fate.group
        dummies = [float(key == g) for g in groups]
        for duration, died, count in fate.observations():
            row = (max(duration, 1) / 86_400, int(died), hazard.stratum(fate), k)
            found += [(*row, (fate.born - start) / hazard.YEAR, *dummies)] * count
    return found


def test_hazard_ratios_match_statsmodels_and_lifelines(replayed):
    import pandas as pd
    from statsmodels.duration.hazard_regression import PHReg

    _, _, card, history = replayed
    for reference, others in (("human", ["claude", "cursor"]), ("cursor", ["claude", "human"])):
        lines = _lines(history, others)
        columns = ["t", "e", "s", "c", "calendar", *others]
        frame = pd.DataFrame(lines, columns=columns)
        exog = frame[["calendar", *others]].to_numpy()
        model = PHReg(
            frame["t"].to_numpy(), exog, status=frame["e"].to_numpy(),
            strata=frame["s"].to_numpy(), ties="efron",
        )  # fmt: skip
        coef = model.fit().params
        robust = lifelines.CoxPHFitter().fit(
            frame, "t", "e", strata=["s"], cluster_col="c", robust=True
        )  # the reference for the robust (clustered) interval
        for index, key in enumerate(others, start=1):
            if reference == "human":
                ours = rows(card)[key]["hazardRatioVsHuman"]
            else:
                pair = next(c for c in card["comparisons"] if {c["a"], c["b"]} == {key, "cursor"})
                ours = pair["hazardRatio"]
                if pair["a"] == "cursor":
                    ours = {
                        k: 1 / ours[v]
                        for k, v in (("value", "value"), ("low", "high"), ("high", "low"))
                    }
            assert ours["value"] == pytest.approx(math.exp(coef[index]), rel=1e-3), key
            se = robust.standard_errors_[key]
            assert ours["low"] == pytest.approx(math.exp(coef[index] - 1.959964 * se), rel=2e-3)
            assert ours["high"] == pytest.approx(math.exp(coef[index] + 1.959964 * se), rel=2e-3)
    assert rows(card)["claude"]["verdictVsHuman"] == "human lasts longer"


def test_shares_match_statsmodels():
    import numpy as np
    import statsmodels.api as sm
    from statsmodels.stats.proportion import proportion_confint

    found = wilson(7, 23)
    low, high = proportion_confint(7, 23, method="wilson")
    assert (found["low"], found["high"]) == (round(low, 4), round(high, 4))
    clusters = [(1, 6), (0, 6), (6, 6), (2, 5), (0, 4), (3, 6), (0, 6)]
    found = clustered_share(clusters)
    y = np.array([part / whole for part, whole in clusters])
    weights = np.array([whole for _, whole in clusters], dtype=float)
    ids = np.arange(len(clusters))
    fit = sm.WLS(y, np.ones(len(y)), weights=weights).fit(
        cov_type="cluster", cov_kwds={"groups": ids, "use_correction": False}
    )
    k = len(clusters)
    se = fit.bse[0] * math.sqrt(k / (k - 1))  # our small-sample factor k/(k-1)
    assert found["value"] == round(fit.params[0], 4)
    assert found["low"] == round(fit.params[0] - 1.959963984540054 * se, 4)


def test_below_the_minimum_a_cell_says_not_enough_data(replayed):
    repo, db, _, _ = replayed
    out = repo.root.parent / "young.json"
    # regions written from day 9 on: 4 claude functions, 4 cursor, 3 human
    since = "2023-11-23"
    done = run_cli(
        "scorecard", str(repo.root), "--db", str(db), "--since", since, "--json", str(out)
    )
    assert done.returncode == 0, done.stderr
    claude = rows(json.loads(out.read_text()))["claude"]
    assert claude["regions"] < 10
    assert claude["survival"]["7d"]["value"] is None
    assert claude["survival"]["7d"]["reason"].startswith("not enough data")
    assert claude["hazardRatioVsHuman"]["value"] is None


def test_terminal_html_and_report(replayed):
    repo, db, _, _ = replayed
    page = repo.root.parent / "card.html"
    done = run_cli("scorecard", str(repo.root), "--db", str(db), "--html", str(page))
    assert done.returncode == 0, done.stderr
    words = " ".join(done.stdout.split())  # the table wraps to the terminal's width
    assert "lasts longer" in words and "reference" in words and "claude" in words
    html = page.read_text()
    assert html.startswith("<!doctype html>") and 'id="scorecard"' in html and "http" not in html
    report = repo.root.parent / "report.html"
    done = run_cli("report", "--db", str(db), "--out", str(report), "--source", "replay")
    assert done.returncode == 0, done.stderr
    assert 'id="scorecard"' in report.read_text()


def test_without_lifelines_the_message_says_what_to_install(replayed, tmp_path):
    repo, db, _, _ = replayed
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'lifelines':\n"
        "            raise ImportError('lifelines is not installed')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from aidecay.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "card.json"
    done = subprocess.run(
        [sys.executable, "-P", "-c", script, "scorecard", str(repo.root), "--db", str(db),
         "--json", str(out)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    claude = rows(json.loads(out.read_text()))["claude"]
    assert claude["hazardRatioVsHuman"]["value"] is None
    assert "pip install 'aidecay[stats]'" in claude["hazardRatioVsHuman"]["reason"]
    assert claude["survival"]["7d"]["value"] is not None  # everything else is there
    assert "aidecay[stats]" in done.stdout


def test_range_gives_lines_added_and_left_at_its_end(replayed):
    from aidecay.replay.ranges import range_rows

    repo, db, _, _ = replayed
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    out = repo.root.parent / "range.json"
    rev = f"{first}..HEAD~1"
    done = run_cli("scorecard", str(repo.root), "--db", str(db), "--range", rev, "--json", str(out))
    assert done.returncode == 0, done.stderr
    card = json.loads(out.read_text())
    assert card["range"] == rev
    expected = {
        (r.group, r.tool): (r.lines_added, r.lines_at_end) for r in range_rows(repo.root, rev)
    }
    found = {(r["group"], r["tool"]): (r["linesAdded"], r["linesAtEnd"]) for r in card["rows"]}
    assert found == expected
    assert Path(card["repo"]) == repo.root.resolve()
