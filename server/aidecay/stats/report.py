"""``aidecay report``: one self-contained, offline HTML page with inline SVG charts."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from aidecay import __version__
from aidecay.stats import charts
from aidecay.stats.report_sections import DEFAULT_SECTIONS, Section, empty_state
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
            "name": "AI lines written",
            "color": "#4f46e5",
            "points": [(at(p["at"]), p["insertedLines"]) for p in series["survival"]],
        },
        {
            "name": "still there",
            "color": "#10b981",
            "points": [(at(p["at"]), p["survivingLines"]) for p in series["survival"]],
        },
    ]
    trends = [
        {
            "name": f"{t['path'].rsplit('/', 1)[-1]} ({t['maxCcDelta']:+d})",
            "points": [(at(p["at"]), p["maxCc"] or 0) for p in t["points"]],
        }
        for t in series["complexityTrends"]
    ]
    rework = [(w["week"][5:], w["changedLines"]) for w in series["reworkWeekly"]]
    codes = [
        (CODE_NAMES.get(c["code"], c["code"]), c["regions"]) for c in stats["diagnostics"]["codes"]
    ]
    diagnostics = stats["diagnostics"]
    no_codes = (
        "No diagnostics recorded"
        if diagnostics["available"]
        else f"Not available: {diagnostics.get('reason', 'no findings recorded')}"
    )
    return [
        _panel(
            "AI code written vs still there",
            "Cumulative AI lines written, and how many of them are still there unchanged.",
            charts.line_chart(
                survival, "AI lines written vs still there", area=True, empty_text="No AI code yet"
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
            "AI lines changed or deleted, per week (Monday, UTC).",
            charts.bar_chart(
                rework,
                "Rework per week",
                color="#f59e0b",
                empty_text="No AI line changed or deleted yet",
            ),
            "chart-rework",
        ),
        _panel(
            "Diagnostics by code",
            "AI regions that received each diagnostic.",
            charts.hbar_chart(codes, "Diagnostics by code", empty_text=no_codes),
            "chart-diagnostics",
        ),
    ]


def render(
    stats: dict[str, Any], extra_html: str = "", sections: Sequence[Section] = DEFAULT_SECTIONS
) -> str:
    """The report page; ``sections`` come below the charts (see ``report_sections``),
    ``extra_html`` (e.g. the replayed-history section) before the footer."""
    totals, churn, rework = stats["totals"], stats["churn14d"], stats["rework"]
    survival = stats["survival"]
    chars = "" if totals["aiChars"] is None else f"{totals['aiChars']:,} characters · "
    kpis = [
        _card(
            "AI code",
            f"{totals['aiLines']:,} lines",
            f"{chars}{totals['aiLinesAtEnd']:,} still there",
        ),
        _card(
            "Regions", f"{totals['regions']:,}", f"{totals['live']} live · {totals['files']} files"
        ),
        _card("Survival at 7 days", _pct(survival["7d"]["rate"]), "of AI lines (Kaplan–Meier)"),
        _card("14-day churn", _pct(churn["rate"]), "AI lines changed or deleted within 14 days"),
        _card(
            "Reworked so far",
            _pct(rework["ratio"]),
            f"of AI lines · {rework['edits']:,} later edits",
        ),
    ]
    window = f"since {stats['since'][:10]}" if stats["since"] else "all history"
    if totals["regions"]:
        body = (
            f'<div class="kpis">{"".join(kpis)}</div>'
            f'<div class="panels">{"".join(charts_html(stats))}</div>'
            f'<div class="sections">{"".join(section(stats) for section in sections)}</div>'
        )
    else:
        body = empty_state()
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aidecay report</title><style>{STYLE}</style></head>
<body><main>
<header><div><h1>AI code decay report</h1>
<p class="sub">{escape(window)} · generated {escape(stats["generatedAt"][:16].replace("T", " "))}
UTC · aidecay {escape(__version__)}</p></div></header>
{body}
{extra_html}
<footer>Definitions of every metric: docs/stats.md. This page works offline.</footer>
</main></body></html>
"""
