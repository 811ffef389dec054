"""``aidecay mark`` and ``aidecay hook``: record code an agent wrote outside the editor."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aidecay.cli.common import add_db, db_path, guarded
from aidecay.interop import feedback, hooks, marking
from aidecay.tracking.tracker import ORIGINS


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "mark",
        help="mark lines of a file as AI-written (for agent hooks)",
        description="Record lines A-B of FILE as AI-written. Safe while language servers use "
        "the same database; a running server picks the region up for open documents.",
    )
    parser.add_argument("file", metavar="FILE", help="the file the agent wrote")
    parser.add_argument(
        "--lines", required=True, metavar="A-B", help="1-based inclusive lines, e.g. 3-9 or 1-2,7"
    )
    parser.add_argument("--origin", default="agent", choices=ORIGINS, help="default agent")
    parser.add_argument("--tool", metavar="NAME", help="the agent or tool, e.g. claude-code")
    parser.add_argument("--model", metavar="NAME", help="the model, when known")
    parser.add_argument(
        "--workspace",
        metavar="PATH",
        default=".",
        help="refuse files outside this folder (default: the current folder)",
    )
    add_db(parser)
    parser.set_defaults(run=guarded(run_mark))

    hook = commands.add_parser(
        "hook",
        help="read an agent hook's JSON on stdin and mark what the agent wrote",
        description="For agent hooks: claude-code reads a PostToolUse payload (Write, Edit, "
        "MultiEdit); codex a PostToolUse payload (apply_patch); cursor an afterFileEdit or "
        "stop payload; copilot a postToolUse (create, edit) or agentStop payload. With "
        "--feedback, the findings of what the agent wrote are answered on stdout in the "
        "agent's hook format. See docs/integrations.md.",
    )
    hook.add_argument("agent", choices=sorted(hooks.AGENTS), help="whose hook payload this is")
    hook.add_argument(
        "--workspace", metavar="PATH", help="refuse files outside this folder (default: none)"
    )
    hook.add_argument(
        "--feedback",
        action="store_true",
        help="tell the agent what its write raised (at once, or at the end of its turn)",
    )
    add_db(hook)
    hook.set_defaults(run=guarded(run_hook))


def run_mark(args: argparse.Namespace) -> int:
    request = marking.MarkRequest(
        Path(args.file).resolve(),
        marking.parse_lines(args.lines),
        args.origin,
        args.tool,
        args.model,
    )
    workspace = Path(args.workspace).resolve()
    created = marking.mark(db_path(args), request, workspace)
    _report(request, created)
    return 0


def run_hook(args: argparse.Namespace) -> int:
    payload = hooks.load_payload(sys.stdin.read())
    event = hooks.AGENTS[args.agent](payload)
    workspace = Path(args.workspace).resolve() if args.workspace else None
    db = db_path(args)
    written = [r for r in event.requests if r.ranges]  # tools that wrote nothing we can place
    for request in written:
        _report(request, marking.mark(db, request, workspace))
    if not args.feedback:
        return 0
    pending = feedback.Pending(db, args.agent, event.session)
    if event.stop:
        text = pending.take()
        answer = feedback.answer_at_turn_end(args.agent, text) if text else None
    else:
        told = feedback.findings_of(db, written, workspace or event.root)
        answer = feedback.answer_now(args.agent, feedback.reason(told)) if told else None
        if told and answer is None:
            pending.add(told)
    if answer is not None:
        sys.stdout.write(json.dumps(answer) + "\n")
    return 0


def _report(request: marking.MarkRequest, created: list) -> None:
    spans = ",".join(f"{a}-{b}" for a, b in request.ranges)
    print(
        f"aidecay: marked {request.path} lines {spans}: {len(created)} new region(s)",
        file=sys.stderr,
    )
