"""AI vs human figures computed by DuckDB over the dataset's tables, grouped by any key.

The same figures as ``aidecay replay`` (docs/replay.md), as SQL: lines added and at HEAD,
regions, regions with complexity growth, Kaplan–Meier survival at fixed horizons (lines
still at HEAD censored at their repository's HEAD time; deaths at a time counted before
the lines censored then; null past the longest follow-up) and the 14-day churn share. The
queries expect views ``regions``, ``cohorts`` and ``runs`` with columns ``ds`` (dataset) and
``repo`` (see ``report.connect``).
"""

from __future__ import annotations

from aidecay.stats.survival import CHURN_WINDOW, DAY, HORIZONS

#: Observations: one row per cohort, with its region's attributes and its censoring time.
OBSERVATIONS = """
select r.*, c.lines as n, c.died_at is not null as dead,
       greatest(0, epoch(coalesce(c.died_at, u.head_time)) - epoch(c.born_at))::bigint as d,
       (epoch(u.head_time) - epoch(c.born_at))::bigint as age,
       (epoch(c.died_at) - epoch(c.born_at))::bigint as lived
from cohorts c
join regions r on r.ds = c.ds and r.repo = c.repo and r.region = c.region
join runs u on u.ds = c.ds and u.repo = c.repo
"""


def _keys(keys: list[str]) -> tuple[str, str]:
    select = ", ".join(f"{expr} as k{i}" for i, expr in enumerate(keys))
    group = ", ".join(f"k{i}" for i in range(len(keys)))
    return select, group


def survival(con, keys: list[str], where: str, horizons: dict[str, int]) -> dict:
    """key tuple -> {horizon name: S(t) or None} (unrounded)."""
    select, group = _keys(keys)
    values = ", ".join(f"('{name}', {int(t)})" for name, t in horizons.items())
    sql = f"""
    with obs as (select {select}, d, dead, n from ({OBSERVATIONS}) where {where}),
    steps as (
        select {group}, d, sum(n) filter (where dead)::double as deaths, sum(n)::double as leaving
        from obs group by {group}, d
    ),
    risk as (
        select *, sum(leaving) over (partition by {group} order by d) - leaving as before,
               sum(leaving) over (partition by {group}) as total,
               max(d) over (partition by {group}) as longest
        from steps
    ),
    horizons(name, t) as (values {values})
    select {group}, h.name,
        case when max(longest) < h.t then null
             else coalesce(product(1 - deaths / (total - before))
                           filter (where d <= h.t and deaths > 0), 1.0)
        end
    from risk cross join horizons h
    group by {group}, h.name, h.t
    """
    found: dict = {}
    for row in con.execute(sql).fetchall():
        found.setdefault(tuple(row[: len(keys)]), {})[row[-2]] = row[-1]
    return found


def churn(con, keys: list[str], where: str) -> dict:
    """key tuple -> share of lines changed or deleted within 14 days, among lines born at
    least 14 days before HEAD (None when there are none)."""
    select, group = _keys(keys)
    sql = f"""
    select {group},
        coalesce(sum(n) filter (where age >= {CHURN_WINDOW} and dead
                                and lived <= {CHURN_WINDOW}), 0)::double
        / nullif(sum(n) filter (where age >= {CHURN_WINDOW}), 0)
    from (select {select}, n, dead, age, lived from ({OBSERVATIONS}) where {where})
    group by {group}
    """
    return {tuple(row[:-1]): row[-1] for row in con.execute(sql).fetchall()}


def counts(con, keys: list[str], where: str) -> dict:
    """key tuple -> lines added, lines at HEAD, regions, regions with complexity growth."""
    select, group = _keys(keys)
    sql = f"""
    select {group}, sum(lines_added)::bigint, sum(lines_at_head)::bigint, count(*),
           count(*) filter (where complexity_growth)
    from (select {select}, * from regions where {where}) group by {group}
    """
    return {tuple(row[:-4]): row[-4:] for row in con.execute(sql).fetchall()}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def empty_group() -> dict:
    return {
        "linesAdded": 0,
        "linesAtHead": 0,
        "survival": dict.fromkeys(HORIZONS),
        "churn14d": None,
        "regions": 0,
        "complexityGrowthRegions": 0,
    }


def groups(con, keys: list[str], where: str = "true") -> dict[tuple, dict]:
    """key tuple -> the group object of ``aidecay replay --json`` (``ai``/``human``)."""
    found: dict[tuple, dict] = {}
    for key, (added, at_head, regions, grew) in counts(con, keys, where).items():
        group = found.setdefault(key, empty_group())
        group.update(
            linesAdded=added, linesAtHead=at_head, regions=regions, complexityGrowthRegions=grew
        )
    for key, curve in survival(con, keys, where, HORIZONS).items():
        found.setdefault(key, empty_group())["survival"] = {
            name: _round(curve.get(name)) for name in HORIZONS
        }
    for key, share in churn(con, keys, where).items():
        found.setdefault(key, empty_group())["churn14d"] = _round(share)
    return found


def curves(con, keys: list[str], days: tuple[int, ...], where: str = "true") -> dict:
    """key tuple -> {day: S(day)} for drawing survival curves."""
    horizons = {f"{d}d": d * DAY for d in days}
    found = survival(con, keys, where, horizons)
    return {key: {d: curve.get(f"{d}d") for d in days} for key, curve in found.items()}
