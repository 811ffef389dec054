"""``aidecay scorecard``: which tool (and model) leaves code that lasts, here.

One row per AI tool (or model, or both: ``by``), one for human-written code, one for bots;
every figure with its sample size and a 95 % interval (``stats.estimate``), computed from the
same region fates as ``aidecay stats`` (``stats.fate``). Comparisons are hazard ratios
stratified by directory and adjusted for calendar time (``stats.hazard``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from statistics import median
from typing import Any

from aidecay.stats import hazard
from aidecay.stats.estimate import (
    MIN_REGIONS,
    Estimate,
    clustered_share,
    enough,
    estimate,
    missing,
    wilson,
)
from aidecay.stats.fate import AI, BOT, HUMAN, LIVE, MISSING, Fate
from aidecay.stats.sources import History
from aidecay.stats.survival import DAY, WINDOWS, kaplan_meier_ci

SCHEMA_VERSION = 1
BY = ("tool", "model", "tool,model")
ACCEPT_DAYS = 30


def label(fate: Fate, by: str) -> tuple[str, str | None, str | None]:
    """(group, tool, model) of the row ``fate`` belongs to."""
    if fate.group != AI:
        return fate.group, None, None
    tool = fate.tool or "unknown"
    model = fate.model or "unknown"
    if by == "tool":
        return AI, tool, None
    if by == "model":
        return AI, None, model
    return AI, tool, model


def name(key: tuple[str, str | None, str | None]) -> str:
    group, tool, model = key
    if group != AI:
        return group
    return " / ".join(part for part in (tool, model) if part is not None)


def survival(fates: list[Fate]) -> dict[str, Estimate]:
    data = [o for f in fates for o in f.observations()]
    found = {}
    for days in WINDOWS:
        value, low, high, lines = kaplan_meier_ci(data, days * DAY)
        if value is None:
            found[f"{days}d"] = missing(lines, f"no line followed {days} days yet")
        else:
            found[f"{days}d"] = enough(estimate(value, low, high, lines), len(fates))
    return found


def rework(fates: list[Fate]) -> Estimate:
    """AI (or human) lines changed or deleted within 14 days, among lines followed 14 days."""
    pairs = [c for f in fates if (c := f.churn()) is not None]
    if not pairs:
        return missing(0, "no line followed 14 days yet")
    return enough(clustered_share(pairs), len(pairs))


def complexity_growth(fates: list[Fate]) -> Estimate:
    judged = [f for f in fates if f.grew is not None]
    if not judged:
        return missing(0, "no region measured at birth and now")
    return enough(wilson(sum(bool(f.grew) for f in judged), len(judged)), len(judged))


def revisions(fates: list[Fate]) -> dict[str, Any]:
    """Changes to a region's lines before it stayed unchanged 30 days (regions whose fate
    is decided: accepted, or all lines gone first)."""
    decided = [r for f in fates if (r := f.revisions(ACCEPT_DAYS)) is not None]
    accepted = sorted(count for count, ok in decided if ok)
    result: dict[str, Any] = {"median": None, "p90": None, "neverAccepted": None, "n": len(decided)}
    if len(decided) < MIN_REGIONS:
        result["reason"] = (
            f"not enough data ({len(decided)} regions decided; at least {MIN_REGIONS})"
        )
        return result
    result["neverAccepted"] = round(1 - len(accepted) / len(decided), 4)
    if accepted:
        result["median"] = median(accepted)
        result["p90"] = accepted[min(len(accepted) - 1, int(0.9 * len(accepted)))]
    return result


def findings_per_1k(fates: list[Fate]) -> dict[str, dict[str, float | None]]:
    judged = [f for f in fates if f.findings_birth is not None]
    lines = sum(f.lines for f in judged)
    alive = sum(f.alive for f in judged)
    birth: dict[str, int] = defaultdict(int)
    now: dict[str, int] = defaultdict(int)
    for fate in judged:
        for code in fate.findings_birth or ():
            birth[code] += 1
        for code in fate.findings_now or ():
            now[code] += 1
    return {
        code: {
            "birth": round(1000 * birth[code] / lines, 3) if lines else None,
            "now": round(1000 * now[code] / alive, 3) if alive else None,
        }
        for code in sorted(set(birth) | set(now))
    }


def row(key: tuple, fates: list[Fate]) -> dict:
    """Every figure of one row but its hazard ratio (``with_hazard`` adds it)."""
    group, tool, model = key
    found = {
        "group": group,
        "tool": tool,
        "model": model,
        "linesAdded": sum(f.lines for f in fates),
        "regions": len(fates),
        "linesAtEnd": sum(f.alive for f in fates),
        "survival": survival(fates),
        "revisions": revisions(fates),
        "rework14d": rework(fates),
        "complexityGrowth": complexity_growth(fates),
        "findingsPer1k": findings_per_1k(fates),
        "hazardRatioVsHuman": None,
    }
    if not any(f.findings_birth is not None for f in fates):
        found["reasons"] = {"findingsPer1k": _findings_reason(fates)}
    return found


def with_hazard(found: dict, fit: hazard.CoxFit | None, why: str | None) -> dict:
    key = (found["group"], found["tool"], found["model"])
    if found["group"] != HUMAN:
        value = missing(found["linesAdded"], why) if why or fit is None else fit.ratio(name(key))
        found["hazardRatioVsHuman"] = value
        found["verdictVsHuman"] = hazard.verdict(value, name(key), HUMAN)
    return found


def _findings_reason(fates: list[Fate]) -> str:
    if any(f.source == LIVE for f in fates):
        return "no findings recorded (this database predates them)"
    return MISSING[("replay", "findings")]


def grouped(fates: list[Fate], by: str) -> dict[tuple, list[Fate]]:
    rows: dict[tuple, list[Fate]] = defaultdict(list)
    for fate in fates:
        rows[label(fate, by)].append(fate)
    order = {AI: 0, HUMAN: 1, BOT: 2}
    return dict(sorted(rows.items(), key=lambda kv: (order.get(kv[0][0], 3), -len(kv[1]))))


def cox_design(rows: dict[tuple, list[Fate]]) -> tuple[hazard.Design | None, str | None]:
    """The data of the model behind every hazard ratio, or why there is none."""
    has_human = any(k[0] == HUMAN for k in rows)
    if not has_human and len(rows) < 2:
        return None, MISSING[(LIVE, "human")]
    reference = HUMAN if has_human else name(max(rows, key=lambda k: len(rows[k])))
    labels = [(f, name(k)) for k, fates in rows.items() for f in fates]
    return hazard.design(labels, reference), None if has_human else MISSING[(LIVE, "human")]


def cox(data: hazard.Design | None, why: str | None) -> tuple[hazard.CoxFit | None, str | None]:
    if data is None:
        return None, why
    try:
        return hazard.fit(data), why
    except (hazard.MissingExtra, hazard.CannotFit) as exc:
        return None, str(exc)


def comparisons(names: list[str], fit: hazard.CoxFit | None) -> list[dict]:
    """Every pair of rows as a hazard ratio (the first against the second)."""
    if fit is None:
        return []
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            value = fit.ratio(a, b)
            found.append(
                {"a": a, "b": b, "hazardRatio": value, "verdict": hazard.verdict(value, a, b)}
            )
    return found


def trend(fates: list[Fate], by: str) -> list[dict[str, Any]]:
    """The same figures per month of birth (UTC), per row."""
    months: dict[str, list[Fate]] = defaultdict(list)
    for fate in fates:
        months[datetime.fromtimestamp(fate.born, timezone.utc).strftime("%Y-%m")].append(fate)
    found = []
    for month, members in sorted(months.items()):
        for key, group in grouped(members, by).items():
            found.append(
                {
                    "month": month,
                    "group": key[0],
                    "tool": key[1],
                    "model": key[2],
                    "linesAdded": sum(f.lines for f in group),
                    "regions": len(group),
                    "linesAtEnd": sum(f.alive for f in group),
                    "survival": survival(group),
                    "rework14d": rework(group),
                    "complexityGrowth": complexity_growth(group),
                    "findingsPer1k": findings_per_1k(group),
                }
            )
    return found


def build(history: History, *, repo: str | None, by: str = "tool") -> dict[str, Any]:
    """The ``--json`` object: ``{"schemaVersion", "repo", "source", "range", "rows", "trend"}``.

    The history's fates are released (``history.fates`` emptied) once every figure but the
    hazard ratios is computed, so the statistics libraries load into the memory they freed.
    """
    if by not in BY:
        raise ValueError(f"--by must be one of {', '.join(BY)}, got {by!r}")
    grouped_rows = grouped(history.fates, by)
    names = [name(k) for k in grouped_rows]
    design, why = cox_design(grouped_rows)
    rows = [row(key, fates) for key, fates in grouped_rows.items()]
    months = trend(history.fates, by)
    grouped_rows.clear()
    history.fates = []
    fit, why = cox(design, why)
    return {
        "schemaVersion": SCHEMA_VERSION,
        "repo": repo,
        "source": history.source,
        "range": None,
        "by": by,
        "rows": [with_hazard(found, fit, why) for found in rows],
        "trend": months,
        "comparisons": comparisons(names, fit),
        "reference": fit.reference if fit else None,
        "minimumRegions": MIN_REGIONS,
    }
