"""The headline figures of the stats object in words: one label, value and basis per
question, shared by ``aidecay stats`` and ``aidecay report`` so both say the same thing."""

from __future__ import annotations

from typing import Any


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f} %"


def interval(row: dict[str, Any]) -> str:
    low, high = row.get("low"), row.get("high")
    if low is None or high is None:
        return ""
    return f" (95 % CI {pct(low)}–{pct(high)})"


def count(value: int | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:,} {unit}{'' if value == 1 else 's'}"


def key_figures(stats: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(statistic, value, basis) rows."""
    rows = []
    for key, row in stats["survival"].items():
        days = key.rstrip("d")
        basis = row.get("reason") or (
            f"Kaplan–Meier over {count(row['lines'], 'AI line')}{interval(row)}; "
            f"{row['survivingLines']:,} of {row['followedLines']:,} lines of "
            f"{count(row['followedRegions'], 'region')} followed that long"
        )
        if row.get("chars"):
            chars = row["chars"]
            basis += f"; {chars['surviving']:,} of {chars['eligible']:,} live AI characters"
        rows.append(
            (f"AI lines still there {days} days after they were written", pct(row["rate"]), basis)
        )
    churn = stats["churn14d"]
    basis = (
        f"{churn['churnedLines']:,} of {count(churn['lines'], 'line')} followed 14 days"
        f"{interval(churn)}; {churn['churnedRegions']:,} of "
        f"{count(churn['regions'], 'region')}"
    )
    if churn.get("chars"):
        basis += f"; {churn['chars']['churned']:,} of {churn['chars']['eligible']:,} characters"
    rows.append(("AI lines changed or deleted within 14 days (churn)", pct(churn["rate"]), basis))
    rework = stats["rework"]
    basis = (
        f"{rework['changedLines']:,} of {count(rework['aiLines'], 'AI line')} changed or "
        f"deleted, in {count(rework['edits'], 'later edit')}"
    )
    if rework.get("sittings") is not None:
        basis += f" over {count(rework['sittings'], 'sitting')}"
    if rework.get("chars"):
        chars = rework["chars"]
        basis += f"; {chars['changed']:,} of {chars['ai']:,} AI characters replaced or deleted"
    rows.append(("AI lines reworked so far", pct(rework["ratio"]), basis))
    complexity = stats["complexity"]
    if complexity["growthJudged"]:
        rows.append(
            (
                "AI regions whose complexity grew (complexity-growth rule)",
                pct(complexity["growthRegions"] / complexity["growthJudged"]),
                f"{complexity['growthRegions']:,} of "
                f"{count(complexity['growthJudged'], 'region')} measured at birth and now",
            )
        )
    return rows


def missing_notes(stats: dict[str, Any]) -> list[str]:
    """Sentences saying which metrics some regions lack, and why."""
    return [f"{m['metric']} ({m['source']}): {m['reason']}" for m in stats.get("missing", [])]
