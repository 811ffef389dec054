"""``aidecay org replay --validate``: each repository's validity figures equal what
``aidecay replay --validate`` reports for it alone, and ``aidecay org report`` pools them
across repositories (one Cox model stratified by repository) and shows them."""

from __future__ import annotations

import json
from pathlib import Path

from clihelp import run_cli
from orghelp import DUCK, long_repo, org, query, repos_file, small_repo

from aidecay.core.settings import DIAGNOSTIC_CODES
from aidecay.org.schema import OPTIONAL


def test_validate_per_repository_pooled_and_documented(tmp_path):
    repos = [small_repo(tmp_path / "svc", 4).root, long_repo(tmp_path / "mono", 300, seed=3)]
    listing = str(repos_file(tmp_path / "r.txt", repos))
    out = tmp_path / "out"
    done = org("replay", "--repos", listing, "--out", str(out), "--workers", "2", "--validate")
    assert done.returncode == 0, done.stdout + done.stderr
    report_file = tmp_path / "report.json"
    shown = org("report", str(out), "--json", str(report_file))
    assert shown.returncode == 0, shown.stderr
    report = json.loads(report_file.read_text())
    reported = {r["repo"]: r for r in report["repos"]}
    for path in repos:
        alone = tmp_path / f"{path.name}.json"
        ran = run_cli("replay", str(path), "--db", str(tmp_path / f"{path.name}.db"), "--json",
                      str(alone), "--validate")  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        assert reported[path.name]["validity"] == json.loads(alone.read_text())["validity"]
    pooled = report["total"]["validity"]
    assert pooled["repos"] == 2 and set(pooled["figures"]) == set(DIAGNOSTIC_CODES)
    for code, figure in pooled["figures"].items():
        # region ids repeat across repositories: pooled, each is still its own region
        for side in ("flagged", "unflagged"):
            assert figure[side] == sum(reported[p.name]["validity"][code][side] for p in repos)
    assert reported["mono"]["validity"]["churn"]["flagged"] > 0
    assert "pooled over 2 validated repositories" in shown.stdout
    assert "churn" in shown.stdout

    docs = (Path(__file__).parents[2] / "docs" / "org.md").read_text()
    for table in ("scorecard", "validity", "timelines"):
        files = f"{out}/{table}/*/*.parquet"
        described = query(f"describe select * from read_parquet('{files}', hive_partitioning=1)")
        expected = [(f.name, DUCK[f.type]) for f in OPTIONAL[table]] + [("repo", "VARCHAR")]
        assert [(c[0], c[1]) for c in described] == expected, table
        for field in OPTIONAL[table]:  # each column is documented in docs/org.md
            assert f"| `{field.name}` |" in docs.split(f"### `{table}`")[1].split("###")[0]

    page = tmp_path / "org.html"
    assert org("report", str(out), "--html", str(page)).returncode == 0
    assert 'id="org-validity"' in page.read_text() and 'id="org-scorecard"' in page.read_text()

    again = org("replay", "--repos", listing, "--out", str(out), "--workers", "2")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "✓ mono" in again.stdout  # other options: walked again, not `unchanged`
    assert not (out / "validity").exists() or not any((out / "validity").iterdir())
    assert (out / "scorecard" / "repo=mono").is_dir()
