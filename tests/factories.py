"""Factories shared by the tests: AI-marked source fragments, region states, git commands."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from textwrap import dedent
from typing import Any

from aidecay.analysis.rules.model import RegionState

CREATED = "2024-05-01T09:00:00.000Z"
#: Scripted git histories start here (2023-11-14); ``day`` counts from it.
DAY = 86_400
T0 = 1_700_000_000
HUMAN = ("Ann Human", "ann@example.com")


class AI(str):
    """A source fragment written by the assistant."""


def compose(*parts: str) -> tuple[str, list[tuple[int, int]]]:
    """Concatenate (dedented) fragments; ``AI`` fragments become AI spans."""
    source, spans = "", []
    for part in parts:
        text = dedent(part)
        if isinstance(part, AI):
            spans.append((len(source), len(source) + len(text)))
        source += text
    return source, spans


def region_state(start: int, end: int, **fields: Any) -> RegionState:
    """An agent region over ``start``..``end``, never edited nor reviewed, no baseline; any
    field can be given by name."""
    values: dict[str, Any] = dict(
        id="r", start=start, end=end, origin="agent", tool=None, model=None,
        created_at=CREATED, edit_count=0, chars_changed=0, original_size=end - start,
        last_edited_at=None, reviewed_at=None, baseline=None,
    )  # fmt: skip
    values.update(fields)
    return RegionState(**values)


def git(
    repo: Path,
    *args: str,
    day: float = 0,
    who: tuple[str, str] = HUMAN,
    committer: tuple[str, str] | None = None,
    stdin: str | None = None,
    check: bool = True,
) -> str:
    """Run git in ``repo`` as ``who`` (committer too unless given), dated ``day`` days after
    ``T0``; its output. A failure raises ``AssertionError`` with git's message (``check``)."""
    committer = committer or who
    when = f"@{int(T0 + day * DAY)} +0000"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": committer[0],
        "GIT_COMMITTER_EMAIL": committer[1],
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0 and check:
        raise AssertionError(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout
