"""Commit-level attribution: agent trailers, authors and markers, and the traps."""

from __future__ import annotations

import pytest

from aidecay.replay.attribution import classify, compile_patterns
from aidecay.replay.diff import Commit


def _commit(message: str, author: str = "Ann <ann@example.com>", committer: str = "") -> Commit:
    name, email = author.split(" <")
    c_name, c_email = (committer or author).split(" <")
    return Commit("0" * 40, [], 0, 0, name, email.rstrip(">"), c_name, c_email.rstrip(">"), message)


@pytest.mark.parametrize(
    ("message", "author", "tool", "model"),
    [
        ("fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>", None, "claude", None),
        (
            "fix\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>",
            None,
            "claude",
            "Claude Opus 4.6 (1M context)",
        ),
        (
            "fix\n\nCo-authored-by: claude[bot] <209825114+claude[bot]@users.noreply>",
            None,
            "claude",
            None,
        ),
        (
            "x\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)",
            None,
            "claude",
            None,
        ),
        (
            "x\n\nCo-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>",
            None,
            "copilot",
            None,
        ),
        ("x", "Cursor Agent <cursoragent@cursor.com>", "cursor", None),
        ("x\n\nGenerated with Codex", None, "codex", None),
        ("x\n\nCo-authored-by: openhands <openhands@all-hands.dev>", None, "openhands", None),
        (
            "x",
            "devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply>",
            "devin",
            None,
        ),
        ("x", "Paul Gauthier (aider) <paul@example.com>", "aider", None),
        ("aider: add tests", None, "aider", None),
        (
            "x\n\nCo-authored-by: aider (gemini/gemini-2.5-pro) <aider@aider.chat>",
            None,
            "aider",
            "gemini/gemini-2.5-pro",
        ),
    ],
)
def test_agents_are_recognised_with_tool_and_model(message, author, tool, model):
    found = classify(_commit(message, author or "Ann <ann@example.com>"))
    assert (found.group, found.tool, found.model) == ("ai", tool, model)
    assert found.evidence


@pytest.mark.parametrize(
    ("message", "author", "committer", "group"),
    [
        ("human edit", "Ann <ann@example.com>", "Ann (aider) <ann@example.com>", "human"),
        ("Bump requests", "dependabot[bot] <49699333+dependabot[bot]@users.noreply>", "", "bot"),
        ("chore(release): 1.2.0", "claude[bot] <1+claude[bot]@users.noreply>", "", "bot"),
        (
            "plain human commit\n\nCo-authored-by: Bob <bob@example.com>",
            "Ann <ann@example.com>",
            "",
            "human",
        ),
    ],
)
def test_traps_are_not_ai(message, author, committer, group):
    assert classify(_commit(message, author, committer)).group == group


def test_ai_pattern_names_tool_and_model():
    patterns = compile_patterns([r"^Assisted-by: (?P<tool>\w+)/(?P<model>[\w.-]+)"])
    found = classify(_commit("x\n\nAssisted-by: goose/gpt-5.1"), patterns)
    assert (found.tool, found.model) == ("goose", "gpt-5.1")
    with pytest.raises(ValueError, match="not a valid regular expression"):
        compile_patterns(["("])
