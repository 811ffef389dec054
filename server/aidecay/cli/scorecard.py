"""``aidecay scorecard``: per AI tool and model, against human code, which code lasts here."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console

from aidecay.cli.common import CliError, add_db, db_path, emit, guarded, progress
from aidecay.replay.ranges import range_rows
from aidecay.stats import scorecard, scorecard_view, sources
from aidecay.stats.scope import Scope, parse_now, parse_since
from aidecay.vcs.log import ReplayError

RANGE_NOTE = (
    "lines the range's commits added and those left at its end, as git blame -M -C -C "
    "credits them; the other figures need the whole history (run without --range)"
)


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "scorecard",
        help="per AI tool and model, against human code: survival, rework, revisions, hazard",
        description="One row per AI tool (and model), one for human-written code, one for bots: "
        "lines added and left, Kaplan-Meier survival at 7/30/90 days, revisions before "
        "acceptance, 14-day rework, complexity growth, findings per 1,000 lines, a monthly "
        "trend, and hazard ratios stratified by directory and adjusted for calendar time "
        "(needs pip install 'aidecay[stats]'). See docs/scorecard.md.",
    )
    parser.add_argument(
        "repo",
        nargs="?",
        metavar="REPO",
        help="only files of this repository (default: the one around the current folder; "
        "every file when outside a repository)",
    )
    add_db(parser)
    parser.add_argument("--source", choices=sources.SOURCES, default="all", help="default all")
    parser.add_argument("--by", choices=scorecard.BY, default="tool", help="default tool")
    parser.add_argument("--since", metavar="DATE", help="only regions written since (ISO date)")
    parser.add_argument(
        "--range",
        metavar="A..B",
        help="per tool, the lines added in A..B that remain at B (walks the repository)",
    )
    parser.add_argument("--json", metavar="OUT", help="write the scorecard as JSON ('-': stdout)")
    parser.add_argument("--html", metavar="OUT", help="write a self-contained HTML page")
    parser.add_argument("--now", help=argparse.SUPPRESS)  # fixed clock for tests
    parser.set_defaults(run=guarded(run))


def repository(given: str | None) -> Path | None:
    """REPO, or the repository around the current folder (None outside any)."""
    if given is not None:
        path = Path(given).expanduser().resolve()
        if not path.is_dir():
            raise CliError(f"{given} is not a folder")
        return path
    here = Path.cwd().resolve()
    return next((p for p in (here, *here.parents) if (p / ".git").exists()), None)


def run(args: argparse.Namespace) -> int:
    repo = repository(args.repo)
    now = parse_now(args.now)
    window = Scope(now, parse_since(args.since, now), repo)
    with progress("building the scorecard") as advance:
        history = sources.load(db_path(args), window, args.source)
        advance()
        card = scorecard.build(history, repo=str(repo) if repo else None, by=args.by)
        if args.range:
            _with_range(card, repo, args.range, args.by)
    if args.json:
        emit(json.dumps(card, indent=2) + "\n", args.json)
    if args.html:
        emit(scorecard_view.page_html(card), args.html)
    if not args.json or args.json != "-":
        scorecard_view.render_terminal(card, Console())
    return 0


def _with_range(card: dict, repo: Path | None, rev_range: str, by: str) -> None:
    """Rows of the range: lines added in A..B and left at B, per group, tool and model."""
    if repo is None:
        raise CliError("--range needs a repository: run it inside one or give REPO")
    try:
        found = range_rows(repo, rev_range)
    except ReplayError as exc:
        raise CliError(str(exc)) from exc
    rows: dict[tuple, dict] = {}
    for r in found:
        tool = r.tool or "unknown" if r.group == "ai" and by != "model" else None
        model = r.model or "unknown" if r.group == "ai" and by != "tool" else None
        key = (r.group, tool, model)
        row = rows.setdefault(
            key,
            {"group": r.group, "tool": tool, "model": model, "linesAdded": 0, "regions": 0}
            | {"linesAtEnd": 0, "commits": 0},
        )
        row["linesAdded"] += r.lines_added
        row["linesAtEnd"] += r.lines_at_end
        row["regions"] += r.regions
        row["commits"] += r.commits
    card["range"] = rev_range
    card["rangeNote"] = RANGE_NOTE
    card["rows"] = [_range_row(row) for row in rows.values()]
    card["trend"] = []
    card["comparisons"] = []


def _range_row(row: dict) -> dict:
    why = {"value": None, "low": None, "high": None, "n": 0, "reason": RANGE_NOTE}
    return {
        **row,
        "survival": {k: why for k in ("7d", "30d", "90d")},
        "revisions": {"median": None, "p90": None, "neverAccepted": None, "n": 0}
        | {"reason": RANGE_NOTE},
        "rework14d": why,
        "complexityGrowth": why,
        "findingsPer1k": {},
        "hazardRatioVsHuman": None if row["group"] == "human" else why,
    }
