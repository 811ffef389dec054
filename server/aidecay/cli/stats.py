"""``aidecay stats``: a terminal summary of what happened to your AI code."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.table import Table

from aidecay.cli.common import add_scope, db_path, guarded, progress, scope
from aidecay.stats import query, replay_report, summary


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "stats",
        help="summary of AI code inserted, surviving, reworked and flagged",
        description="Summarise AI code: insertions per origin/tool, survival at 1/7/30 days, "
        "14-day churn, rework, diagnostics, complexity change, top decaying files. "
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
        data = query.load(db_path(args), with_text=False)
        advance()
        stats = summary.compute(replay_report.for_source(data, source), window)
        replayed = replay_report.load(db_path(args)) if source != "live" else []
    if args.json:
        if replayed or source == "replay":
            stats["replay"] = replay_report.as_json(replayed)
        sys.stdout.write(json.dumps(stats, indent=2) + "\n")
        return 0
    render(stats, Console())
    if replayed or source == "replay":
        replay_report.render_terminal(replayed, Console())
    return 0


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def render(stats: dict, console: Console) -> None:
    totals = stats["totals"]
    window = f"since {stats['since']}" if stats["since"] else "all history"
    console.print(
        f"[bold]aidecay stats[/] — {window}; {totals['regions']} AI regions in "
        f"{totals['files']} files, {totals['aiLines']} lines / {totals['aiChars']} characters "
        f"({totals['live']} live, {totals['deleted']} deleted)"
    )
    table = Table(title="AI code inserted", title_justify="left")
    for name in ("origin", "tool", "regions", "lines", "chars"):
        table.add_column(name, justify="right" if name not in ("origin", "tool") else "left")
    for row in stats["inserted"]:
        table.add_row(
            row["origin"], row["tool"] or "–", *(str(row[k]) for k in ("regions", "lines", "chars"))
        )
    console.print(table)

    health = Table(title="Survival, churn and rework", title_justify="left")
    health.add_column("metric")
    health.add_column("value", justify="right")
    health.add_column("basis", justify="right")
    for key, row in stats["survival"].items():
        health.add_row(
            f"survival at {key} (chars)",
            _pct(row["rate"]),
            f"{row['survivingChars']}/{row['eligibleChars']} chars, "
            f"{row['eligibleRegions']} regions",
        )
    churn = stats["churn14d"]
    health.add_row(
        "14-day churn (chars)",
        _pct(churn["rate"]),
        f"{churn['churnedChars']}/{churn['eligibleChars']} chars",
    )
    health.add_row(
        "14-day churn (regions)",
        _pct(churn["regionRate"]),
        f"{churn['churnedRegions']}/{churn['eligibleRegions']} regions",
    )
    rework = stats["rework"]
    health.add_row(
        "rework ratio",
        "–" if rework["ratio"] is None else f"{rework['ratio']:.2f}",
        f"{rework['editedChars']} chars edited in {rework.get('edits', 0)} edits "
        f"({rework.get('sittings', 0)} sittings) / {rework['aiChars']} AI chars",
    )
    console.print(health)

    diagnostics = stats["diagnostics"]
    diag = Table(title="Regions with each diagnostic", title_justify="left")
    for name in ("code", "regions", "share", "active", "active share"):
        diag.add_column(name, justify="left" if name == "code" else "right")
    for row in diagnostics["codes"]:
        diag.add_row(
            row["code"],
            str(row["regions"]),
            _pct(row["share"]),
            str(row["activeRegions"]),
            _pct(row["activeShare"]),
        )
    if not diagnostics["codes"]:
        note = "none" if diagnostics["available"] else "no findings recorded by this database yet"
        diag.add_row(note, "", "", "", "")
    console.print(diag)

    complexity = stats["complexity"]
    cc = Table(title="Change of max cyclomatic complexity per region", title_justify="left")
    cc.add_column("change")
    cc.add_column("regions", justify="right")
    for bucket in complexity["buckets"]:
        cc.add_row(bucket["label"], str(bucket["count"]))
    cc.caption = (
        f"{complexity['regions']} regions measured; median MI change "
        f"{complexity['medianMiDelta'] if complexity['medianMiDelta'] is not None else '–'}"
    )
    console.print(cc)

    files = Table(title="Top decaying files", title_justify="left")
    for name in ("file", "regions", "AI chars", "rework", "deleted", "findings", "decay"):
        files.add_column(name, justify="left" if name == "file" else "right")
    for row in stats["topFiles"]:
        files.add_row(
            row["path"],
            str(row["regions"]),
            str(row["aiChars"]),
            "–" if row["reworkRatio"] is None else f"{row['reworkRatio']:.2f}",
            str(row["deleted"]),
            str(row["activeFindings"]),
            f"{row['decay']:.2f}",
        )
    if not stats["topFiles"]:
        files.add_row("no decay recorded", "", "", "", "", "", "")
    console.print(files)
