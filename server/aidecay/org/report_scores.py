"""The scorecard and validity parts of ``aidecay org report``, read from the dataset.

Per repository: its ``aidecay scorecard`` rows as that command's ``--json`` writes them, and,
when it was replayed with ``--validate``, the ``"validity"`` object of ``aidecay replay
--validate --json``. Across repositories: the validity hazard ratios pooled from every
region's timeline, one Cox model stratified by repository (``stats.validity``; needs the
``stats`` extra, and says so without it). Scorecard rows are not pooled: a hazard ratio is
relative to one repository's own human code.
"""

from __future__ import annotations

import json

from aidecay.stats import flag_hazard
from aidecay.stats.flag_hazard import HazardRatio
from aidecay.stats.validity import Timeline, validity

#: The order of ``aidecay scorecard``'s rows: AI rows, human, bots; larger first.
ORDER = {"ai": 0, "human": 1, "bot": 2}


def scorecards(con) -> dict[tuple[int, str], list[dict]]:
    """(dataset, repository) -> its scorecard rows."""
    found: dict[tuple[int, str], list[dict]] = {}
    for ds, repo, row in con.execute("select ds, repo, row from scorecard").fetchall():
        found.setdefault((ds, repo), []).append(json.loads(row))
    for rows in found.values():
        rows.sort(key=lambda r: (ORDER.get(r["group"], 3), -r["regions"], str(r["tool"])))
    return found


def validities(con) -> dict[tuple[int, str], dict[str, dict]]:
    """(dataset, repository) -> code -> the figure ``aidecay replay --validate`` reports."""
    found: dict[tuple[int, str], dict[str, dict]] = {}
    sql = (
        "select ds, repo, code, flagged, unflagged, events_flagged, events_unflagged,"
        " hazard_ratio, low, high, reason from validity order by code"
    )
    for ds, repo, code, *figure in con.execute(sql).fetchall():
        found.setdefault((ds, repo), {})[code] = HazardRatio(*figure).as_json()
    return found


def pooled(con) -> dict:
    """Per code, the hazard ratio over every validated repository's AI regions."""
    rows = con.execute(
        "select ds, repo, region, born_at, end_at, events, findings from timelines"
    ).fetchall()
    strata = {(ds, repo) for ds, repo, *_ in rows}
    result: dict = {"repos": len(strata), "figures": None, "reason": None}
    if not rows:
        result["reason"] = "no repository was replayed with --validate"
        return result
    try:
        flag_hazard.require()
    except flag_hazard.StatsUnavailable as exc:
        result["reason"] = str(exc)
        return result
    lines = [
        # region ids are per repository: the subject (a cluster) names its stratum too
        Timeline(f"{ds}/{repo}/{region}", f"{ds}/{repo}", born, end, tuple(events),
                 json.loads(findings))
        for ds, repo, region, born, end, events, findings in rows
    ]  # fmt: skip
    result["figures"] = {code: figure.as_json() for code, figure in validity(lines).items()}
    return result
