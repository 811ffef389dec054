"""The HTML page of ``aidecay org report``: offline, inline CSS and SVG, in the style of
``aidecay report`` (same stylesheet and charts)."""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape

from aidecay import __version__
from aidecay.org import cells
from aidecay.org.cells import pct
from aidecay.stats import charts
from aidecay.stats.replay_report import survival_svg
from aidecay.stats.report import _card, _panel  # the cards and panels of `aidecay report`
from aidecay.stats.report_style import STYLE


def _table(title: str, head: list[str], rows: list[list], ident: str, empty: str) -> str:
    body = (
        "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
        )
        or f'<tr><td colspan="{len(head)}" class="muted">{escape(empty)}</td></tr>'
    )
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (
        f'<section class="card" id="{ident}"><h2>{escape(title)}</h2><table><thead><tr>'
        f"{header}</tr></thead><tbody>{body}</tbody></table></section>"
    )


def kpis(report: dict) -> str:
    total = report["total"]
    ai, human = total["ai"], total["human"]
    return "".join(
        [
            _card(
                "Repositories",
                f"{total['repos']:,}",
                f"{total['ok']} replayed · {total['unchanged']} unchanged · "
                f"{total['failed']} failed",
            ),
            _card(
                "AI lines at HEAD",
                f"{ai['linesAtHead']:,}",
                f"{pct(cells.ai_share(total))} of the lines at HEAD",
            ),
            _card(
                "Human lines at HEAD", f"{human['linesAtHead']:,}", f"{human['regions']:,} regions"
            ),
            _card(
                "Survival at 90 days",
                pct(ai["survival"]["90d"]),
                f"AI lines · human {pct(human['survival']['90d'])}",
            ),
            _card(
                "14-day churn",
                pct(ai["churn14d"]),
                f"AI lines · human {pct(human['churn14d'])}",
            ),
        ]
    )


def render(report: dict) -> str:
    total = report["total"]
    curves = {
        group: {int(day[:-1]): value for day, value in curve.items()}
        for group, curve in total["curves"].items()
        if group in ("ai", "human")
    }
    shares = [(r["repo"], cells.ai_share(r)) for r in report["repos"]]
    shares = sorted(((n, round(v * 100, 1)) for n, v in shares if v), key=lambda i: -i[1])[:15]
    tools = [(t["tool"], t["linesAtHead"]) for t in report["tools"]][:10]
    panels = [
        _panel(
            "AI vs human survival, all repositories",
            "Kaplan–Meier survival of lines from the git histories (pooled).",
            survival_svg(curves),
            "org-survival",
        ),
        _panel(
            "AI share of the lines at HEAD",
            "Per repository, in percent (the 15 highest).",
            charts.hbar_chart(shares, "AI share per repository", empty_text="No AI lines at HEAD"),
            "org-share",
        ),
        _panel(
            "AI lines at HEAD per tool",
            "Lines written by each tool that are still there.",
            charts.hbar_chart(tools, "AI lines per tool", empty_text="No AI commits found"),
            "org-tools",
        ),
    ]
    repo_rows = [cells.repo_cells(r) for r in report["repos"]]
    model_rows = [cells.group_cells(m, "model") for m in report["models"]]
    failures = [
        [r["repo"], r["source"] or "", r["error"] or ""]
        for r in report["repos"]
        if r["status"] == "failed"
    ]
    tables = [
        _table(
            "Per repository: AI vs human",
            cells.REPO_HEAD,
            repo_rows,
            "org-repos",
            "No repository",
        ),
        _table(
            "AI by tool and model",
            cells.group_head("model"),
            model_rows,
            "org-models",
            "No AI commits found",
        ),
    ]
    if scores := cells.score_rows(report):
        tables.append(
            _table("Scorecard per repository (aidecay scorecard, by tool)", cells.SCORE_HEAD,
                   scores, "org-scorecard", "")
        )  # fmt: skip
    pooled = total["validity"]
    if pooled["repos"]:
        tables.append(
            _table(cells.validity_title(pooled), cells.VALIDITY_HEAD,
                   cells.validity_rows(pooled["figures"]), "org-validity", pooled["reason"] or "")
        )  # fmt: skip
    if failures:
        tables.append(
            _table(
                "Failed repositories",
                ["repository", "source", "reason"],
                failures,
                "org-failed",
                "",
            )
        )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aidecay org report</title><style>{STYLE}</style></head>
<body><main>
<header><div><h1>AI code across repositories</h1>
<p class="sub">{total["repos"]:,} repositories · {total["commits"]:,} commits touching Python,
{total["aiCommits"]:,} with AI lines · generated {generated} UTC · aidecay {escape(__version__)}</p>
</div></header>
<div class="kpis">{kpis(report)}</div>
<div class="panels">{"".join(panels)}</div>
<div class="sections">{"".join(tables)}</div>
<footer>Definitions of every figure: docs/replay.md and docs/org.md.
This page works offline.</footer>
</main></body></html>
"""
