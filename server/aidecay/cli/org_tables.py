"""The terminal tables of ``aidecay org report``: per repository, tool or model, and the total."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from aidecay.org import cells
from aidecay.org.cells import pct


def _table(title: str, head: list[str], rows: list[list[str]], keys: int) -> Table:
    table = Table(title=title, title_justify="left")
    for k, name in enumerate(head):
        table.add_column(name, justify="left" if k < keys else "right")
    for row in rows:
        table.add_row(*row)
    return table


def render(report: dict, by: str, console: Console) -> None:
    if by == "repo":
        head, rows = cells.REPO_HEAD, [cells.repo_cells(r) for r in report["repos"]]
        title, keys = "AI vs human per repository", 2
    else:
        head = cells.group_head(by)
        rows = [cells.group_cells(r, by) for r in report["tools" if by == "tool" else "models"]]
        title, keys = f"AI per {by}", 1 if by == "tool" else 2
    table = _table(title, head, rows, keys)
    if not rows:
        table.add_row("nothing found", *[""] * (len(head) - 1))
    console.print(table)
    total = report["total"]
    ai, human = total["ai"], total["human"]
    console.print(
        f"All {total['repos']} repositories ({total['ok'] + total['unchanged']} with results, "
        f"{total['failed']} failed): AI {ai['linesAtHead']:,} lines at HEAD "
        f"({pct(cells.ai_share(total))}), human {human['linesAtHead']:,}; survival at 90 days "
        f"AI {pct(ai['survival']['90d'])}, human {pct(human['survival']['90d'])}; "
        f"14-day churn AI {pct(ai['churn14d'])}, human {pct(human['churn14d'])}."
    )
    if by == "repo" and (scores := cells.score_rows(report)):
        console.print(
            _table("Scorecard per repository (aidecay scorecard, by tool)", cells.SCORE_HEAD,
                   scores, 2)
        )  # fmt: skip
    pooled = total["validity"]
    if pooled["figures"]:
        console.print(
            _table(cells.validity_title(pooled), cells.VALIDITY_HEAD,
                   cells.validity_rows(pooled["figures"]), 1)
        )  # fmt: skip
    elif pooled["repos"]:
        console.print(f"Validity across repositories: {pooled['reason']}")
