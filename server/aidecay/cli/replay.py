"""``aidecay replay``: AI against human decay, reconstructed from the repository's history."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from aidecay.cli.common import CliError, db_path, guarded, stderr_console, write_atomically
from aidecay.core.clock import utc_now
from aidecay.replay import runner, storage
from aidecay.replay.results import models
from aidecay.stats import flag_hazard
from aidecay.vcs.git import GitError
from aidecay.vcs.log import preflight


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "replay",
        help="measure AI vs human code survival, churn and complexity from the git history",
        description="Walk the repository's history once (side branches included, renames "
        "followed), attribute every added Python line to an agent (git-ai notes, Agent Trace, "
        "commit trailers and authors) or a human, and store regions, edits and metrics in the "
        "database beside live tracking. Re-running adds only what is new. See docs/replay.md.",
    )
    parser.add_argument(
        "repo", nargs="?", default=".", metavar="REPO", help="the repository (default: here)"
    )
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: $AIDECAY_DB, else the user data dir)"
    )
    parser.add_argument(
        "--since",
        metavar="DATE|REV",
        help="replay only commits after a date (YYYY-MM-DD) or after a commit (REV..HEAD)",
    )
    parser.add_argument("--json", metavar="OUT", help="write the results as JSON ('-': stdout)")
    parser.add_argument(
        "--ai-pattern",
        action="append",
        default=[],
        metavar="REGEX",
        help="also count commits whose message or author matches (repeatable; named groups "
        "(?P<tool>…) and (?P<model>…) name the tool and model)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="processes measuring file versions while the walk runs (default 1)",
    )
    parser.add_argument(
        "--validate",
        action="store_true",
        help="also run the editor's analysis at every commit that touched an AI region and "
        "measure, per diagnostic code, how much more often flagged regions were reworked "
        "(needs: pip install 'aidecay[stats]'; always walks the whole history)",
    )
    parser.set_defaults(run=guarded(run))


def run(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    if args.validate:
        try:
            flag_hazard.require()
        except flag_hazard.StatsUnavailable as exc:
            raise CliError(str(exc)) from None
    repo = Path(args.repo)
    database = db_path(args)
    try:
        checked = preflight(repo)
        previous = storage.previous_run(database, checked.root)
        same = previous and previous["head"] == checked.head and _same_options(previous, args)
        if same and not args.validate:
            print(
                f"aidecay: {checked.root} is already replayed up to {checked.head[:12]}; "
                "nothing new",
                file=sys.stderr,
            )
            _finish(args, previous["summary"], previous["models"])
            return 0
        saved = None if args.validate else storage.load_state(database, checked.root)
        result = _walk(repo, args, saved)
    except GitError as exc:
        raise CliError(str(exc)) from None
    for warning in result.warnings:
        print(f"aidecay: warning: {warning}", file=sys.stderr)
    written = storage.write_from_repo(
        database, result, since=args.since, patterns=list(args.ai_pattern), now=utc_now()
    )
    _finish(args, result.summary, models(result.outcomes))
    how = (
        f"{result.walked} new commits after {result.resumed_from[:12]}"
        if result.resumed_from
        else f"{result.walked} commits"
    )
    print(
        f"aidecay: replayed {how} into {database} "
        f"({written['regions']} new AI regions for the panel)",
        file=sys.stderr,
    )
    return 0


def _same_options(previous: dict, args: argparse.Namespace) -> bool:
    return previous["since"] == args.since and previous["patterns"] == list(args.ai_pattern)


def _finish(args: argparse.Namespace, summary: dict, model_rows: list[dict]) -> None:
    if args.json:
        content = json.dumps(summary, indent=2) + "\n"
        if args.json == "-":
            sys.stdout.write(content)
        else:
            write_atomically(args.json, content)
    render(summary, model_rows, stderr_console() if args.json == "-" else Console())


def _walk(repo: Path, args: argparse.Namespace, saved: bytes | None) -> runner.Replay:
    bar = Progress(
        TextColumn("replaying history"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("commits"),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=True,
    )
    with bar:
        task = bar.add_task("replay", total=None)
        return runner.run(
            repo,
            since=args.since,
            patterns=args.ai_pattern,
            jobs=args.jobs,
            advance=lambda: bar.advance(task),
            total=lambda n: bar.update(task, total=n),
            saved=saved,
            validate=args.validate,
        )


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def render(summary: dict, model_rows: list[dict], console: Console) -> None:
    console.print(
        f"[bold]aidecay replay[/] — {summary['repo']} at {summary['head'][:12]}: "
        f"{summary['commits']} commits touching Python, {summary['aiCommits']} with AI lines"
    )
    table = Table(title="AI vs human", title_justify="left")
    table.add_column("figure")
    table.add_column("AI", justify="right")
    table.add_column("human", justify="right")
    ai, human = summary["ai"], summary["human"]
    table.add_row("lines added", f"{ai['linesAdded']:,}", f"{human['linesAdded']:,}")
    table.add_row("lines at HEAD", f"{ai['linesAtHead']:,}", f"{human['linesAtHead']:,}")
    for key in ai["survival"]:
        table.add_row(
            f"survival at {key} (Kaplan–Meier)",
            _pct(ai["survival"][key]),
            _pct(human["survival"][key]),
        )
    table.add_row("14-day churn", _pct(ai["churn14d"]), _pct(human["churn14d"]))
    table.add_row("regions", f"{ai['regions']:,}", f"{human['regions']:,}")
    table.add_row(
        "regions with complexity growth",
        f"{ai['complexityGrowthRegions']:,}",
        f"{human['complexityGrowthRegions']:,}",
    )
    console.print(table)
    tools = Table(title="AI by tool and model", title_justify="left")
    for name in ("tool", "model", "regions", "lines added", "lines at HEAD"):
        tools.add_column(name, justify="left" if name in ("tool", "model") else "right")
    for row in model_rows:
        tools.add_row(
            row["tool"],
            row["model"],
            f"{row['regions']:,}",
            f"{row['linesAdded']:,}",
            f"{row['linesAtHead']:,}",
        )
    if not model_rows:
        tools.add_row("no AI commits found", "", "", "", "")
    console.print(tools)
    if "validity" in summary:
        console.print(validity_table(summary["validity"]))


def validity_table(figures: dict) -> Table:
    """``--validate``: per code, how much more often flagged AI regions were reworked."""
    table = Table(
        title="Does each warning predict rework? (hazard ratio, flagged vs unflagged AI regions)",
        title_justify="left",
    )
    for name in ("code", "flagged", "unflagged", "hazard ratio", "95 % CI"):
        table.add_column(name, justify="left" if name == "code" else "right")
    for code, row in figures.items():
        if row["hazardRatio"] is None:
            ratio, interval = "–", row.get("reason", "")
        else:
            ratio = f"{row['hazardRatio']:.2f}×"
            interval = f"{row['low']:.2f}–{row['high']:.2f}"
        table.add_row(code, f"{row['flagged']:,}", f"{row['unflagged']:,}", ratio, interval)
    return table
