"""``aidecay report``: a self-contained offline HTML report."""

from __future__ import annotations

import argparse
import sys

from aidecay.cli.common import add_scope, db_path, guarded, progress, scope, write_atomically
from aidecay.stats import replay_report, report, scorecard, scorecard_view, sources, summary


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "report",
        help="write a self-contained HTML report with charts",
        description="Write one offline HTML file (inline CSS and SVG, no network) with AI code "
        "inserted vs surviving, complexity of the worst regions, rework per week and "
        "diagnostics by code.",
    )
    parser.add_argument(
        "--out", default="aidecay-report.html", metavar="FILE", help="default aidecay-report.html"
    )
    add_scope(parser)
    replay_report.add_source_option(parser)
    parser.set_defaults(run=guarded(run))


def run(args: argparse.Namespace) -> int:
    window = scope(args)
    with progress("building the report", total=3) as advance:
        history = sources.load(db_path(args), window, args.source)
        advance(text="computing statistics")
        stats = summary.compute(history, window)
        advance(text="drawing charts")
        replayed = [] if args.source == "live" else replay_report.repos(history)
        card = scorecard.build(history, repo=None)
        extra = scorecard_view.section_html(card) + replay_report.render_html(replayed)
        html = report.render(stats, extra)
        advance()
    write_atomically(args.out, html)
    print(f"aidecay: report written to {args.out}", file=sys.stderr)
    return 0
