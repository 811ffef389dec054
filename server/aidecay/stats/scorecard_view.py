"""The scorecard in words: a terminal table, an HTML section (for ``aidecay report``) and a
page (``--html``). Every cell shows its interval; a cell without enough data says so."""

from __future__ import annotations

from html import escape
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aidecay import __version__
from aidecay.stats.report_style import STYLE

FIGURES = (
    "lines added (regions)",
    "lines left at the end",
    "survival at 7 days",
    "survival at 30 days",
    "survival at 90 days",
    "changed within 14 days",
    "complexity grew",
    "revisions: median / p90 / never accepted",
    "hazard ratio vs human",
)
EXPLAINED = (
    "Survival: Kaplan–Meier share of lines still there, unchanged, after 7, 30 and 90 days "
    "(95 % Greenwood interval). Rework: lines changed or deleted within 14 days of being "
    "written. Revisions: changes to a region's lines before it stayed unchanged for 30 days. "
    "Hazard vs human: how much faster (above 1) or slower (below 1) a row's lines die than "
    "human-written lines of the same directories, adjusted for when they were written; a "
    "row is only called better or worse when its interval excludes 1. See docs/scorecard.md."
)


def pct(e: dict | None) -> str:
    if not e or e.get("value") is None:
        return "not enough data" if e and "not enough" in e.get("reason", "") else "–"
    if e.get("low") is None:
        return f"{e['value'] * 100:.1f} %"
    return f"{e['value'] * 100:.1f} % ({e['low'] * 100:.0f}–{e['high'] * 100:.0f})"


def ratio(e: dict | None) -> str:
    if not e or e.get("value") is None:
        return "–" if not e else ("not enough data" if "not enough" in e["reason"] else "–")
    return f"{e['value']:.2f} ({e['low']:.2f}–{e['high']:.2f})"


def label(row: dict) -> str:
    if row["group"] != "ai":
        return row["group"]
    return " / ".join(p for p in (row["tool"], row["model"]) if p is not None)


def revisions(r: dict) -> str:
    if r.get("neverAccepted") is None:
        return "not enough data" if r.get("reason") else "–"
    median = "–" if r["median"] is None else f"{r['median']:g}"
    p90 = "–" if r["p90"] is None else f"{r['p90']:g}"
    return f"{median} / {p90} / {r['neverAccepted'] * 100:.0f} % (n {r['n']})"


def cells(row: dict) -> list[str]:
    """The row's figures, in the order of ``FIGURES``."""
    hr = row.get("hazardRatioVsHuman")
    verdict = row.get("verdictVsHuman")
    hazard = "reference" if row["group"] == "human" else ratio(hr)
    if verdict and hr and hr.get("value") is not None:
        hazard += f" — {verdict}"
    return [
        f"{row['linesAdded']:,} ({row['regions']:,})",
        f"{row['linesAtEnd']:,}",
        *(pct(row["survival"][k]) for k in ("7d", "30d", "90d")),
        pct(row["rework14d"]),
        pct(row["complexityGrowth"]),
        revisions(row["revisions"]),
        hazard,
    ]


def columns(card: dict) -> list[list[str]]:
    """One column of cells per row of the scorecard."""
    return [cells(row) for row in card["rows"]]


def notes(card: dict) -> list[str]:
    found = []
    reasons = {
        r["hazardRatioVsHuman"].get("reason")
        for r in card["rows"]
        if r.get("hazardRatioVsHuman") and r["hazardRatioVsHuman"].get("value") is None
    }
    found += [f"Hazard ratios: {why}" for why in sorted(r for r in reasons if r)]
    findings = {why for r in card["rows"] for why in (r.get("reasons") or {}).values()}
    found += [f"Findings per 1,000 lines: {why}" for why in sorted(findings)]
    if card.get("range"):
        found.append(f"Range {card['range']}: {card.get('rangeNote', '')}")
    return found


def render_terminal(card: dict[str, Any], console: Console) -> None:
    title = f"Scorecard — source {card['source']}" + (f", {card['repo']}" if card["repo"] else "")
    table = Table(title=title, title_justify="left")
    table.add_column("figure")
    for row in card["rows"]:
        table.add_column(label(row), justify="right")
    data = columns(card)
    for k, figure in enumerate(FIGURES):
        table.add_row(figure, *(column[k] for column in data))
    if not card["rows"]:
        console.print("Scorecard: no regions in this scope.")
    else:
        console.print(table)
    for comparison in card.get("comparisons", []):
        if comparison["hazardRatio"].get("value") is not None:
            console.print(
                f"  {comparison['a']} vs {comparison['b']}: hazard ratio "
                f"{ratio(comparison['hazardRatio'])} — {comparison['verdict']}",
                markup=False,
            )
    for note in (*notes(card), EXPLAINED):
        console.print(Text(note, style="dim"))


def section_html(card: dict[str, Any]) -> str:
    """The report's scorecard section."""
    head = "<th>figure</th>" + "".join(f"<th>{escape(label(r))}</th>" for r in card["rows"])
    data = columns(card)
    body = "".join(
        f"<tr><td>{escape(figure)}</td>"
        + "".join(f"<td>{escape(column[k])}</td>" for column in data)
        + "</tr>"
        for k, figure in enumerate(FIGURES)
    )
    if not card["rows"]:
        body = '<tr><td class="muted">No regions in this scope</td></tr>'
    pairs = "".join(
        f"<li>{escape(c['a'])} vs {escape(c['b'])}: {escape(ratio(c['hazardRatio']))} — "
        f"{escape(c['verdict'])}</li>"
        for c in card.get("comparisons", [])
        if c["hazardRatio"].get("value") is not None
    )
    extra = "".join(f"<li>{escape(n)}</li>" for n in notes(card))
    return (
        '<section class="card" id="scorecard"><h2>Scorecard: which code lasts, here</h2>'
        f'<p class="sub">{escape(EXPLAINED)}</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        + (f"<h2>Comparisons</h2><ul>{pairs}</ul>" if pairs else "")
        + (f'<ul class="sub">{extra}</ul>' if extra else "")
        + "</section>"
    )


def page_html(card: dict[str, Any]) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aidecay scorecard</title><style>{STYLE}</style></head>
<body><main>
<header><div><h1>AI code scorecard</h1>
<p class="sub">source {escape(card["source"])} · {escape(card["repo"] or "all repositories")}
· aidecay {escape(__version__)}</p></div></header>
{section_html(card)}
<footer>How each figure is computed: docs/scorecard.md. This page works offline.</footer>
</main></body></html>
"""
