"""The report's sections below the charts, each a function of the stats object.

``DEFAULT_SECTIONS`` is the stable hook: ``report.render(stats, sections=(*DEFAULT_SECTIONS,
my_section))`` adds a section (a function returning an HTML fragment, or "" to skip) without
touching this module.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

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
    survival, churn, rework = stats["survival"], stats["churn14d"], stats["rework"]
    rows = []
    for days, row in survival.items():
        rows.append(
            [
                f"AI code still present {days.rstrip('d')} day{'s' if days != '1d' else ''} "
                "after insertion",
                _pct(row["rate"]),
                f"{row['survivingChars']:,} of {row['eligibleChars']:,} characters in "
                f"{_count(row['eligibleRegions'], 'region')} old enough",
            ]
        )
    rows.append(
        [
            "AI code changed or deleted within 14 days (churn)",
            _pct(churn["rate"]),
            f"{churn['churnedChars']:,} of {churn['eligibleChars']:,} characters; "
            f"{churn['churnedRegions']:,} of {_count(churn['eligibleRegions'], 'region')}",
        ]
    )
    ratio = rework["ratio"]
    rows.append(
        [
            "Characters edited per AI character (rework)",
            "–" if ratio is None else f"{ratio:.2f}",
            f"{rework['editedChars']:,} characters edited in "
            f"{_count(rework.get('edits', 0), 'edit')} over "
            f"{_count(rework.get('sittings', 0), 'sitting')}",
        ]
    )
    return (
        '<section class="card"><h2>Key figures</h2>'
        '<p class="sub">An edit is a run of changes without a pause of more than a few '
        "seconds; a sitting groups edits less than 30 minutes apart (docs/stats.md).</p>"
        + table(["statistic", "value", "basis"], rows, "No AI code recorded")
        + "</section>"
    )


def by_origin(stats: dict[str, Any]) -> str:
    rows = [
        [r["origin"], r["tool"] or "–", f"{r['regions']:,}", f"{r['lines']:,}", f"{r['chars']:,}"]
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
            f"{r['aiChars']:,}",
            "–" if r["reworkRatio"] is None else f"{r['reworkRatio']:.2f}",
            f"{r['activeFindings']:,}",
            f"{r['decay']:.2f}",
        ]
        for r in stats["topFiles"]
    ]
    headers = ["file", "regions", "AI characters", "rework", "open findings", "decay score"]
    return (
        '<section class="card"><h2>Top decaying files</h2>'
        + table(headers, rows, "Nothing decays yet")
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
