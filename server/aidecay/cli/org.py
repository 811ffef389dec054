"""``aidecay org``: replay many repositories into a Parquet dataset, and report on it."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from aidecay.cli import org_tables
from aidecay.cli.common import CliError, guarded

ENGINES = ("local", "ray")
BY = ("repo", "tool", "model")


def add_parser(commands) -> None:
    org = commands.add_parser(
        "org",
        help="replay every repository of a team into a Parquet dataset; report on it",
        description="Replay many repositories at once (a process pool, or Ray) into a Parquet "
        "dataset, and report on it with DuckDB. Needs the org extra: "
        "pip install 'aidecay[org]'. See docs/org.md.",
    )
    sub = org.add_subparsers(dest="org_command", metavar="COMMAND")
    replay = sub.add_parser(
        "replay",
        help="replay every listed repository; results as Parquet under --out",
        description="One task per repository: the same replay as `aidecay replay`, in a "
        "worker with bounded memory, results landing atomically under --out. A failure is "
        "retried once and never stops the others; a run killed and started again resumes.",
    )
    replay.add_argument(
        "--repos",
        required=True,
        metavar="FILE|DIR",
        help="a file with one path or git URL per line, or a folder whose git repositories to take",
    )
    replay.add_argument("--out", required=True, metavar="DIR", help="the dataset folder")
    replay.add_argument("--engine", choices=ENGINES, default="local", help="default local")
    replay.add_argument(
        "--address", metavar="ADDR", help="with --engine ray: an existing cluster (ray://…)"
    )
    replay.add_argument(
        "--workers", type=int, metavar="N", help="repositories replayed at once (default: cores)"
    )
    replay.add_argument(
        "--since", metavar="DATE", help="replay only commits after a date (YYYY-MM-DD)"
    )
    replay.add_argument(
        "--validate",
        action="store_true",
        help="also check each warning against the history, as `aidecay replay --validate` "
        "(needs: pip install 'aidecay[stats]'; walks every repository whole)",
    )
    replay.add_argument(
        "--memory",
        type=int,
        default=4096,
        metavar="MIB",
        help="heap one repository's replay may use (default 4096; 0: no limit)",
    )
    replay.set_defaults(run=guarded(run_replay))
    report = sub.add_parser(
        "report",
        help="AI vs human across the replayed repositories (DuckDB over the dataset)",
        description="Read a dataset written by `aidecay org replay` (and folders of "
        "`aidecay export --format parquet` beside it) and report, per repository and "
        "overall, AI vs human lines at HEAD, survival, churn and complexity growth.",
    )
    report.add_argument("dirs", nargs="+", metavar="DIR", help="a dataset, or a folder of datasets")
    report.add_argument("--by", choices=BY, default="repo", help="the table to show (default repo)")
    report.add_argument("--json", metavar="OUT", help="write the report as JSON ('-': stdout)")
    report.add_argument("--html", metavar="OUT", help="write an offline HTML report")
    report.set_defaults(run=guarded(run_report))
    org.set_defaults(run=lambda args: _help(org))


def _console() -> Console:
    """stdout; when it is not a terminal, wide enough that tables are not squeezed."""
    return Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _require(*modules: str, what: str = "aidecay org") -> None:
    from aidecay.org.extra import OrgError, require

    try:
        require(*modules, what=what)
    except OrgError as exc:
        raise CliError(str(exc)) from None


def _require_stats() -> None:
    from aidecay.stats import flag_hazard

    try:
        flag_hazard.require()
    except flag_hazard.StatsUnavailable as exc:
        raise CliError(f"--validate: {exc}") from None


def run_replay(args: argparse.Namespace) -> int:
    _require("pyarrow", "duckdb")
    if args.engine == "ray":
        _require("ray", what="--engine ray")
    elif args.address:
        raise CliError("--address is for --engine ray")
    if args.workers is not None and args.workers < 1:
        raise CliError("--workers must be at least 1")
    if args.memory < 0:
        raise CliError("--memory must be 0 (no limit) or more")
    if args.since and not _is_date(args.since):
        raise CliError(f"--since {args.since!r} is not a date (YYYY-MM-DD)")
    if args.validate:
        _require_stats()
    from aidecay.org import engine, run
    from aidecay.org.extra import OrgError
    from aidecay.org.sources import read

    out = Path(args.out).expanduser().absolute()
    try:
        sources = read(Path(args.repos).expanduser().absolute(), exclude=out)
    except OrgError as exc:
        raise CliError(str(exc)) from None
    console = _console()
    workers = args.workers or (None if args.address else engine.default_workers())
    console.print(
        f"aidecay org: {len(sources)} repositories, engine {args.engine}"
        f"{f' at {args.address}' if args.address else ''}, "
        f"{workers or 'all the cluster’s'} workers → {out}"
    )
    options = run.Options(args.since, args.validate, args.memory)
    started = time.monotonic()
    bar = Progress(
        TextColumn("repositories"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    try:
        with bar:
            task = bar.add_task("replay", total=len(sources))

            def finished(result) -> None:
                console.print(_line(result))
                for warning in result.warnings[:3]:
                    console.print(f"  aidecay: warning: {result.name}: {warning}")
                bar.advance(task)

            def retrying(result) -> None:
                console.print(f"[yellow]↻[/] {result.name}: failed ({result.error}); retrying")

            outcome = run.replay_all(
                sources,
                out,
                lambda: engine.create(args.engine, workers, args.address, args.memory),
                options,
                on_result=finished,
                on_retry=retrying,
            )
    except OrgError as exc:
        raise CliError(str(exc)) from None
    except KeyboardInterrupt:
        console.print("aidecay org: interrupted; run the same command again to resume")
        return 130
    _summary(console, outcome, out, time.monotonic() - started)
    return 0 if outcome.succeeded else 1


def _is_date(text: str) -> bool:
    from aidecay.replay.runner import _DATE

    return bool(_DATE.match(text))


def _line(result) -> str:
    if result.status == "ok":
        return (
            f"[green]✓[/] {result.name}  {result.commits:,} commits, "
            f"{result.ai_commits:,} with AI lines  {result.seconds:.1f} s"
        )
    if result.status == "unchanged":
        return f"[blue]=[/] {result.name}  unchanged at {(result.head or '')[:12]}"
    return f"[red]✗[/] {result.name}  failed: {result.error}"


def _summary(console: Console, outcome, out: Path, seconds: float) -> None:
    console.print(
        f"aidecay org: {len(outcome.results)} repositories in {seconds:.1f} s: "
        f"{outcome.count('ok')} replayed, {outcome.count('unchanged')} unchanged, "
        f"{outcome.count('failed')} failed → {out}"
    )
    failures = [r for r in outcome.results if r.status == "failed"]
    if failures:
        console.print("[bold red]failed:[/]")
        for result in failures:
            console.print(f"  {result.name} ({result.source}): {result.error}")


def run_report(args: argparse.Namespace) -> int:
    _require("pyarrow", "duckdb")
    from aidecay.cli.common import emit, stderr_console, write_atomically
    from aidecay.org import report, report_html
    from aidecay.org.extra import OrgError

    try:
        datasets = report.find_datasets([Path(d).expanduser().absolute() for d in args.dirs])
        data = report.build(datasets)
    except OrgError as exc:
        raise CliError(str(exc)) from None
    console = stderr_console() if args.json == "-" else _console()
    for pending in report.interrupted(datasets):
        console.print(
            f"aidecay: warning: {pending} was left half-written by a killed run; run "
            "`aidecay org replay` with the same --out again to finish it"
        )
    if args.json:
        emit(json.dumps(data, indent=2) + "\n", args.json)
    if args.html:
        write_atomically(args.html, report_html.render(data))
        console.print(f"aidecay: report written to {args.html}")
    org_tables.render(data, args.by, console)
    return 0
