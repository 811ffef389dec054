"""The Parquet dataset's schema (version ``SCHEMA_VERSION``; docs/org.md documents it).

``repos.parquet`` has one row per repository; every other table is a folder partitioned by
repository the Hive way (``regions/repo=NAME/part-0.parquet``), so DuckDB, Spark, Trino and
pyarrow read the ``repo`` column from the folder name; it is not stored in the files.
Times are UTC seconds.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 1
PARTITION = "repo"
TIME = pa.timestamp("s", tz="UTC")
STATUSES = ("ok", "failed", "unchanged")

REPOS = pa.schema(
    [
        ("repo", pa.string()),
        ("source", pa.string()),
        ("head", pa.string()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("commits", pa.int64()),
        ("aiCommits", pa.int64()),
        ("seconds", pa.float64()),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "runs": pa.schema(
        [
            ("source", pa.string()),  # replay | live
            ("head", pa.string()),
            ("head_time", TIME),  # lines still alive are censored here
            ("since", pa.string()),
            ("validate", pa.bool_()),
            ("replayed_at", TIME),
            ("aidecay_version", pa.string()),
            ("commits", pa.int64()),
            ("ai_commits", pa.int64()),
            ("seconds", pa.float64()),
            ("cpu_seconds", pa.float64()),
            ("peak_rss_mib", pa.float64()),
            ("summary", pa.string()),  # the `aidecay replay --json` object
        ]
    ),
    "commits": pa.schema(
        [
            ("sha", pa.string()),
            ("committed_at", TIME),
            ("author_id", pa.string()),
            ("grp", pa.string()),
            ("tool", pa.string()),
            ("model", pa.string()),
            ("merge", pa.bool_()),
            ("lines_added", pa.int64()),
            ("ai_lines_added", pa.int64()),
        ]
    ),
    "regions": pa.schema(
        [
            ("region", pa.string()),
            ("grp", pa.string()),
            ("origin", pa.string()),
            ("tool", pa.string()),
            ("model", pa.string()),
            ("evidence", pa.string()),
            ("sha", pa.string()),
            ("path", pa.string()),
            ("function", pa.string()),
            ("born_at", TIME),
            ("lines_added", pa.int64()),
            ("lines_at_head", pa.int64()),
            ("head_path", pa.string()),
            ("head_first", pa.int64()),
            ("head_last", pa.int64()),
            ("deleted_sha", pa.string()),
            ("deleted_at", TIME),
            ("edits", pa.int64()),
            ("ai_edits", pa.int64()),
            ("max_cc_birth", pa.int64()),
            ("max_cc_head", pa.int64()),
            ("complexity_growth", pa.bool_()),
        ]
    ),
    "cohorts": pa.schema(
        [
            ("region", pa.string()),
            ("born_at", TIME),
            ("died_at", TIME),  # null: the lines are still at HEAD
            ("lines", pa.int64()),
        ]
    ),
}


def _figure(name: str) -> list[tuple[str, pa.DataType]]:
    return [(f"{name}{end}", pa.float64()) for end in ("", "_low", "_high")]


#: Tables a repository has only sometimes: ``scorecard`` when the replay found any region,
#: ``validity`` and ``timelines`` with ``--validate`` (docs/org.md).
OPTIONAL: dict[str, pa.Schema] = {
    "scorecard": pa.schema(
        [
            ("by", pa.string()),  # the rows' grouping (tool)
            ("grp", pa.string()),  # ai | human | bot
            ("tool", pa.string()),
            ("model", pa.string()),
            ("lines_added", pa.int64()),
            ("regions", pa.int64()),
            ("lines_at_end", pa.int64()),
            *_figure("survival_7d"),
            *_figure("survival_30d"),
            *_figure("survival_90d"),
            *_figure("rework_14d"),
            *_figure("complexity_growth"),
            *_figure("hazard_ratio"),  # against human lines; null for the human row
            ("verdict", pa.string()),
            ("row", pa.string()),  # the `aidecay scorecard --json` row, every figure
        ]
    ),
    "validity": pa.schema(
        [
            ("code", pa.string()),
            ("head", pa.string()),
            ("flagged", pa.int64()),
            ("unflagged", pa.int64()),
            ("events_flagged", pa.int64()),
            ("events_unflagged", pa.int64()),
            ("hazard_ratio", pa.float64()),
            ("low", pa.float64()),
            ("high", pa.float64()),
            ("reason", pa.string()),
        ]
    ),
    "timelines": pa.schema(
        [
            ("region", pa.string()),
            ("born_at", pa.int64()),  # Unix seconds, as stats.validity.Timeline
            ("end_at", pa.int64()),
            ("events", pa.list_(pa.int64())),
            ("findings", pa.string()),  # JSON {code: Unix time it first fired}
        ]
    ),
}
