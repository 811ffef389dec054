"""The statistics of docs/stats.md, as pure functions over database rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from statistics import median
from typing import Any

from aidecay.core.clock import format_time
from aidecay.stats.aggregate import CHURN_DAYS, SURVIVAL_DAYS, Aggregates
from aidecay.stats.scope import Scope, at, display_path, line_count

STATS_VERSION = 1
CC_BUCKETS = (("≤ −2", -999, -2), ("−1", -1, -1), ("0", 0, 0), ("+1", 1, 1), ("+2…+4", 2, 4))
CC_TOP_BUCKET = "≥ +5"


def ai_chars(region: dict) -> int:
    return len(region["original_text"] or "")


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def inserted_by_tool(regions: list[dict]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for region in regions:
        key = (region["origin"], region["tool"] or "")
        row = groups.setdefault(
            key, {"origin": key[0], "tool": key[1] or None, "regions": 0, "lines": 0, "chars": 0}
        )
        row["regions"] += 1
        row["lines"] += line_count(region["original_text"] or "")
        row["chars"] += ai_chars(region)
    return sorted(groups.values(), key=lambda r: (-r["chars"], r["origin"], r["tool"] or ""))


def survival(regions: list[dict], sums: Aggregates, scope: Scope) -> dict[str, Any]:
    """AI characters still present 1, 7 and 30 days after insertion (see docs/stats.md)."""
    result = {}
    for k, days in enumerate(SURVIVAL_DAYS):
        cutoff = scope.now - timedelta(days=days)
        cutoff_text = format_time(cutoff)
        eligible = [r for r in regions if r["created_at"] <= cutoff_text]
        total = kept = alive = 0
        for region in eligible:
            moment = plus(region, days)
            chars = _surviving(region, sums.regions[region["id"]].deleted_by[k], moment)
            total += ai_chars(region)
            kept += chars
            alive += chars > 0
        result[f"{days}d"] = {
            "eligibleRegions": len(eligible),
            "eligibleChars": total,
            "survivingChars": kept,
            "rate": ratio(kept, total),
            "regionRate": ratio(alive, len(eligible)),
        }
    return result


def _surviving(region: dict, removed: int, moment: str) -> int:
    if region["status"] == "deleted" and region["deleted_at"] and region["deleted_at"] <= moment:
        return 0
    return max(0, ai_chars(region) - removed)


def churn(regions: list[dict], sums: Aggregates, scope: Scope) -> dict[str, Any]:
    """Code changed or deleted within 14 days of being written (edits' net sizes)."""
    total = churned = touched = complete = 0
    for region in regions:
        window_end = plus(region, CHURN_DAYS)
        complete += window_end <= scope.now_text
        size = ai_chars(region)
        if region["status"] == "deleted" and (region["deleted_at"] or "~") <= window_end:
            changed = size
        else:
            changed = sums.regions[region["id"]].churned
        total += size
        churned += min(size, changed)
        touched += changed > 0
    return {
        "days": CHURN_DAYS,
        "eligibleRegions": len(regions),
        "completeWindows": complete,
        "eligibleChars": total,
        "churnedChars": churned,
        "rate": ratio(churned, total),
        "churnedRegions": touched,
        "regionRate": ratio(touched, len(regions)),
    }


def rework(regions: list[dict], sums: Aggregates) -> dict[str, Any]:
    inserted = sum(ai_chars(r) for r in regions)
    edited = sum(sums.by_author.values())
    return {
        "aiChars": inserted,
        "editedChars": edited,
        "edits": sum(s.edits for s in sums.regions.values()),
        "sittings": sum(r.get("sittings") or 0 for r in regions),
        "ratio": ratio(edited, inserted),
        "byAuthor": dict(sorted(sums.by_author.items())),
    }


def diagnostics(regions: list[dict], findings: list[dict], available: bool) -> dict[str, Any]:
    ids = {r["id"] for r in regions}
    ever: dict[str, set[str]] = defaultdict(set)
    active: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        if finding["region_id"] in ids:
            ever[finding["code"]].add(finding["region_id"])
            if finding["active"]:
                active[finding["code"]].add(finding["region_id"])
    codes = [
        {
            "code": code,
            "regions": len(ever[code]),
            "activeRegions": len(active[code]),
            "share": ratio(len(ever[code]), len(ids)),
            "activeShare": ratio(len(active[code]), len(ids)),
        }
        for code in sorted(ever, key=lambda c: (-len(ever[c]), c))
    ]
    return {"available": available, "regions": len(ids), "codes": codes}


def complexity_deltas(regions: list[dict], metrics: list[dict]) -> list[dict[str, Any]]:
    """Per region with a baseline and a later sample: first and latest measurement."""
    ids = {r["id"] for r in regions}
    rows: dict[str, list[dict]] = defaultdict(list)
    for row in metrics:
        if row["region_id"] in ids:
            rows[row["region_id"]].append(row)
    found = []
    for region_id, samples in rows.items():
        if len(samples) < 2:
            continue
        samples.sort(key=lambda r: (r["kind"] != "baseline", r["at"]))
        first, last = samples[0], max(samples[1:], key=lambda r: r["at"])
        found.append(
            {
                "regionId": region_id,
                "uri": first["uri"],
                "maxCcDelta": (last["max_cc"] or 0) - (first["max_cc"] or 0),
                "miDelta": _delta(first["mi"], last["mi"]),
                "samples": samples,
            }
        )
    return found


def _delta(first: float | None, last: float | None) -> float | None:
    """The change of the maintainability index; None unless both were measured (too long a
    region has none, and schema 6 left the index of earlier measurements out)."""
    return round(last - first, 2) if first is not None and last is not None else None


def complexity(deltas: list[dict], available: bool) -> dict[str, Any]:
    counts = {label: 0 for label, *_ in CC_BUCKETS} | {CC_TOP_BUCKET: 0}
    for delta in deltas:
        value = delta["maxCcDelta"]
        label = next((lab for lab, lo, hi in CC_BUCKETS if lo <= value <= hi), CC_TOP_BUCKET)
        counts[label] += 1
    cc = [d["maxCcDelta"] for d in deltas]
    mi = [d["miDelta"] for d in deltas if d["miDelta"] is not None]
    return {
        "available": available,
        "regions": len(deltas),
        "buckets": [{"label": k, "count": v} for k, v in counts.items()],
        "medianMaxCcDelta": median(cc) if cc else None,
        "medianMiDelta": median(mi) if mi else None,
    }


def top_files(
    regions: list[dict], sums: Aggregates, findings: list[dict], scope: Scope
) -> list[dict[str, Any]]:
    active = defaultdict(int)
    for finding in findings:
        if finding["active"]:
            active[finding["region_id"]] += 1
    files: dict[str, dict[str, Any]] = {}
    for region in regions:
        row = files.setdefault(
            region["uri"],
            {"uri": region["uri"], "regions": 0, "aiChars": 0, "editedChars": 0, "deleted": 0}
            | {"activeFindings": 0},
        )
        row["regions"] += 1
        row["aiChars"] += ai_chars(region)
        row["editedChars"] += sums.regions[region["id"]].edited
        row["deleted"] += region["status"] == "deleted"
        row["activeFindings"] += active[region["id"]]
    for row in files.values():
        row["path"] = display_path(row["uri"], scope.workspace)
        row["reworkRatio"] = ratio(row["editedChars"], row["aiChars"])
        row["decay"] = round(
            (row["reworkRatio"] or 0) + (row["deleted"] + row["activeFindings"]) / row["regions"], 4
        )
    ranked = sorted(files.values(), key=lambda r: (-r["decay"], -r["aiChars"], r["path"]))
    return [r for r in ranked if r["decay"] > 0][:10]


def plus(region: dict, days: int) -> str:
    """``created_at + days`` as ISO text (computed by SQLite when the region was loaded)."""
    return region.get(f"plus_{days}d") or _plus(region["created_at"], days)


def _plus(moment: str, days: int) -> str:
    return format_time(at(moment) + timedelta(days=days))
