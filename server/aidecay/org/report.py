"""``aidecay org report``: the dataset(s) read with DuckDB, as the report's JSON object.

A folder given is a dataset (it has ``repos.parquet``: ``aidecay org replay`` results or an
``aidecay export --format parquet``) or a folder of datasets one level down. Every table is
read through views with a ``ds`` column (which dataset) beside the ``repo`` partition column.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa

from aidecay.org import figures, report_scores
from aidecay.org.dataset import ALL_TABLES, DATASET_FILE, PART
from aidecay.org.extra import OrgError
from aidecay.org.schema import OPTIONAL, PARTITION, SCHEMA_VERSION, TABLES

REPORT_SCHEMA_VERSION = 1
CURVE_DAYS = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90)
AI, HUMAN = "ai", "human"


def find_datasets(paths: list[Path]) -> list[Path]:
    """Every dataset in ``paths`` (each a dataset or a folder of datasets)."""
    found: list[Path] = []
    for path in paths:
        if (path / "repos.parquet").is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(p for p in path.iterdir() if (p / "repos.parquet").is_file())
        else:
            raise OrgError(f"{path}: no such folder")
    if not found:
        raise OrgError(
            f"no dataset in {', '.join(map(str, paths))}: give the --out folder of "
            "`aidecay org replay` (or of `aidecay export --format parquet`), or a folder of them"
        )
    for dataset in found:
        marker = dataset / DATASET_FILE
        version = json.loads(marker.read_text()).get("schemaVersion") if marker.is_file() else None
        if version is not None and version > SCHEMA_VERSION:
            raise OrgError(f"{dataset} was written by a newer aidecay (schema {version})")
    return list(dict.fromkeys(found))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(datasets: list[Path]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with views ``repos``, ``runs``, ``regions``, ``cohorts`` (and the
    optional tables) over every dataset."""
    con = duckdb.connect()
    parts = [
        f"select {k} as ds, * from read_parquet({_quote(str(d / 'repos.parquet'))})"
        for k, d in enumerate(datasets)
    ]
    con.execute(f"create view repos as {' union all by name '.join(parts)}")
    for table in ALL_TABLES:
        parts = []
        for k, dataset in enumerate(datasets):
            if any((dataset / table).glob(f"{PARTITION}=*/{PART}")):
                files = _quote(str(dataset / table / f"{PARTITION}=*" / PART))
                parts.append(
                    f"select {k} as ds, * from read_parquet({files}, hive_partitioning = true, "
                    "hive_types_autocast = false, union_by_name = true)"
                )
        if parts:
            con.execute(f"create view {table} as {' union all by name '.join(parts)}")
        else:
            empty = pa.Table.from_pylist([], schema=TABLES.get(table) or OPTIONAL[table])
            empty = empty.append_column("ds", pa.array([], pa.int64()))
            empty = empty.append_column(PARTITION, pa.array([], pa.string()))
            con.register(f"{table}_empty", empty)
            con.execute(f"create view {table} as select * from {table}_empty")
    return con


def interrupted(datasets: list[Path]) -> list[str]:
    """Repositories a killed run left half-applied (``aidecay org replay`` finishes them)."""
    return [
        f"{d}/{p.name}"
        for d in datasets
        if (d / "_state" / "pending").is_dir()
        for p in (d / "_state" / "pending").iterdir()
    ]


def build(datasets: list[Path]) -> dict:
    """The report object (docs/org.md): per repository and overall, per tool and model."""
    con = connect(datasets)
    try:
        return _build(con, datasets)
    finally:
        con.close()


def _build(con, datasets: list[Path]) -> dict:
    where = f"grp in ('{AI}', '{HUMAN}')"
    per_repo = figures.groups(con, ["ds", "repo", "grp"], where)
    rows = con.execute(
        "select ds, repo, source, head, status, error, commits, aiCommits, seconds"
        " from repos order by repo, ds"
    ).fetchall()
    names = [r[1] for r in rows]
    cards, validity = report_scores.scorecards(con), report_scores.validities(con)
    repos = []
    for ds, repo, source, head, status, error, commits, ai_commits, seconds in rows:
        repos.append(
            {
                "repo": repo if names.count(repo) == 1 else f"{datasets[ds].name}/{repo}",
                "dataset": str(datasets[ds]),
                "source": source,
                "status": status,
                "error": error,
                "head": head,
                "commits": commits,
                "aiCommits": ai_commits,
                "seconds": seconds,
                AI: per_repo.get((ds, repo, AI)) or figures.empty_group(),
                HUMAN: per_repo.get((ds, repo, HUMAN)) or figures.empty_group(),
                "scorecard": cards.get((ds, repo), []),
                "validity": validity.get((ds, repo)),
            }
        )
    total = figures.groups(con, ["grp"], where)
    statuses = [r["status"] for r in repos]
    tool_key = "coalesce(tool, 'unknown')"
    model_key = "coalesce(model, '–')"
    ai_only = f"grp = '{AI}'"
    return {
        "schemaVersion": REPORT_SCHEMA_VERSION,
        "datasets": [str(d) for d in datasets],
        "repos": repos,
        "tools": _rows(con, ["tool"], [tool_key], ai_only),
        "models": _rows(con, ["tool", "model"], [tool_key, model_key], ai_only),
        "total": {
            "repos": len(repos),
            **{status: statuses.count(status) for status in ("ok", "unchanged", "failed")},
            "commits": sum(r["commits"] or 0 for r in repos),
            "aiCommits": sum(r["aiCommits"] or 0 for r in repos),
            AI: total.get((AI,)) or figures.empty_group(),
            HUMAN: total.get((HUMAN,)) or figures.empty_group(),
            "curves": {
                key[0]: {f"{d}d": value for d, value in curve.items()}
                for key, curve in figures.curves(con, ["grp"], CURVE_DAYS, where).items()
            },
            "validity": report_scores.pooled(con),
        },
    }


def _rows(con, names: list[str], keys: list[str], where: str) -> list[dict]:
    """AI figures per tool (or tool and model), with how many repositories each is in."""
    found = figures.groups(con, keys, where)
    spread = {
        tuple(row[:-1]): row[-1]
        for row in con.execute(
            f"select {', '.join(keys)}, count(distinct (ds, repo)) from regions"
            f" where {where} group by all"
        ).fetchall()
    }
    rows = []
    for key, group in found.items():
        added = group["linesAdded"]
        rows.append(
            {
                **dict(zip(names, key)),
                "repos": spread.get(key, 0),
                **group,
                "kept": round(group["linesAtHead"] / added, 4) if added else None,
            }
        )
    return sorted(rows, key=lambda r: (-r["linesAdded"], *[str(r[n]) for n in names]))
