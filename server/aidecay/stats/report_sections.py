"""The report's sections below the charts, each a function of the stats object.

``DEFAULT_SECTIONS`` is the stable hook: ``report.render(stats, sections=(*DEFAULT_SECTIONS,
my_section))`` adds a section (a function returning an HTML fragment, or "" to skip) without
touching this module.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from aidecay.stats import figures

Section = Callable[[dict[str, Any]], str]

EMPTY_STEPS = (
    "Install the aidecay extension in VS Code (or start <code>aidecay serve</code> from your "
    "editor's LSP client) and open a Python project.",
    "Accept an AI completion or let an agent edit a file: the region is recorded; or mark "
    "lines yourself with <code>aidecay mark FILE --lines 10-42 --origin agent</code>.",
    "Keep working; edits, survival and decay diagnostics accumulate. Then run "
    "<code>aidecay report</code> again (or <code>aidecay stats</code> in a terminal).",
)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _count(value: int, unit: str) -> str:
    return f"{value:,} {unit}{'' if value == 1 else 's'}"


def table(headers: list[str], rows: list[list[str]], empty_text: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    if not rows:
        rows_html = f'<tr><td colspan="{len(headers)}" class="muted">{escape(empty_text)}</td></tr>'
    else:
        rows_html = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows_html}</tbody></table>"


def key_figures(stats: dict[str, Any]) -> str:
    """Every headline statistic with a human label, its value with units, and its basis."""
    rows = [list(row) for row in figures.key_figures(stats)]
    notes = "".join(f"<li>{escape(n)}</li>" for n in figures.missing_notes(stats))
    return (
        '<section class="card"><h2>Key figures</h2>'
        '<p class="sub">Lines are the unit (characters, for live regions, a detail). A line '
        "dies when it is changed or deleted for good; text typed in later is never counted as "
        "the AI's (docs/stats.md).</p>"
        + table(["statistic", "value", "basis"], rows, "No AI code recorded")
        + (f'<p class="sub">Not available:</p><ul class="sub">{notes}</ul>' if notes else "")
        + "</section>"
    )


def by_origin(stats: dict[str, Any]) -> str:
    rows = [
        [
            r["origin"],
            r["tool"] or "–",
            f"{r['regions']:,}",
            f"{r['lines']:,}",
            "–" if r["chars"] is None else f"{r['chars']:,}",
        ]
        for r in stats["inserted"]
    ]
    return (
        '<section class="card"><h2>AI code by origin and tool</h2>'
        + table(["origin", "tool", "regions", "lines", "characters"], rows, "No AI code recorded")
        + "</section>"
    )


def top_files(stats: dict[str, Any]) -> str:
    rows = [
        [
            r["path"],
            f"{r['regions']:,}",
            f"{r['aiLines']:,}",
            f"{r['changedLines']:,}",
            _pct(r["changedShare"]),
            _pct(r["churn14d"]),
            "–" if r["activeFindings"] is None else f"{r['activeFindings']:,}",
        ]
        for r in stats["topFiles"]
    ]
    headers = ["file", "regions", "AI lines", "changed or deleted", "share", "14-day churn"]
    return (
        '<section class="card"><h2>Top decaying files</h2>'
        '<p class="sub">Ranked by AI lines changed or deleted since they were written.</p>'
        + table([*headers, "open findings"], rows, "No AI line changed or deleted yet")
        + "</section>"
    )


DEFAULT_SECTIONS: tuple[Section, ...] = (key_figures, by_origin, top_files)


def empty_state() -> str:
    """What a report with no AI code says: what to do next."""
    steps = "".join(f"<li>{step}</li>" for step in EMPTY_STEPS)
    return (
        '<section class="card empty-state"><h2>No AI-written code recorded yet</h2>'
        "<p>This database has no AI regions in the chosen window. To see decay here:</p>"
        f"<ol>{steps}</ol>"
        '<p class="sub">Looking at the wrong database? <code>aidecay doctor</code> shows '
        "which file is used; <code>--db</code> or <code>AIDECAY_DB</code> selects another, "
        "and <code>--since all</code> widens the window.</p></section>"
    )
