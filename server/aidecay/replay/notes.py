"""Line-level attribution: git-ai notes (``refs/notes/ai``) and Agent Trace records.

Both say, for a commit, which lines of which file (numbered as in that commit) an agent wrote.
A commit with such evidence is attributed line by line: attested agent lines are AI, ``h_…``
git-ai ids and Agent Trace ``human`` ranges are human, every other line it added is human too.
Evidence that cannot be read is skipped with a warning naming it; it never stops the replay.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from aidecay.replay.attribution import AI, HUMAN, Attribution
from aidecay.vcs import gitai

TRACE_PATH = ".agent-trace/traces.jsonl"

#: path -> 1-based line (in the commit's version of the file) -> attribution
FileLines = dict[str, dict[int, Attribution]]


@dataclass
class LineEvidence:
    """commit sha -> the lines attested in it."""

    commits: dict[str, FileLines] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, sha: str, path: str, first: int, last: int, attribution: Attribution) -> None:
        lines = self.commits.setdefault(sha, {}).setdefault(path, {})
        for number in range(first, last + 1):
            lines.setdefault(number, attribution)


def _origin(tool: str) -> str:
    lowered = tool.lower()
    return "inline-completion" if "tab" in lowered or "completion" in lowered else "agent"


def add_note(evidence: LineEvidence, sha: str, text: str) -> None:
    """Read one git-ai note; a malformed note is a warning."""
    try:
        log = gitai.parse(text)
    except gitai.NoteError as exc:
        evidence.warnings.append(f"skipping the git-ai note of {sha[:12]}: it is malformed ({exc})")
        return
    for path, ids in log.attestations.items():
        for attestation, ranges in ids.items():
            where = f"git-ai note {sha[:12]} {attestation}"
            if gitai.is_human(attestation):
                attribution = Attribution(HUMAN, origin="human", evidence=where)
            else:
                agent = (log.describe(attestation) or {}).get("agent_id") or {}
                tool = str(agent.get("tool") or "git-ai")
                model = agent.get("model")
                model = None if model in (None, "", "unknown") else str(model)
                attribution = Attribution(AI, tool, model, _origin(tool), where)
            for first, last in ranges:
                evidence.add(sha, path, first, last, attribution)
        evidence.commits.setdefault(sha, {})


def add_traces(evidence: LineEvidence, text: str, known: Callable[[str], str | None]) -> None:
    """Agent Trace records (one JSON object per line); ``known`` expands a revision to a sha."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            _add_trace(evidence, json.loads(line), known)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            evidence.warnings.append(
                f"skipping record {number} of {TRACE_PATH}: it is not an Agent Trace record ({exc})"
            )


def _add_trace(evidence: LineEvidence, record: dict, known: Callable[[str], str | None]) -> None:
    revision = (record.get("vcs") or {}).get("revision")
    sha = known(str(revision)) if revision else None
    if sha is None:
        raise ValueError(f"revision {revision!r} is not in the replayed history")
    tool_name = str((record.get("tool") or {}).get("name") or "agent-trace")
    for entry in record["files"]:
        path = str(entry["path"])
        for conversation in entry.get("conversations") or []:
            contributor = conversation.get("contributor") or {}
            kind = str(contributor.get("type") or "unknown")
            if kind not in ("ai", "human", "mixed"):
                continue
            where = f"agent-trace {record.get('id', '?')} {path}"
            if kind == "human":
                attribution = Attribution(HUMAN, origin="human", evidence=where)
            else:
                model = contributor.get("model_id")
                attribution = Attribution(
                    AI, tool_name, str(model) if model else None, "agent", where
                )
            for span in conversation.get("ranges") or []:
                first, last = int(span["start_line"]), int(span["end_line"])
                if 1 <= first <= last:
                    evidence.add(sha, path, first, last, attribution)
