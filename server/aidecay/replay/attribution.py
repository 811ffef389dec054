"""Commit-level attribution: which commits a coding agent wrote, by trailers and authors.

Evidence, strongest first: an agent as the commit's *author* (``Cursor Agent``, ``… (aider)``,
``devin-ai-integration[bot]``, ``claude[bot]``, ``openhands``), then ``Co-authored-by``
trailers naming an agent, then the markers tools write into messages (``Generated with
[Claude Code]``, ``aider: `` subjects). An agent that is only the *committer* does not make a
commit AI (aider commits a human's edits that way), and bots that do not generate code
(dependabot, renovate, release and changelog bots) are ``bot``, neither AI nor human.
Line-level evidence (git-ai notes, Agent Trace) lives in ``notes`` and wins over this.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aidecay.replay.diff import Commit

AI, HUMAN, BOT = "ai", "human", "bot"


@dataclass(frozen=True)
class Attribution:
    """Who wrote lines: ``group`` ai/human/bot, the agent's tool and model, and the evidence."""

    group: str
    tool: str | None = None
    model: str | None = None
    origin: str = "human"  # agent | inline-completion | human | bot
    evidence: str = ""

    @property
    def ai(self) -> bool:
        return self.group == AI


HUMAN_ATTRIBUTION = Attribution(HUMAN)

#: (tool, pattern on an identity "Name <email>") for co-author trailers and authors.
_IDENTITIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (tool, re.compile(pattern, re.IGNORECASE))
    for tool, pattern in (
        ("claude", r"^(claude\b[^<]*|claude\[bot\])\s*<|<noreply@anthropic\.com>"),
        ("copilot", r"^(github )?copilot\b|copilot-swe-agent|<[^>]*copilot[^>]*@users\.noreply"),
        ("cursor", r"^cursor( agent)?\s*<|<cursoragent@cursor\.com>"),
        ("codex", r"^(openai )?codex\b|chatgpt-codex-connector|<codex@openai\.com>"),
        ("gemini", r"^gemini\b(?!-code-assist)|gemini-cli"),
        ("aider", r"\(aider\)\s*<|^aider\b"),
        ("openhands", r"^openhands\b|<openhands@all-hands\.dev>"),
        ("devin", r"^devin\b|devin-ai-integration|<devin@"),
        ("jules", r"google-labs-jules|^jules\b"),
        ("amp", r"^amp\s*<|<amp@ampcode\.com>"),
        ("windsurf", r"^(windsurf|cascade)\b"),
        ("junie", r"^junie\b"),
        ("kiro", r"^kiro\b"),
    )
)
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("claude", re.compile(r"generated with \[?claude code\]?", re.IGNORECASE)),
    ("codex", re.compile(r"generated (with|by) \[?codex\b", re.IGNORECASE)),
    ("gemini", re.compile(r"generated (with|by) \[?gemini( cli)?\b", re.IGNORECASE)),
    ("copilot", re.compile(r"generated (with|by) \[?(github )?copilot\b", re.IGNORECASE)),
    ("openhands", re.compile(r"generated (with|by) \[?openhands\b", re.IGNORECASE)),
    ("cursor", re.compile(r"generated (with|by) \[?cursor\b", re.IGNORECASE)),
)
_AIDER_SUBJECT = re.compile(r"^aider: ", re.IGNORECASE)
_CO_AUTHOR = re.compile(r"^co-authored-by:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
#: Automation that does not write code: never AI, even with an agent-looking name.
_BOTS = re.compile(
    r"dependabot|renovate|github-actions|pre-commit-ci|release-please|semantic-release|"
    r"allcontributors|mergify|snyk-bot|pyup-bot|imgbot|web-flow",
    re.IGNORECASE,
)
_RELEASE_SUBJECT = re.compile(
    r"^(chore\(release\)|chore: (release|bump)|release v?\d|bump (the )?version|"
    r"update changelog|changelog\b|v?\d+\.\d+(\.\d+)?$)",
    re.IGNORECASE,
)
_MODEL_IN_NAME = re.compile(r"\(([^)]*)\)")


def _model(tool: str, name: str) -> str | None:
    """The model an identity names: ``Claude Opus 4.6 (1M context)``, ``aider (gemini/…)``."""
    name = name.split("<")[0].strip()
    if tool == "aider":
        match = _MODEL_IN_NAME.search(name)
        inner = match.group(1).strip() if match else ""
        return inner if inner and inner.lower() != "aider" else None
    bare = name.lower().replace("[bot]", "").strip()
    if bare in (tool, f"{tool} agent", f"github {tool}", f"openai {tool}", "cursor agent"):
        return None
    return name if any(ch.isdigit() for ch in name) or " " in name else None


def _identity(text: str) -> tuple[str, str | None] | None:
    for tool, pattern in _IDENTITIES:
        if pattern.search(text):
            return tool, _model(tool, text)
    return None


def classify(commit: Commit, extra: Sequence[re.Pattern[str]] = ()) -> Attribution:
    """The attribution of every line ``commit`` added, absent line-level evidence."""
    author = f"{commit.author} <{commit.author_email}>"
    subject = commit.message.split("\n", 1)[0]
    if _BOTS.search(author):
        return Attribution(BOT, origin=BOT, evidence=f"author: {author}")
    agent_author = _identity(author)
    if agent_author and agent_author[0] == "aider" and "(aider)" not in commit.author.lower():
        agent_author = None  # "aider" in an email alone is not an agent author
    if agent_author and _RELEASE_SUBJECT.search(subject):
        return Attribution(BOT, origin=BOT, evidence=f"release commit by {author}")
    if agent_author:
        tool, model = agent_author
        return Attribution(AI, tool, model, "agent", f"author: {author}")
    for name in _CO_AUTHOR.findall(commit.message):
        found = _identity(name)
        if found:
            return Attribution(AI, found[0], found[1], "agent", f"trailer: Co-authored-by: {name}")
    for tool, pattern in _MARKERS:
        match = pattern.search(commit.message)
        if match:
            return Attribution(AI, tool, None, "agent", f"message: {match.group(0)}")
    if _AIDER_SUBJECT.match(subject):
        return Attribution(AI, "aider", None, "agent", f"subject: {subject[:80]}")
    for pattern in extra:
        for text, where in ((commit.message, "message"), (author, "author")):
            match = pattern.search(text)
            if match:
                groups = match.groupdict()
                tool = groups.get("tool") or "custom"
                return Attribution(
                    AI,
                    tool,
                    groups.get("model"),
                    "agent",
                    f"--ai-pattern {where}: {match.group(0)}",
                )
    return HUMAN_ATTRIBUTION


def compile_patterns(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    """``--ai-pattern`` values; ValueError naming a pattern that does not compile."""
    compiled = []
    for text in patterns:
        try:
            compiled.append(re.compile(text, re.IGNORECASE | re.MULTILINE))
        except re.error as exc:
            raise ValueError(
                f"--ai-pattern {text!r} is not a valid regular expression: {exc}"
            ) from None
    return compiled
