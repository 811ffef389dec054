"""Replayed history (``aidecay replay``) in ``aidecay stats`` and ``aidecay report``.

``--source live|replay|all`` chooses what the commands show. The usual summary covers the
regions of that source (live tracking, the AI regions ``aidecay replay`` stored, or both; the
default is ``all``); unless the source is ``live``, a replayed-history section follows with,
per replayed repository, AI against human survival curves (Kaplan–Meier), churn,
complexity growth and a row per tool and model. Reads the database read-only.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from aidecay.stats.fate import AI, HUMAN, REPLAY, Fate
from aidecay.stats.sources import SOURCES, History
from aidecay.stats.survival import (
    DAY,
    HORIZONS,
    churn,
    kaplan_meier,
    survival_table,
)

CURVE_DAYS = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90)


def add_source_option(parser) -> None:
    parser.add_argument(
        "--source",
        choices=SOURCES,
        default="all",
        help="live tracking, replayed git history (aidecay replay), or both (default all)",
    )


def group_figures(fates: list[Fate], end: int) -> dict[str, Any]:
    """The replay's per-group figures (as ``aidecay replay --json`` gives them)."""
    cohorts = [c for f in fates for c in f.cohorts()]
    return {
        "linesAdded": sum(f.lines for f in fates),
        "linesAtHead": sum(f.alive for f in fates),
        "survival": survival_table(cohorts, end),
        "churn14d": churn(cohorts, end),
        "regions": len(fates),
        "complexityGrowthRegions": sum(1 for f in fates if f.grew),
    }


def repos(history: History) -> list[dict[str, Any]]:
    """Per replayed repository in scope: AI against human, per tool and model, curves."""
    found = []
    for run in history.runs:
        fates = [f for f in history.fates if f.source == REPLAY and f.repo == run.repo]
        groups = {g: [f for f in fates if f.group == g] for g in (AI, HUMAN)}
        curves = {}
        for group, members in groups.items():
            data = [o for f in members for o in f.observations()]
            curves[group] = {f"{d}d": _r(kaplan_meier(data, d * DAY)) for d in CURVE_DAYS}
        found.append(
            {
                "repo": run.repo,
                "head": run.head,
                "commits": run.commits,
                "aiCommits": run.ai_commits,
                "replayedAt": run.replayed_at,
                "ai": group_figures(groups[AI], run.head_time),
                "human": group_figures(groups[HUMAN], run.head_time),
                "models": models(groups[AI]),
                "curves": curves,
            }
        )
    return found


def models(fates: list[Fate]) -> list[dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for fate in fates:
        key = (fate.tool or "unknown", fate.model or "–")
        row = rows.setdefault(
            key, {"tool": key[0], "model": key[1], "regions": 0, "linesAdded": 0, "linesAtHead": 0}
        )
        row["regions"] += 1
        row["linesAdded"] += fate.lines
        row["linesAtHead"] += fate.alive
    return sorted(rows.values(), key=lambda r: -r["linesAdded"])


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def render_terminal(found: list[dict], console: Console) -> None:
    if not found:
        console.print("No replayed history: run `aidecay replay` in a repository.")
        return
    for repo in found:
        console.print(
            f"[bold]Replayed history[/] — {repo['repo']} at {repo['head'][:12]}: "
            f"{repo['commits']} commits, {repo['aiCommits']} with AI lines"
        )
        table = Table(title="AI vs human (git history)", title_justify="left")
        for name in ("figure", "AI", "human"):
            table.add_column(name, justify="left" if name == "figure" else "right")
        for cells in _rows(repo):
            table.add_row(*cells)
        console.print(table)
        console.print(_models_table(repo["models"]))


def _rows(repo: dict) -> list[list[str]]:
    ai, human = repo["ai"], repo["human"]
    rows = [
        ["lines added", f"{ai['linesAdded']:,}", f"{human['linesAdded']:,}"],
        ["lines at HEAD", f"{ai['linesAtHead']:,}", f"{human['linesAtHead']:,}"],
    ]
    for key in HORIZONS:
        rows.append(
            [f"survival at {key} (lines)", _pct(ai["survival"][key]), _pct(human["survival"][key])]
        )
    rows.append(["14-day churn (lines)", _pct(ai["churn14d"]), _pct(human["churn14d"])])
    rows.append(
        [
            "regions with complexity growth",
            f"{ai['complexityGrowthRegions']}/{ai['regions']}",
            f"{human['complexityGrowthRegions']}/{human['regions']}",
        ]
    )
    return rows


def _models_table(rows: list[dict]) -> Table:
    table = Table(title="AI by tool and model (git history)", title_justify="left")
    for name in ("tool", "model", "regions", "lines added", "lines at HEAD", "kept"):
        table.add_column(name, justify="left" if name in ("tool", "model") else "right")
    for row in rows:
        kept = row["linesAtHead"] / row["linesAdded"] if row["linesAdded"] else None
        table.add_row(
            row["tool"],
            row["model"],
            str(row["regions"]),
            str(row["linesAdded"]),
            str(row["linesAtHead"]),
            _pct(kept),
        )
    if not rows:
        table.add_row("no AI commits found", "", "", "", "", "")
    return table


# -- HTML ------------------------------------------------------------------------------------

W, H, LEFT, RIGHT, TOP, BOTTOM = 560, 260, 56, 16, 16, 40
COLORS = {"ai": "#4f46e5", "human": "#10b981"}


def survival_svg(curves: dict[str, dict[int, float | None]]) -> str:
    """Step curves of Kaplan–Meier survival (0–100 %) over days 0–90, AI against human."""
    inner_w, inner_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    last = CURVE_DAYS[-1]

    def x(day: int) -> float:
        return LEFT + inner_w * day / last

    def y(value: float) -> float:
        return TOP + inner_h * (1 - value)

    parts = []
    for k in range(5):
        yy = y(k / 4)
        parts.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" class="gridline"/>'
            f'<text x="{LEFT - 8}" y="{yy + 4:.1f}" text-anchor="end" class="tick">{k * 25}%</text>'
        )
    for day in (0, 7, 14, 30, 60, 90):
        parts.append(
            f'<text x="{x(day):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle" class="tick">'
            f"{day}d</text>"
        )
    legend_x = LEFT
    for group, curve in curves.items():
        color = COLORS.get(group, "#a855f7")
        points, previous = [], None
        for day in CURVE_DAYS:
            value = curve.get(day)
            if value is None:
                break
            if previous is not None:
                points.append(f"{x(day):.1f},{y(previous):.1f}")
            points.append(f"{x(day):.1f},{y(value):.1f}")
            previous = value
        if points:
            parts.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2.5" '
                f'points="{" ".join(points)}"><title>{escape(group)}</title></polyline>'
            )
        parts.append(
            f'<rect x="{legend_x}" y="{H - 14}" width="10" height="10" rx="2" fill="{color}"/>'
            f'<text x="{legend_x + 14}" y="{H - 5}" class="legend">{escape(group)}</text>'
        )
        legend_x += 80
    return (
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="AI vs human survival" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}'
        "</svg>"
    )


def render_html(found: list[dict]) -> str:
    """The report's replayed-history section (empty string when nothing was replayed)."""
    sections = []
    for repo in found:
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"
            for cells in _rows(repo)
        )
        tools = (
            "".join(
                "<tr>"
                + "".join(
                    f"<td>{escape(str(m[k]))}</td>"
                    for k in ("tool", "model", "regions", "linesAdded", "linesAtHead")
                )
                + "</tr>"
                for m in repo["models"]
            )
            or '<tr><td colspan="5" class="muted">No AI commits found</td></tr>'
        )
        curves = {g: {int(k[:-1]): v for k, v in c.items()} for g, c in repo["curves"].items()}
        sections.append(
            f'<section class="card panel" id="replay-survival"><h2>AI vs human survival — '
            f"{escape(Path(repo['repo']).name)}</h2>"
            f'<p class="sub">Kaplan–Meier survival of lines from the git history '
            f"({repo['commits']} commits, HEAD {escape(repo['head'][:12])}).</p>"
            f"{survival_svg(curves)}</section>"
            f'<section class="card"><h2>Replayed history: AI vs human</h2><table><thead><tr>'
            f"<th>figure</th><th>AI</th><th>human</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<h2>AI by tool and model</h2><table><thead><tr><th>tool</th><th>model</th>"
            f"<th>regions</th><th>lines added</th><th>lines at HEAD</th></tr></thead>"
            f"<tbody>{tools}</tbody></table></section>"
        )
    if not sections:
        return ""
    return f'<div class="panels" id="replayed-history">{"".join(sections)}</div>'
