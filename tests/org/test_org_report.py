"""``aidecay org report`` and ``aidecay export --format parquet``: the dataset read back by
DuckDB with the documented schema, the report's JSON contract and figures, the HTML page,
and a developer's live export reported beside replayed repositories."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from clihelp import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from orghelp import DUCK, org, query, repos_file, small_repo

from aidecay.org import figures
from aidecay.org.schema import REPOS, TABLES
from aidecay.stats.survival import DAY, HORIZONS, churn, kaplan_meier, observations

GROUP = {"linesAdded", "linesAtHead", "survival", "churn14d", "regions", "complexityGrowthRegions"}


@pytest.fixture(scope="module")
def replayed(tmp_path_factory) -> Path:
    """A dataset of two replayed repositories and one that failed."""
    root = tmp_path_factory.mktemp("team")
    repos = [small_repo(root / "api", 1).root, small_repo(root / "web", 2).root, root / "missing"]
    out = root / "out"
    done = org("replay", "--repos", str(repos_file(root / "r.txt", repos)), "--out", str(out),
               "--workers", "2")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_the_documented_schema_is_what_duckdb_reads_back(replayed):
    docs = (Path(__file__).parents[2] / "docs" / "org.md").read_text()
    described = query(f"describe select * from '{replayed}/repos.parquet'")
    assert [(c[0], c[1]) for c in described] == [(f.name, DUCK[f.type]) for f in REPOS]
    for table, schema in TABLES.items():
        files = f"{replayed}/{table}/*/*.parquet"
        described = query(f"describe select * from read_parquet('{files}', hive_partitioning=1)")
        expected = [(f.name, DUCK[f.type]) for f in schema] + [("repo", "VARCHAR")]
        assert [(c[0], c[1]) for c in described] == expected, table
        for field in schema:  # each column is documented in docs/org.md's table for it
            assert f"| `{field.name}` |" in docs.split(f"### `{table}`")[1].split("###")[0]
    assert sorted(p.name for p in (replayed / "regions").iterdir()) == ["repo=api", "repo=web"]


def test_report_json_contract_and_figures(replayed, tmp_path):
    out = tmp_path / "report.json"
    done = org("report", str(replayed), "--json", str(out))
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert {"schemaVersion", "repos", "total"} <= set(report)
    assert [r["repo"] for r in report["repos"]] == ["api", "missing", "web"]
    for repo in report["repos"]:
        assert {"repo", "status", "ai", "human"} <= set(repo)
        assert set(repo["ai"]) == set(repo["human"]) == GROUP
    failed = report["repos"][1]
    assert failed["status"] == "failed" and failed["ai"]["linesAtHead"] == 0
    for name in ("api", "web"):
        alone = tmp_path / f"{name}.json"
        source = next(r["source"] for r in report["repos"] if r["repo"] == name)
        assert run_cli("replay", source, "--db", str(tmp_path / f"{name}.db"), "--json",
                       str(alone)).returncode == 0  # fmt: skip
        expected = json.loads(alone.read_text())
        found = next(r for r in report["repos"] if r["repo"] == name)
        assert (found["ai"], found["human"]) == (expected["ai"], expected["human"])
    total = report["total"]
    assert (total["repos"], total["ok"], total["failed"]) == (3, 2, 1)
    for group in ("ai", "human"):
        assert total[group]["linesAtHead"] == sum(r[group]["linesAtHead"] for r in report["repos"])
    (claude,) = [t for t in report["tools"] if t["tool"] == "claude"]
    assert claude["repos"] == 2 and claude["linesAdded"] > 0
    assert {m["tool"] for m in report["models"]} == {t["tool"] for t in report["tools"]}
    assert "AI vs human per repository" in done.stdout
    by_model = org("report", str(replayed), "--by", "model")
    assert "AI per model" in by_model.stdout and "Claude Opus" in by_model.stdout


def test_html_report(replayed, tmp_path):
    page = tmp_path / "org.html"
    done = org("report", str(replayed), "--html", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text()
    for part in ('id="org-survival"', 'id="org-repos"', 'id="org-failed"', "<polyline", "api"):
        assert part in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")  # works offline


def test_live_export_beside_replayed_repositories(replayed, tmp_path):
    db = tmp_path / "live.db"
    code = tmp_path / "work" / "secret_module.py"
    code.parent.mkdir()
    code.write_text("import os\n\n\ndef f():\n    return os.sep\n\n\ndef g():\n    return 1\n")
    for lines, tool in (("4-5", "aider"), ("8-9", "claude")):
        done = run_cli("mark", "secret_module.py", "--lines", lines, "--tool", tool,
                       "--db", str(db), cwd=code.parent)  # fmt: skip
        assert done.returncode == 0, done.stderr
    team = tmp_path / "team"
    team.mkdir()
    (team / "replay").symlink_to(replayed, target_is_directory=True)
    done = run_cli("export", "--format", "parquet", "--out", str(team / "alice"), "--db", str(db),
                   cwd=code.parent)  # fmt: skip
    assert done.returncode == 0, done.stderr
    raw = b"".join(p.read_bytes() for p in (team / "alice").rglob("*.parquet"))
    assert b"secret_module" not in raw and b"os.sep" not in raw  # hashed paths, no source
    kept = tmp_path / "kept"
    assert run_cli("export", "--format", "parquet", "--out", str(kept), "--keep-paths",
                   "--db", str(db), cwd=code.parent).returncode == 0  # fmt: skip
    assert query(f"select path from '{kept}/regions/*/*.parquet'") == [("secret_module.py",)] * 2
    out = tmp_path / "report.json"
    done = org("report", str(team), "--json", str(out))
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    alice = next(r for r in report["repos"] if r["repo"] == "alice")
    assert alice["status"] == "ok" and alice["ai"]["linesAtHead"] == 4
    assert alice["ai"]["regions"] == 2 and alice["human"]["linesAtHead"] == 0
    assert {"aider", "claude"} <= {t["tool"] for t in report["tools"]}
    assert len(report["datasets"]) == 2


def test_every_sql_block_of_the_docs_runs_and_agrees(replayed, tmp_path):
    """docs/org.md's SQL, run by DuckDB from the folder above the dataset."""
    docs = (Path(__file__).parents[2] / "docs" / "org.md").read_text()
    blocks = re.findall(r"```sql\n(.*?)```", docs, re.S)
    assert len(blocks) >= 5
    con = duckdb.connect()
    con.execute(f"set file_search_path = '{replayed.parent}'")
    results = [con.execute(block).fetchall() for block in blocks]
    assert all(results)
    out = tmp_path / "report.json"
    assert org("report", str(replayed), "--json", str(out)).returncode == 0
    report = json.loads(out.read_text())
    at_head = {(repo, grp): n for repo, grp, _, n, _ in results[0]}
    for repo in report["repos"]:
        for group in ("ai", "human"):
            assert at_head.get((repo["repo"], group), 0) == repo[group]["linesAtHead"]
    # The scripted histories are shorter than 90 days: check the same query at 7 days.
    survival = dict(con.execute(blocks[2].replace("90 * 86400", "7 * 86400")).fetchall())
    for group in ("ai", "human"):
        assert round(survival[group], 4) == report["total"][group]["survival"]["7d"]
        assert dict(results[2])[group] == report["total"][group]["survival"]["90d"]
    assert results[-1] == [("missing", str(replayed.parent / "missing"), results[-1][0][2])]


def test_report_refuses_a_folder_without_dataset(tmp_path):
    done = org("report", str(tmp_path))
    assert done.returncode == 1 and "no dataset" in done.stderr


cohort = st.tuples(
    st.integers(0, 40 * DAY), st.one_of(st.none(), st.integers(0, 120 * DAY)), st.integers(1, 5)
)


@settings(max_examples=60, deadline=None)
@given(
    groups=st.lists(st.tuples(st.sampled_from("ab"), cohort), max_size=30),
    head=st.integers(20 * DAY, 130 * DAY),
)
def test_sql_survival_and_churn_equal_the_replay_reference(groups, head):
    """Kaplan–Meier and churn as DuckDB computes them over the tables, against the replay's
    own Python functions (the reference) on random cohorts."""
    con = duckdb.connect()
    rows = [
        (str(k), g, born, None if died is None else born + died, n)
        for k, (g, (born, died, n)) in enumerate(groups)
    ]
    con.execute("create table regions (ds int, repo varchar, region varchar, grp varchar)")
    con.execute("create table cohorts (ds int, repo varchar, region varchar, born_at timestamptz,"
                " died_at timestamptz, lines bigint)")  # fmt: skip
    con.execute("create table runs (ds int, repo varchar, head_time timestamptz)")
    con.execute("insert into runs values (0, 'r', to_timestamp(?))", [head])
    for region, group, born, died, n in rows:
        con.execute("insert into regions values (0, 'r', ?, ?)", [region, group])
        con.execute(
            "insert into cohorts values (0, 'r', ?, to_timestamp(?), to_timestamp(?), ?)",
            [region, born, died, n],
        )
    horizons = {**HORIZONS, "0d": 0, "late": 200 * DAY}
    sql_km = figures.survival(con, ["grp"], "true", horizons)
    sql_churn = figures.churn(con, ["grp"], "true")
    for group in "ab":
        cohorts = [(b, d, n) for _, g, b, d, n in rows if g == group]
        data = observations(cohorts, head)
        for name, t in horizons.items():
            expected = kaplan_meier(data, t)
            found = sql_km.get((group,), {}).get(name)
            assert (found is None) == (expected is None), (group, name)
            if expected is not None:
                assert found == pytest.approx(expected, abs=1e-9)
        expected_churn = churn(cohorts, head)
        found_churn = sql_churn.get((group,))
        assert (found_churn is None) == (expected_churn is None)
        if expected_churn is not None:
            assert round(found_churn, 4) == expected_churn
