"""``aidecay stats``: a terminal summary of what happened to your AI code."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.table import Table

from aidecay.cli.common import add_scope, db_path, guarded, progress, scope
from aidecay.stats import replay_report, sources, summary
from aidecay.stats.figures import key_figures, missing_notes, pct


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "stats",
        help="summary of AI code inserted, surviving, reworked and flagged",
        description="Summarise AI code: lines inserted per origin/tool, survival at 7/30/90 "
        "days, 14-day churn, rework, diagnostics, complexity change, top decaying files. "
        "Every metric is defined in docs/stats.md.",
    )
    add_scope(parser)
    parser.add_argument("--json", action="store_true", help="print the stats object as JSON")
    replay_report.add_source_option(parser)
    parser.set_defaults(run=guarded(run))


def run(args: argparse.Namespace) -> int:
    window = scope(args)
    source = getattr(args, "source", "all")
    with progress("reading history") as advance:
        history = sources.load(db_path(args), window, source)
        advance()
        stats = summary.compute(history, window)
        replayed = replay_report.repos(history) if source != "live" else []
    if args.json:
        if replayed or source == "replay":
            stats["replay"] = replayed
        sys.stdout.write(json.dumps(stats, indent=2) + "\n")
        return 0
    render(stats, Console())
    if replayed or source == "replay":
        replay_report.render_terminal(replayed, Console())
    return 0


def _table(title: str, headers: list[str]) -> Table:
    table = Table(title=title, title_justify="left")
    for k, name in enumerate(headers):
        table.add_column(name, justify="left" if k == 0 else "right")
    return table


def render(stats: dict, console: Console) -> None:
    totals = stats["totals"]
    window = f"since {stats['since']}" if stats["since"] else "all history"
    chars = f" / {totals['aiChars']:,} characters" if totals["aiChars"] is not None else ""
    console.print(
        f"[bold]aidecay stats[/] — {window}, source {stats['source']}; {totals['regions']} AI "
        f"regions in {totals['files']} files, {totals['aiLines']:,} lines{chars} "
        f"({totals['live']} live, {totals['deleted']} deleted)"
    )
    table = _table("AI code inserted", ["origin", "tool", "regions", "lines", "chars"])
    for row in stats["inserted"]:
        table.add_row(
            row["origin"],
            row["tool"] or "–",
            str(row["regions"]),
            str(row["lines"]),
            "–" if row["chars"] is None else str(row["chars"]),
        )
    console.print(table)

    health = _table("Survival, churn and rework (lines)", ["metric", "value", "basis"])
    for label, value, basis in key_figures(stats):
        health.add_row(label, value, basis)
    console.print(health)

    diagnostics = stats["diagnostics"]
    diag = _table("Regions with each diagnostic", ["code", "regions", "share", "active", "share"])
    for row in diagnostics["codes"]:
        diag.add_row(
            row["code"],
            str(row["regions"]),
            pct(row["share"]),
            str(row["activeRegions"]),
            pct(row["activeShare"]),
        )
    if not diagnostics["codes"]:
        diag.add_row("none" if diagnostics["available"] else "not available", "", "", "", "")
    if diagnostics.get("reason"):
        diag.caption = (
            f"{diagnostics['unjudgedRegions']} regions not judged: {diagnostics['reason']}"
        )
    console.print(diag)

    complexity = stats["complexity"]
    cc = _table("Change of max cyclomatic complexity per region", ["change", "regions"])
    for bucket in complexity["buckets"]:
        cc.add_row(bucket["label"], str(bucket["count"]))
    mi = complexity["medianMiDelta"]
    cc.caption = f"{complexity['regions']} regions measured; median MI change " + (
        f"{mi} ({complexity['miRegions']} regions)"
        if mi is not None
        else f"– ({complexity.get('miReason', 'not measured')})"
    )
    console.print(cc)

    headers = ["file", "regions", "AI lines", "changed", "share", "14-day churn", "findings"]
    files = _table("Top decaying files (AI lines changed or deleted since written)", headers)
    for row in stats["topFiles"]:
        files.add_row(
            row["path"],
            str(row["regions"]),
            str(row["aiLines"]),
            str(row["changedLines"]),
            pct(row["changedShare"]),
            pct(row["churn14d"]),
            "–" if row["activeFindings"] is None else str(row["activeFindings"]),
        )
    if not stats["topFiles"]:
        files.add_row("no AI line changed or deleted yet", "", "", "", "", "", "")
    console.print(files)
    for note in missing_notes(stats):
        console.print(f"Not available: {note}", style="dim", markup=False)
