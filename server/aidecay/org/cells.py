"""The report's rows as text cells, shared by the terminal tables and the HTML page."""

from __future__ import annotations

from aidecay.stats import scorecard_view

REPO_HEAD = [
    "repository",
    "status",
    "AI lines at HEAD",
    "human lines at HEAD",
    "AI share",
    "AI survival 90d",
    "human survival 90d",
    "AI churn 14d",
    "human churn 14d",
    "AI complexity growth",
    "human complexity growth",
]
GROUP_TAIL = ["repos", "lines added", "lines at HEAD", "kept", "survival 90d", "churn 14d",
              "complexity growth"]  # fmt: skip


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def ai_share(row: dict) -> float | None:
    """The AI share of the lines at HEAD of a repository (or of the total)."""
    ai, human = row["ai"]["linesAtHead"], row["human"]["linesAtHead"]
    return ai / (ai + human) if ai + human else None


def repo_cells(row: dict) -> list[str]:
    ai, human = row["ai"], row["human"]
    return [
        row["repo"],
        row["status"],
        f"{ai['linesAtHead']:,}",
        f"{human['linesAtHead']:,}",
        pct(ai_share(row)),
        pct(ai["survival"]["90d"]),
        pct(human["survival"]["90d"]),
        pct(ai["churn14d"]),
        pct(human["churn14d"]),
        f"{ai['complexityGrowthRegions']}/{ai['regions']}",
        f"{human['complexityGrowthRegions']}/{human['regions']}",
    ]


def group_head(by: str) -> list[str]:
    """Columns of the per-tool (``by`` tool) or per-model (``by`` model) rows."""
    return (["tool"] if by == "tool" else ["tool", "model"]) + GROUP_TAIL


def group_cells(row: dict, by: str) -> list[str]:
    keys = [row["tool"]] if by == "tool" else [row["tool"], row["model"]]
    return [
        *keys,
        str(row["repos"]),
        f"{row['linesAdded']:,}",
        f"{row['linesAtHead']:,}",
        pct(row["kept"]),
        pct(row["survival"]["90d"]),
        pct(row["churn14d"]),
        f"{row['complexityGrowthRegions']}/{row['regions']}",
    ]


SCORE_HEAD = ["repository", "row", "lines added (regions)", "lines left", "survival 90d",
              "changed within 14 days", "hazard ratio vs human"]  # fmt: skip
VALIDITY_HEAD = ["code", "flagged", "unflagged", "hazard ratio", "95 % CI or reason"]


def score_rows(report: dict) -> list[list[str]]:
    """Every repository's scorecard rows (``aidecay scorecard``'s cells, headline figures)."""
    found = []
    for repo in report["repos"]:
        for row in repo.get("scorecard") or ():
            added, left, _, _, survival, rework, _, _, hazard = scorecard_view.cells(row)
            found.append(
                [repo["repo"], scorecard_view.label(row), added, left, survival, rework, hazard]
            )
    return found


def validity_rows(figures: dict[str, dict] | None) -> list[list[str]]:
    """Per code, as ``aidecay replay --validate`` shows it."""
    rows = []
    for code, f in (figures or {}).items():
        ratio, interval = "–", f.get("reason") or ""
        if f["hazardRatio"] is not None:
            ratio, interval = f"{f['hazardRatio']:.2f}×", f"{f['low']:.2f}–{f['high']:.2f}"
        rows.append([code, f"{f['flagged']:,}", f"{f['unflagged']:,}", ratio, interval])
    return rows


def validity_title(pooled: dict) -> str:
    return (
        "Does each warning predict rework? Flagged vs unflagged AI regions, pooled over "
        f"{pooled['repos']} validated repositories (stratified by repository)"
    )
