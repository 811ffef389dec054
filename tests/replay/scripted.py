"""Scripted git repositories for the replay tests: commits with chosen authors, messages and
dates, branches and merges, and ``git blame`` at HEAD as the reference for ``linesAtHead``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from factories import DAY, HUMAN, T0, git

__all__ = ["DAY", "HUMAN", "T0", "ScriptedRepo", "function"]
CLAUDE_TRAILER = "\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>"


class ScriptedRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, **options) -> str:
        """``factories.git`` in this repository."""
        return git(self.root, *args, **options)

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    def commit(
        self,
        message: str,
        files: dict[str, str | None],
        *,
        day: float,
        who: tuple[str, str] = HUMAN,
    ) -> str:
        for path, text in files.items():
            if text is None:
                self.git("rm", "-q", path)
            else:
                self.write(path, text)
                self.git("add", path)
        self.git("commit", "-q", "--allow-empty", "-m", message, day=day, who=who)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def blame_counts(self, ai_commits: set[str]) -> Counter:
        """Lines at HEAD per group by ``git blame`` (the reference for ``linesAtHead``)."""
        counts: Counter = Counter()
        files = self.git("ls-files", "*.py").split()
        for path in files:
            out = self.git("blame", "--porcelain", "HEAD", "--", path)
            for line in out.splitlines():
                parts = line.split()
                if len(parts) in (3, 4) and len(parts[0]) == 40 and parts[1].isdigit():
                    counts["ai" if parts[0] in ai_commits else "human"] += 1
        return counts


def function(name: str, body: list[str]) -> str:
    return f"def {name}(x):\n" + "".join(f"    {line}\n" for line in body)
