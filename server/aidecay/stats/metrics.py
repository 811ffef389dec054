"""The statistics of docs/stats.md, as pure functions over region fates (``stats.fate``).

Lines are the unit (characters, for live regions, a detail). Survival is Kaplan–Meier of
lines at 7, 30 and 90 days; churn the share of lines changed or deleted within 14 days;
rework what happened to the AI's lines so far. A figure a source cannot give is None, and
the object says why (``missing``).
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median
from typing import Any

from aidecay.stats.estimate import clustered_share
from aidecay.stats.fate import LIVE, MISSING, REPLAY, Fate
from aidecay.stats.live_fates import END
from aidecay.stats.survival import CHURN_DAYS, DAY, WINDOWS, kaplan_meier_ci

STATS_VERSION = 2
CC_BUCKETS = (("≤ −2", -999, -2), ("−1", -1, -1), ("0", 0, 0), ("+1", 1, 1), ("+2…+4", 2, 4))
CC_TOP_BUCKET = "≥ +5"


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _live(fates: list[Fate]) -> list[Fate]:
    return [f for f in fates if f.source == LIVE]


def totals(fates: list[Fate]) -> dict[str, Any]:
    live = _live(fates)
    return {
        "regions": len(fates),
        "live": sum(not f.deleted for f in fates),
        "deleted": sum(f.deleted for f in fates),
        "files": len({(f.repo, f.path) for f in fates}),
        "aiLines": sum(f.lines for f in fates),
        "aiLinesAtEnd": sum(f.alive for f in fates),
        "aiChars": sum(f.chars or 0 for f in live) if live else None,
        "bySource": {
            s: sum(f.source == s for f in fates) for s in (LIVE, REPLAY) if any_(fates, s)
        },
    }


def any_(fates: list[Fate], source: str) -> bool:
    return any(f.source == source for f in fates)


def inserted_by_tool(fates: list[Fate]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for fate in fates:
        key = (fate.origin, fate.tool or "")
        row = groups.setdefault(
            key,
            {"origin": key[0], "tool": key[1] or None, "regions": 0, "lines": 0, "chars": None},
        )
        row["regions"] += 1
        row["lines"] += fate.lines
        if fate.chars is not None:
            row["chars"] = (row["chars"] or 0) + fate.chars
    return sorted(groups.values(), key=lambda r: (-r["lines"], r["origin"], r["tool"] or ""))


def survival(fates: list[Fate]) -> dict[str, Any]:
    """Kaplan–Meier survival of AI lines at 7, 30 and 90 days, with 95 % intervals."""
    data = [o for f in fates for o in f.observations()]
    result = {}
    for days in WINDOWS:
        rate, low, high, lines = kaplan_meier_ci(data, days * DAY)
        old = [f for f in fates if f.end - f.born >= days * DAY]
        chars = [f for f in _live(old) if f.chars_kept is not None]
        eligible = sum(f.chars or 0 for f in chars)
        kept = sum(f.kept_chars(days) for f in chars)
        result[f"{days}d"] = {
            "rate": _r(rate),
            "low": _r(low),
            "high": _r(high),
            "lines": lines,
            "regions": len(fates),
            "followedRegions": len(old),
            "survivingLines": sum(f.alive_at(f.born + days * DAY) for f in old),
            "followedLines": sum(f.lines for f in old),
            "chars": {"eligible": eligible, "surviving": kept, "rate": ratio(kept, eligible)}
            if chars
            else None,
            **({} if rate is not None else {"reason": f"no line followed {days} days yet"}),
        }
    return result


def churn(fates: list[Fate]) -> dict[str, Any]:
    """AI lines changed or deleted within 14 days of being written, among lines followed 14
    days (regions are clusters for the interval)."""
    pairs = [(f, c) for f in fates if (c := f.churn()) is not None]
    share = clustered_share(c for _, c in pairs)
    live = [f for f, _ in pairs if f.source == LIVE and f.chars_kept is not None]
    eligible = sum(f.chars or 0 for f in live)
    churned = sum((f.chars or 0) - f.kept_chars(14) for f in live)
    return {
        "days": CHURN_DAYS,
        "rate": share["value"],
        "low": share["low"],
        "high": share["high"],
        "lines": sum(c[1] for _, c in pairs),
        "churnedLines": sum(c[0] for _, c in pairs),
        "regions": len(pairs),
        "churnedRegions": sum(c[0] > 0 for _, c in pairs),
        "youngRegions": len(fates) - len(pairs),
        "chars": {"eligible": eligible, "churned": churned, "rate": ratio(churned, eligible)}
        if live
        else None,
    }


def rework(fates: list[Fate]) -> dict[str, Any]:
    """What happened to the AI's lines so far: changed or deleted, by whom, in how many
    edits (live edits and replayed commits alike)."""
    live = [f for f in _live(fates) if f.chars_kept is not None]
    lines = sum(f.lines for f in fates)
    changed = sum(f.dead for f in fates)
    by_author: dict[str, int] = defaultdict(int)
    for fate in live:
        for author, count in (fate.by_author or {}).items():
            by_author[author] += count
    chars = sum(f.chars or 0 for f in live)
    changed_chars = sum((f.chars or 0) - f.kept_chars(END) for f in live)
    return {
        "aiLines": lines,
        "changedLines": changed,
        "ratio": ratio(changed, lines),
        "edits": sum(f.edits for f in fates),
        "sittings": sum(f.sittings or 0 for f in live) if live else None,
        "chars": {"ai": chars, "changed": changed_chars, "ratio": ratio(changed_chars, chars)}
        if live
        else None,
        "byAuthor": dict(sorted(by_author.items())) if live else None,
    }


def diagnostics(fates: list[Fate]) -> dict[str, Any]:
    judged = [f for f in fates if f.findings_ever is not None]
    ever: dict[str, int] = defaultdict(int)
    active: dict[str, int] = defaultdict(int)
    for fate in judged:
        for code in fate.findings_ever or ():
            ever[code] += 1
        for code in fate.findings_now or ():
            active[code] += 1
    codes = [
        {
            "code": code,
            "regions": ever[code],
            "activeRegions": active[code],
            "share": ratio(ever[code], len(judged)),
            "activeShare": ratio(active[code], len(judged)),
        }
        for code in sorted(ever, key=lambda c: (-ever[c], c))
    ]
    result: dict[str, Any] = {"available": bool(judged), "regions": len(judged), "codes": codes}
    if len(judged) < len(fates):
        result["reason"] = MISSING[(REPLAY, "findings")]
        result["unjudgedRegions"] = len(fates) - len(judged)
    return result


def complexity(fates: list[Fate]) -> dict[str, Any]:
    measured = [f for f in fates if f.cc_birth is not None and f.cc_now is not None]
    counts = {label: 0 for label, *_ in CC_BUCKETS} | {CC_TOP_BUCKET: 0}
    for fate in measured:
        value = fate.cc_now - fate.cc_birth
        label = next((lab for lab, lo, hi in CC_BUCKETS if lo <= value <= hi), CC_TOP_BUCKET)
        counts[label] += 1
    mi = [f.mi_now - f.mi_birth for f in fates if f.mi_birth is not None and f.mi_now is not None]
    judged = [f for f in fates if f.grew is not None]
    result: dict[str, Any] = {
        "available": bool(measured),
        "regions": len(measured),
        "buckets": [{"label": k, "count": v} for k, v in counts.items()],
        "medianMaxCcDelta": median([f.cc_now - f.cc_birth for f in measured]) if measured else None,
        "growthRegions": sum(bool(f.grew) for f in judged),
        "growthJudged": len(judged),
        "medianMiDelta": round(median(mi), 2) if mi else None,
        "miRegions": len(mi),
    }
    if not mi and any_(fates, REPLAY):
        result["miReason"] = MISSING[(REPLAY, "mi")]
    return result


def top_files(fates: list[Fate], limit: int = 10) -> list[dict[str, Any]]:
    """Files ranked by AI lines changed or deleted since written (then by that share)."""
    files: dict[tuple, list[Fate]] = defaultdict(list)
    for fate in fates:
        files[(fate.repo, fate.path)].append(fate)
    rows = []
    for (repo, path), group in files.items():
        lines = sum(f.lines for f in group)
        changed = sum(f.dead for f in group)
        judged = [f for f in group if f.findings_now is not None]
        pairs = [c for f in group if (c := f.churn()) is not None]
        rows.append(
            {
                "path": path,
                "repo": repo,
                "regions": len(group),
                "aiLines": lines,
                "linesAtEnd": lines - changed,
                "changedLines": changed,
                "changedShare": ratio(changed, lines),
                "churn14d": ratio(sum(c[0] for c in pairs), sum(c[1] for c in pairs)),
                "deletedRegions": sum(f.deleted for f in group),
                "activeFindings": sum(len(f.findings_now or ()) for f in judged)
                if judged
                else None,
            }
        )
    rows.sort(key=lambda r: (-r["changedLines"], -(r["changedShare"] or 0), r["path"]))
    return [r for r in rows if r["changedLines"] > 0][:limit]


def missing(fates: list[Fate]) -> list[dict[str, str]]:
    """The metrics some of these regions cannot have, and why."""
    found = []
    if any_(fates, REPLAY):
        for metric in ("chars", "sittings", "mi", "findings"):
            found.append({"metric": metric, "source": REPLAY, "reason": MISSING[(REPLAY, metric)]})
    return found


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
