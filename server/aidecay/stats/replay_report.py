"""Replayed history (``aidecay replay``) in ``aidecay stats`` and ``aidecay report``.

``--source live|replay|all`` chooses what the commands show. The usual summary covers the
regions of that source (live tracking, the AI regions ``aidecay replay`` stored, or both; the
default is ``all``); unless the source is ``live``, a replayed-history section follows with,
per replayed repository, AI against human survival curves (Kaplan–Meier), churn,
complexity growth and a row per tool and model. Reads the database read-only.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path

from rich.console import Console
from rich.table import Table

from aidecay.stats.query import Dataset, QueryError, connect_readonly
from aidecay.stats.survival import DAY, kaplan_meier, observations

SOURCES = ("live", "replay", "all")
REPLAY_PREFIX = "replay-"
CURVE_DAYS = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90)


def add_source_option(parser) -> None:
    parser.add_argument(
        "--source",
        choices=SOURCES,
        default="all",
        help="live tracking, replayed git history (aidecay replay), or both (default all)",
    )


@dataclass
class ReplayedRepo:
    repo: str
    head: str
    commits: int
    replayed_at: str
    summary: dict
    models: list[dict]
    #: group -> day -> Kaplan–Meier survival (None past the longest follow-up)
    curves: dict[str, dict[int, float | None]] = field(default_factory=dict)


def without_replayed(data: Dataset) -> Dataset:
    """The live history only: regions stored by ``aidecay replay`` and their rows left out."""
    return _keep(data, lambda rid: not rid.startswith(REPLAY_PREFIX))


def only_replayed(data: Dataset) -> Dataset:
    """The regions stored by ``aidecay replay`` only."""
    return _keep(data, lambda rid: rid.startswith(REPLAY_PREFIX))


def for_source(data: Dataset, source: str) -> Dataset:
    if source == "live":
        return without_replayed(data)
    return only_replayed(data) if source == "replay" else data


def _keep(data: Dataset, wanted) -> Dataset:
    keep = {r["id"] for r in data.regions if wanted(str(r["id"]))}
    return replace(
        data,
        regions=[r for r in data.regions if r["id"] in keep],
        events=[e for e in data.events if e["region_id"] in keep],
        metrics=[m for m in data.metrics if m["region_id"] in keep],
        findings=[f for f in data.findings if f["region_id"] in keep],
    )


def load(path: str | Path) -> list[ReplayedRepo]:
    """Every replayed repository in the database (empty when there is none)."""
    conn = connect_readonly(path)
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}
        if "replay_runs" not in tables:
            return []
        repos = []
        for row in conn.execute("select * from replay_runs order by repo").fetchall():
            found = ReplayedRepo(
                row["repo"],
                row["head"],
                row["commits"],
                row["replayed_at"],
                json.loads(row["summary"]),
                json.loads(row["models"] or "[]"),
            )
            cohorts: dict[str, list] = defaultdict(list)
            for c in conn.execute(
                "select r.grp, c.born_at, c.died_at, c.lines from replay_cohorts c"
                " join replay_regions r on r.id = c.region where c.repo = ?",
                [row["repo"]],
            ):
                cohorts[c[0]].append((c[1], c[2], c[3]))
            for group in ("ai", "human"):
                data = observations(cohorts.get(group, []), row["head_time"])
                found.curves[group] = {d: kaplan_meier(data, d * DAY) for d in CURVE_DAYS}
            repos.append(found)
        return repos
    except sqlite3.DatabaseError as exc:
        raise QueryError(f"cannot read the replayed history in {path}: {exc}") from exc
    finally:
        conn.close()


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def render_terminal(repos: list[ReplayedRepo], console: Console) -> None:
    if not repos:
        console.print("No replayed history: run `aidecay replay` in a repository.")
        return
    for repo in repos:
        s = repo.summary
        console.print(
            f"[bold]Replayed history[/] — {repo.repo} at {repo.head[:12]}: {s['commits']} "
            f"commits, {s['aiCommits']} with AI lines"
        )
        table = Table(title="AI vs human (git history)", title_justify="left")
        for name in ("figure", "AI", "human"):
            table.add_column(name, justify="left" if name == "figure" else "right")
        ai, human = s["ai"], s["human"]
        table.add_row("lines added", f"{ai['linesAdded']:,}", f"{human['linesAdded']:,}")
        table.add_row("lines at HEAD", f"{ai['linesAtHead']:,}", f"{human['linesAtHead']:,}")
        for day in CURVE_DAYS[1:]:
            table.add_row(
                f"survival at {day}d",
                _pct(repo.curves["ai"].get(day)),
                _pct(repo.curves["human"].get(day)),
            )
        table.add_row("14-day churn", _pct(ai["churn14d"]), _pct(human["churn14d"]))
        table.add_row(
            "regions with complexity growth",
            f"{ai['complexityGrowthRegions']}/{ai['regions']}",
            f"{human['complexityGrowthRegions']}/{human['regions']}",
        )
        console.print(table)
        console.print(_models_table(repo.models))


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


def as_json(repos: list[ReplayedRepo]) -> list[dict]:
    return [
        {
            **repo.summary,
            "replayedAt": repo.replayed_at,
            "models": repo.models,
            "curves": {
                g: {f"{d}d": v for d, v in curve.items()} for g, curve in repo.curves.items()
            },
        }
        for repo in repos
    ]


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


def render_html(repos: list[ReplayedRepo]) -> str:
    """The report's replayed-history section (empty string when nothing was replayed)."""
    sections = []
    for repo in repos:
        s = repo.summary
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>"
            for cells in [
                ["lines added", s["ai"]["linesAdded"], s["human"]["linesAdded"]],
                ["lines at HEAD", s["ai"]["linesAtHead"], s["human"]["linesAtHead"]],
                *[
                    [
                        f"survival at {k}",
                        _pct(s["ai"]["survival"][k]),
                        _pct(s["human"]["survival"][k]),
                    ]
                    for k in s["ai"]["survival"]
                ],
                ["14-day churn", _pct(s["ai"]["churn14d"]), _pct(s["human"]["churn14d"])],
                [
                    "regions with complexity growth",
                    f"{s['ai']['complexityGrowthRegions']}/{s['ai']['regions']}",
                    f"{s['human']['complexityGrowthRegions']}/{s['human']['regions']}",
                ],
            ]
        )
        tools = (
            "".join(
                "<tr>"
                + "".join(
                    f"<td>{escape(str(c))}</td>"
                    for c in (
                        m["tool"],
                        m["model"],
                        m["regions"],
                        m["linesAdded"],
                        m["linesAtHead"],
                    )
                )
                + "</tr>"
                for m in repo.models
            )
            or '<tr><td colspan="5" class="muted">No AI commits found</td></tr>'
        )
        sections.append(
            f'<section class="card panel" id="replay-survival"><h2>AI vs human survival — '
            f"{escape(Path(repo.repo).name)}</h2>"
            f'<p class="sub">Kaplan–Meier survival of lines from the git history '
            f"({s['commits']} commits, {s['aiCommits']} with AI lines, HEAD "
            f"{escape(repo.head[:12])}).</p>{survival_svg(repo.curves)}</section>"
            f'<section class="card"><h2>Replayed history: AI vs human</h2><table><thead><tr>'
            f"<th>figure</th><th>AI</th><th>human</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<h2>AI by tool and model</h2><table><thead><tr><th>tool</th><th>model</th>"
            f"<th>regions</th><th>lines added</th><th>lines at HEAD</th></tr></thead>"
            f"<tbody>{tools}</tbody></table></section>"
        )
    if not sections:
        return ""
    return f'<div class="panels" id="replayed-history">{"".join(sections)}</div>'
