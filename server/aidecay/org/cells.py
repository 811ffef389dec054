"""The report's rows as text cells, shared by the terminal tables and the HTML page."""

from __future__ import annotations

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
