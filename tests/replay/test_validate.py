"""``aidecay replay --validate`` on a scripted history with a known answer.

A module of human snake_case functions; an agent adds 24 functions to it, every other one in
camelCase (the editor's ``naming-divergence`` fires on those at birth); humans later rework
the camelCase ones three times each and the others once. Every figure is checked against the
script: which regions were flagged and when, each region's timeline, and the hazard ratio
against the intervals written out by hand."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from clihelp import run_cli
from scripted import CLAUDE_TRAILER, DAY, T0, ScriptedRepo

from aidecay.core.settings import DIAGNOSTIC_CODES
from aidecay.replay import runner
from aidecay.stats.flag_hazard import Interval, hazard_ratio

HUMAN_FUNCTIONS = [f"compute_total_{k}" for k in range(8)]
AGENT = 24
REWORKS = {True: (3, 9, 20), False: (15,)}  # days after birth, camelCase or not


def name(k: int) -> str:
    return f"fetchRecord{k}" if k % 2 else f"load_record_{k}"


def body(function: str, reworks: int) -> str:
    """Rework ``j`` changes the ``j``-th line of the body, one the agent wrote."""
    lines = [f"    step{j}_{function} = len(items) * {2 if j < reworks else 1}" for j in range(3)]
    return f"def {function}(items):\n" + "\n".join(lines) + f"\n    return step0_{function}\n"


class History:
    """The scripted repository and, per agent function, its birth and rework days."""

    def __init__(self, root: Path) -> None:
        self.repo = ScriptedRepo(root)
        self.scales: dict[str, int] = {f: 0 for f in HUMAN_FUNCTIONS}
        self.order = list(HUMAN_FUNCTIONS)
        self.born: dict[int, float] = {}
        self.reworked: dict[int, list[float]] = {}
        self.repo.commit("start", {"app/core.py": self.text()}, day=0)
        events = []
        for k in range(AGENT):
            birth = 1 + k * 0.5
            events.append((birth, "birth", k))
            for delay in REWORKS[bool(k % 2)]:
                events.append((birth + delay, "rework", k))
        for day, kind, k in sorted(events):
            if kind == "birth":
                self.order.append(name(k))
                self.scales[name(k)] = 0
                self.born[k] = day
                message = f"add {name(k)}" + CLAUDE_TRAILER
            else:
                self.scales[name(k)] += 1
                self.reworked.setdefault(k, []).append(day)
                message = f"rework {name(k)}"
            self.repo.commit(message, {"app/core.py": self.text()}, day=day)
        self.head_day = max(day for day, _, _ in events)

    def text(self) -> str:
        return "\n\n".join(body(f, self.scales[f]) for f in self.order)

    def intervals(self) -> list[Interval]:
        """The counting-process rows the script implies for naming-divergence."""
        rows = []
        for k in range(AGENT):
            born, flagged, start = self.born[k], bool(k % 2), 0.0
            for day in self.reworked[k]:
                rows.append(Interval(str(k), "r", start, day - born, True, flagged))
                start = day - born
            rows.append(Interval(str(k), "r", start, self.head_day - born, False, flagged))
        return rows


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> History:
    return History(tmp_path_factory.mktemp("validate") / "repo")


@pytest.fixture(scope="module")
def validated(history) -> runner.Replay:
    return runner.run(history.repo.root, validate=True)


def test_naming_divergence_fires_at_birth_on_the_camel_case_functions(validated, history):
    walk = validated.walk
    agent = [r for r in walk.regions if r.attribution.ai]
    births = {walk.commits[r.commit].time: r for r in agent if r.copied_at is None}
    flagged = {}
    for k in range(AGENT):
        region = births[int(T0 + history.born[k] * DAY)]
        flagged[k] = validated.validator.first.get(region.index, {}).get("naming-divergence")
        assert (flagged[k] == region.commit) == bool(k % 2), name(k)
        assert (flagged[k] is None) == (not k % 2), name(k)


def test_timelines_follow_the_script(validated, history):
    lines = sorted(validated.timelines, key=lambda t: t.born)
    named = [t for t in lines if t.events or t.findings]
    assert len(named) == AGENT
    for k, line in enumerate(named):
        assert line.born == int(T0 + history.born[k] * DAY)
        assert line.events == tuple(int(T0 + day * DAY) for day in history.reworked[k])
        assert line.end == int(T0 + history.head_day * DAY)


def test_hazard_ratio_is_the_one_the_script_implies(validated, history):
    figure = validated.validity["naming-divergence"]
    expected = hazard_ratio(history.intervals())
    assert (figure.flagged, figure.unflagged) == (AGENT // 2, AGENT // 2)
    assert figure.value == pytest.approx(expected.value, rel=1e-9)
    assert (figure.low, figure.high) == pytest.approx((expected.low, expected.high), rel=1e-9)
    assert figure.value > 1  # reworked three times against once


def test_cli_json_and_database_contract(history, tmp_path):
    out, db = tmp_path / "replay.json", tmp_path / "a.db"
    done = run_cli(
        "replay", str(history.repo.root), "--db", str(db), "--validate", "--json", str(out)
    )
    assert done.returncode == 0, done.stderr
    validity = json.loads(out.read_text())["validity"]
    assert set(validity) == set(DIAGNOSTIC_CODES)
    for code, row in validity.items():
        assert set(row) - {"reason"} == {"flagged", "unflagged", "hazardRatio", "low", "high"}
        assert (row["hazardRatio"] is None) == ("reason" in row), code
    assert validity["naming-divergence"]["hazardRatio"] > 1
    assert validity["churn"] == {
        "flagged": 0,
        "unflagged": AGENT,
        "hazardRatio": None,
        "low": None,
        "high": None,
        "reason": "too few regions with this finding (0 < 10)",
    }
    assert "Does each warning predict rework?" in done.stdout
    with sqlite3.connect(db) as conn:
        stored = conn.execute(
            "select flagged, unflagged, hazard_ratio from replay_validity"
            " where code = 'naming-divergence'"
        ).fetchone()
        assert stored[:2] == (AGENT // 2, AGENT // 2)
        assert stored[2] == pytest.approx(validity["naming-divergence"]["hazardRatio"], rel=1e-3)
        assert conn.execute("select count(*) from replay_timelines").fetchone()[0] == AGENT
