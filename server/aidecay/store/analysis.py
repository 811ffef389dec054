"""Schema version 2: the decay analysis's tables (``metrics`` and ``findings``); version 6:
the maintainability index redefined.

``metrics`` keeps one ``baseline`` row per region (measured when the region was created, or
at its first successful measurement) and a ``sample`` row whenever the measured values
change. ``findings`` keeps the state of each diagnostic code on each region.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

import sqlite_utils


def create_v2(db: sqlite_utils.Database) -> None:
    """Decay analysis: region metrics over time, and the findings reported on regions."""
    db["metrics"].create(
        {
            "id": int,
            "region_id": str,
            "uri": str,
            "at": str,
            "version": int,
            "kind": str,  # baseline | sample
            "mi": float,
            "halstead_volume": float,
            "sloc": int,
            "functions": str,  # JSON {qualname: cyclomatic complexity}
            "max_cc": int,
        },
        pk="id",
    )
    db["metrics"].create_index(["region_id", "kind", "at"])
    db["findings"].create(
        {
            "region_id": str,
            "code": str,
            "uri": str,
            "message": str,
            "severity": str,
            "first_seen_at": str,
            "last_seen_at": str,
            "active": int,
        },
        pk=("region_id", "code"),
    )
    db["findings"].create_index(["uri", "active"])


def redefine_mi_v6(db: sqlite_utils.Database) -> None:
    """The maintainability index is no longer radon's clamped one with docstrings counted as
    comments (``analysis/metrics.py``): the values measured before move to ``mi_radon``, and
    ``mi`` starts empty, so no region compares an index of one definition with one of the
    other (a baseline without one gets it at the region's next measurement)."""
    db.execute("alter table metrics rename column mi to mi_radon")
    db.execute("alter table metrics add column mi float")


INSERT_METRICS = """
insert into metrics (region_id, uri, at, version, kind, mi, halstead_volume, sloc, functions,
                     max_cc)
values (:region_id, :uri, :at, :version, :kind, :mi, :halstead_volume, :sloc, :functions,
        :max_cc)
"""
UPSERT_FINDING = """
insert into findings (region_id, code, uri, message, severity, first_seen_at, last_seen_at,
                      active)
values (:region_id, :code, :uri, :message, :severity, :first_seen_at, :last_seen_at, :active)
on conflict (region_id, code) do update set
    uri = excluded.uri,
    message = case when excluded.active then excluded.message else findings.message end,
    severity = case when excluded.active then excluded.severity else findings.severity end,
    first_seen_at = case when excluded.active and not findings.active
                         then excluded.first_seen_at else findings.first_seen_at end,
    last_seen_at = case when excluded.active then excluded.last_seen_at
                        else findings.last_seen_at end,
    active = excluded.active
"""


@dataclass(frozen=True)
class MetricsRow:
    """One measurement of a region (``kind`` baseline or sample)."""

    region_id: str
    uri: str
    at: str
    version: int | None
    kind: str
    mi: float | None
    halstead_volume: float | None
    sloc: int | None
    functions: dict[str, int]
    max_cc: int | None


@dataclass(frozen=True)
class FindingRow:
    """The state of one diagnostic code on one region (``active`` 0 once it is gone)."""

    region_id: str
    code: str
    uri: str
    message: str
    severity: str
    seen_at: str
    active: bool


def load_metrics(db: sqlite_utils.Database, region_ids: list[str], kind: str) -> dict:
    """The latest row of ``kind`` for each region: the baseline in force (the one measured
    from the inserted text, or the one taken at the latest review) or the latest sample."""
    found: dict[str, MetricsRow] = {}
    order = "at desc, id desc"
    for chunk in range(0, len(region_ids), 500):
        ids = region_ids[chunk : chunk + 500]
        marks = ", ".join("?" * len(ids))
        rows = db.execute(
            f"select * from metrics where kind = ? and region_id in ({marks}) order by {order}",
            [kind, *ids],
        )
        names = [d[0] for d in rows.description]
        for row in rows.fetchall():
            values = dict(zip(names, row))
            found.setdefault(values["region_id"], metrics_from_row(values))
    return found


def load_findings(db: sqlite_utils.Database, region_id: str | None, active_only: bool) -> list:
    where, args = [], []
    if region_id:
        where.append("region_id = ?")
        args.append(region_id)
    if active_only:
        where.append("active = 1")
    return list(db["findings"].rows_where(" and ".join(where) or None, args, order_by="code"))


def metrics_row(row: MetricsRow) -> dict:
    values = dict(row.__dict__)
    values["functions"] = json.dumps(row.functions, sort_keys=True)
    return values


def metrics_from_row(values: dict) -> MetricsRow:
    values = {k: v for k, v in values.items() if k in _METRICS_FIELDS}
    values["functions"] = json.loads(values["functions"] or "{}")
    return MetricsRow(**values)


_METRICS_FIELDS = frozenset(f.name for f in fields(MetricsRow))


def finding_row(row: FindingRow) -> dict:
    return {
        "region_id": row.region_id,
        "code": row.code,
        "uri": row.uri,
        "message": row.message,
        "severity": row.severity,
        "first_seen_at": row.seen_at,
        "last_seen_at": row.seen_at,
        "active": int(row.active),
    }


#: ``findings.accepted`` (schema 3): what a review accepted — the message, or for ``churn``
#: ``sittings:<n>`` (the region's sittings at the review).
ACCEPT_FINDING = "update findings set accepted = ? where region_id = ? and code = ?"


def load_accepted(db: sqlite_utils.Database, region_ids: list[str]) -> dict[str, dict[str, str]]:
    """Per region: code -> what its latest review accepted."""
    found: dict[str, dict[str, str]] = {}
    for chunk in range(0, len(region_ids), 500):
        ids = region_ids[chunk : chunk + 500]
        rows = db.execute(
            "select region_id, code, accepted from findings where accepted is not null"
            f" and region_id in ({', '.join('?' * len(ids))})",
            ids,
        )
        for region_id, code, accepted in rows.fetchall():
            found.setdefault(region_id, {})[code] = accepted
    return found
