"""The terminal tables of ``aidecay org report``: per repository, tool or model, and the total."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _share(ai: dict, human: dict) -> str:
    both = ai["linesAtHead"] + human["linesAtHead"]
    return _pct(ai["linesAtHead"] / both if both else None)


def render(report: dict, by: str, console: Console) -> None:
    if by == "repo":
        table = Table(title="AI vs human per repository", title_justify="left")
        for name in (
            "repository",
            "status",
            "AI at HEAD",
            "human at HEAD",
            "AI share",
            "AI surv. 90d",
            "human surv. 90d",
            "AI churn",
            "human churn",
        ):
            table.add_column(name, justify="left" if name in ("repository", "status") else "right")
        for r in report["repos"]:
            ai, human = r["ai"], r["human"]
            table.add_row(
                r["repo"],
                r["status"],
                f"{ai['linesAtHead']:,}",
                f"{human['linesAtHead']:,}",
                _share(ai, human),
                _pct(ai["survival"]["90d"]),
                _pct(human["survival"]["90d"]),
                _pct(ai["churn14d"]),
                _pct(human["churn14d"]),
            )
    else:
        rows = report["tools" if by == "tool" else "models"]
        table = Table(title=f"AI per {by}", title_justify="left")
        keys = ["tool"] if by == "tool" else ["tool", "model"]
        for name in (
            *keys,
            "repos",
            "lines added",
            "at HEAD",
            "kept",
            "surv. 90d",
            "churn",
            "complexity growth",
        ):
            table.add_column(name, justify="left" if name in keys else "right")
        for row in rows:
            table.add_row(
                *[str(row[k]) for k in keys],
                str(row["repos"]),
                f"{row['linesAdded']:,}",
                f"{row['linesAtHead']:,}",
                _pct(row["kept"]),
                _pct(row["survival"]["90d"]),
                _pct(row["churn14d"]),
                f"{row['complexityGrowthRegions']}/{row['regions']}",
            )
        if not rows:
            table.add_row("no AI commits found", *[""] * (len(table.columns) - 1))
    console.print(table)
    total = report["total"]
    ai, human = total["ai"], total["human"]
    console.print(
        f"All {total['repos']} repositories ({total['ok'] + total['unchanged']} with results, "
        f"{total['failed']} failed): AI {ai['linesAtHead']:,} lines at HEAD "
        f"({_share(ai, human)}), human {human['linesAtHead']:,}; survival at 90 days "
        f"AI {_pct(ai['survival']['90d'])}, human {_pct(human['survival']['90d'])}; "
        f"14-day churn AI {_pct(ai['churn14d'])}, human {_pct(human['churn14d'])}."
    )
