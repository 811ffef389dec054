"""Feedback after a write: the findings an agent's fresh code raises, told back to the agent.

Right after a hook marks what the agent wrote, the same analysis the editor runs checks those
new regions (conventions learned from the file's human code, duplicates from the workspace's
persisted index). Agents whose write hooks can answer (Claude Code, Codex CLI) get the
findings at once as a ``{"decision": "block", "reason": ...}`` answer; agents that only
listen at the end of a turn (Cursor's ``stop``, Copilot CLI's ``agentStop``) get what
accumulated for their session then, at most ``MAX_TURN_ANSWERS`` times per session.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from aidecay.analysis.check import Lines, check_spans
from aidecay.analysis.engine import AnalysisEngine
from aidecay.analysis.index.workspace import WorkspaceIndex
from aidecay.core.clock import utc_now
from aidecay.core.settings import Settings
from aidecay.core.uris import path_to_uri
from aidecay.store import Store

from .marking import MarkRequest, read_text_file

MAX_FINDINGS = 10
MAX_MESSAGE_CHARS = 300
#: End-of-turn answers per session (each one makes the agent take another turn).
MAX_TURN_ANSWERS = 3
#: Agents told right after the write, and agents told at the end of their turn.
AT_ONCE = ("claude-code", "codex")
AT_TURN_END = ("cursor", "copilot")


@dataclass(frozen=True)
class Told:
    """One finding as the agent hears it."""

    path: str
    line: int
    code: str
    message: str


def findings_of(db: Path, requests: list[MarkRequest], root: Path | None) -> list[Told]:
    """The findings of the lines the agent just wrote, as the editor would raise them now
    (the file's other AI regions stay out of what conventions are learned from)."""
    requests = [r for r in requests if r.ranges]
    if not requests:
        return []
    index = None
    if root is not None and root.is_dir():
        index = WorkspaceIndex(root, cache_path=str(db))
        index.build()
    store = Store(db)
    engine = AnalysisEngine()
    told: list[Told] = []
    try:
        for request in requests:
            text = read_text_file(request.path)
            lines = Lines.of(text)
            new = [lines.span(a, b) for a, b in request.ranges]
            others = [(r.start, r.end) for r in store.load_regions(path_to_uri(request.path))]
            found = check_spans(
                engine, text, str(request.path), new, others, index, Settings(), utc_now()
            )
            shown = _shown(request.path, root)
            told += [Told(shown, lines.line_of(f.start), f.code, f.message) for f in found]
    finally:
        store.close()
    return told


def _shown(path: Path, root: Path | None) -> str:
    try:
        return path.relative_to(root).as_posix() if root is not None else str(path)
    except ValueError:
        return str(path)


def reason(told: list[Told]) -> str:
    """What the agent reads: each finding with its file and line, then what to do."""
    rows = [f"- {t.path}:{t.line} {t.code}: {_flat(t.message)}" for t in told[:MAX_FINDINGS]]
    if len(told) > MAX_FINDINGS:
        rows.append(f"- … and {len(told) - MAX_FINDINGS} more")
    advice = []
    if any(t.code == "duplicate-helper" for t in told):
        advice.append("call the existing helper instead of keeping a near-copy")
    if any(t.code.endswith("-divergence") for t in told):
        advice.append("follow the module's conventions the messages name")
    if any(t.code in ("complexity-growth", "maintainability-drop", "churn") for t in told):
        advice.append("simplify what grew")
    return (
        "aidecay: the code you just wrote diverges from this codebase:\n"
        + "\n".join(rows)
        + f"\nFix it now: {'; '.join(advice)}."
    )


def _flat(message: str) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= MAX_MESSAGE_CHARS else flat[: MAX_MESSAGE_CHARS - 1] + "…"


def answer_now(agent: str, text: str) -> dict | None:
    """The hook's stdout for a write, when this agent reads it right away."""
    if agent in AT_ONCE:
        return {"decision": "block", "reason": text}
    return None


def answer_at_turn_end(agent: str, text: str) -> dict | None:
    """The hook's stdout at the end of the agent's turn."""
    if agent == "cursor":
        return {"followup_message": text}
    if agent == "copilot":
        return {"decision": "block", "reason": text}
    return None


class Pending:
    """Findings waiting for the end of an agent's turn, one private file per session, next
    to the database."""

    def __init__(self, db: Path, agent: str, session: str | None) -> None:
        folder = db.parent / f"{db.name}.feedback"
        digest = hashlib.sha256(f"{agent}\0{session or ''}".encode()).hexdigest()[:32]
        self.folder = folder
        self.path = folder / f"{digest}.json"

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"reasons": [], "told": 0}
        return data if isinstance(data, dict) else {"reasons": [], "told": 0}

    def _save(self, data: dict) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)

    def add(self, told: list[Told]) -> None:
        data = self._load()
        data.setdefault("reasons", []).extend([t.path, t.line, t.code, t.message] for t in told)
        self._save(data)

    def take(self) -> str | None:
        """What accumulated (then forgotten), unless the session was answered enough."""
        data = self._load()
        rows = data.get("reasons") or []
        if not rows or int(data.get("told", 0)) >= MAX_TURN_ANSWERS:
            if rows:
                self._save({"reasons": [], "told": data.get("told", 0)})
            return None
        self._save({"reasons": [], "told": int(data.get("told", 0)) + 1})
        return reason([Told(*row) for row in rows])
