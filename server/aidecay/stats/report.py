"""``aidecay report``: one self-contained, offline HTML page with inline SVG charts."""

from __future__ import annotations

from html import escape
from typing import Any

from aidecay import __version__
from aidecay.stats import charts
from aidecay.stats.report_style import STYLE
from aidecay.stats.scope import at

CODE_NAMES = {
    "complexity-growth": "Complexity growth",
    "maintainability-drop": "Maintainability drop",
    "churn": "Churn",
    "naming-divergence": "Naming divergence",
    "docstring-divergence": "Docstring divergence",
    "type-hint-divergence": "Type-hint divergence",
    "error-handling-divergence": "Error-handling divergence",
    "duplicate-helper": "Duplicate helper",
}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _card(label: str, value: str, note: str) -> str:
    return (
        f'<div class="card kpi"><div class="kpi-label">{escape(label)}</div>'
        f'<div class="kpi-value">{escape(value)}</div><div class="kpi-note">{escape(note)}</div>'
        "</div>"
    )


def _panel(title: str, subtitle: str, svg: str, chart_id: str) -> str:
    return (
        f'<section class="card panel" id="{chart_id}"><h2>{escape(title)}</h2>'
        f'<p class="sub">{escape(subtitle)}</p>{svg}</section>'
    )


def charts_html(stats: dict[str, Any]) -> list[str]:
    series = stats["series"]
    survival = [
        {
            "name": "AI chars inserted",
            "color": "#4f46e5",
            "points": [(at(p["at"]), p["insertedChars"]) for p in series["survival"]],
        },
        {
            "name": "still surviving",
            "color": "#10b981",
            "points": [(at(p["at"]), p["survivingChars"]) for p in series["survival"]],
        },
    ]
    trends = [
        {
            "name": f"{t['path'].rsplit('/', 1)[-1]} ({t['maxCcDelta']:+d})",
            "points": [(at(p["at"]), p["maxCc"] or 0) for p in t["points"]],
        }
        for t in series["complexityTrends"]
    ]
    rework = [(w["week"][5:], w["editedChars"]) for w in series["reworkWeekly"]]
    codes = [
        (CODE_NAMES.get(c["code"], c["code"]), c["regions"]) for c in stats["diagnostics"]["codes"]
    ]
    return [
        _panel(
            "AI code inserted vs surviving",
            "Cumulative AI characters inserted, and how many of them are still there.",
            charts.line_chart(
                survival, "AI code inserted vs surviving", area=True, empty_text="No AI code yet"
            ),
            "chart-survival",
        ),
        _panel(
            "Complexity of the worst regions",
            "Maximum cyclomatic complexity over time, for the regions that grew most.",
            charts.line_chart(
                trends,
                "Complexity trend of the worst regions",
                empty_text="No complexity samples recorded yet",
            ),
            "chart-complexity",
        ),
        _panel(
            "Rework per week",
            "Characters edited inside AI regions, per week (Monday, UTC).",
            charts.bar_chart(
                rework, "Rework per week", color="#f59e0b", empty_text="No edits to AI code yet"
            ),
            "chart-rework",
        ),
        _panel(
            "Diagnostics by code",
            "AI regions that received each diagnostic.",
            charts.hbar_chart(codes, "Diagnostics by code", empty_text="No diagnostics recorded"),
            "chart-diagnostics",
        ),
    ]


def _table(headers: list[str], rows: list[list[str]], empty_text: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    if not rows:
        rows_html = f'<tr><td colspan="{len(headers)}" class="muted">{escape(empty_text)}</td></tr>'
    else:
        rows_html = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows_html}</tbody></table>"


def render(stats: dict[str, Any], extra_html: str = "") -> str:
    """The page; ``extra_html`` (e.g. the replayed-history section) goes before the footer."""
    totals, churn, rework = stats["totals"], stats["churn14d"], stats["rework"]
    survival = stats["survival"]
    kpis = [
        _card("AI code", f"{totals['aiLines']:,} lines", f"{totals['aiChars']:,} characters"),
        _card(
            "Regions", f"{totals['regions']:,}", f"{totals['live']} live · {totals['files']} files"
        ),
        _card("Survival at 7 days", _pct(survival["7d"]["rate"]), "of AI characters"),
        _card("14-day churn", _pct(churn["rate"]), "changed or deleted within 14 days"),
        _card(
            "Rework ratio",
            "–" if rework["ratio"] is None else f"{rework['ratio']:.2f}",
            "chars edited per AI char",
        ),
    ]
    inserted = [
        [r["origin"], r["tool"] or "–", r["regions"], r["lines"], r["chars"]]
        for r in stats["inserted"]
    ]
    files = [
        [
            r["path"],
            r["regions"],
            r["aiChars"],
            "–" if r["reworkRatio"] is None else f"{r['reworkRatio']:.2f}",
            r["activeFindings"],
            f"{r['decay']:.2f}",
        ]
        for r in stats["topFiles"]
    ]
    window = f"since {stats['since'][:10]}" if stats["since"] else "all history"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aidecay report</title><style>{STYLE}</style></head>
<body><main>
<header><div><h1>AI code decay report</h1>
<p class="sub">{escape(window)} · generated {escape(stats["generatedAt"][:16].replace("T", " "))}
UTC · aidecay {escape(__version__)}</p></div></header>
<div class="kpis">{"".join(kpis)}</div>
<div class="panels">{"".join(charts_html(stats))}</div>
<div class="panels">
<section class="card"><h2>AI code by origin and tool</h2>
{_table(["origin", "tool", "regions", "lines", "chars"], inserted, "No AI code recorded")}</section>
<section class="card"><h2>Top decaying files</h2>
{_table(["file", "regions", "AI chars", "rework", "findings", "decay"], files, "Nothing decays")}
</section></div>
{extra_html}
<footer>Definitions of every metric: docs/stats.md. This page works offline.</footer>
</main></body></html>
"""
