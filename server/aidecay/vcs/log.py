"""The history ``aidecay replay`` walks: one forward ``git log -p -U0 -M`` over the Python files.

``preflight`` refuses a folder that cannot be replayed with a message that says what to do;
``log_lines_args`` streams the log.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aidecay.vcs import git
from aidecay.vcs.git import GitError

PATHSPEC = ("*.py", "*.pyi")
#: Header of one commit in the log stream; fields split by \x1f, the block ends with \x1e.
HEADER = "\x1eC"
LOG_FORMAT = "%x1eC%H %P%n%at %ct%n%an%x1f%ae%x1f%cn%x1f%ce%n%B%x1e"
#: The walk: every commit touching a Python file, oldest first, side branches included,
#: parents rewritten to the walked commits, merges diffed against their first parent.
WALK_OPTIONS = (
    "--topo-order",
    "--reverse",
    "--full-history",
    "--parents",
)
DIFF_OPTIONS = (
    "-p",
    "-U0",
    "-M",
    "--full-index",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--diff-merges=first-parent",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)


class ReplayError(GitError):
    """The repository cannot be replayed; the message says why and what to do."""


def run(repo: Path, *args: str, check: bool = True) -> str:
    """``git.run``, failing with ReplayError (the replay's own message type)."""
    try:
        return git.run(repo, *args, check=check)
    except GitError as exc:
        raise ReplayError(str(exc)) from exc


@dataclass(frozen=True)
class Repo:
    root: Path
    head: str
    head_time: int


def preflight(path: Path) -> Repo:
    """The repository at ``path``, or ReplayError for anything that would make a wrong replay."""
    if not path.is_dir():
        raise ReplayError(f"{path} is not a folder")
    inside = run(path, "rev-parse", "--is-inside-work-tree", check=False).strip()
    bare = run(path, "rev-parse", "--is-bare-repository", check=False).strip()
    if inside != "true" and bare != "true":
        raise ReplayError(
            f"{path} is not a git repository; run `aidecay replay` inside one or pass its folder"
        )
    top = run(path, "rev-parse", "--show-toplevel", check=False).strip()
    root = Path(top).resolve() if top else path.resolve()
    if run(root, "rev-parse", "--is-shallow-repository", check=False).strip() == "true":
        raise ReplayError(
            f"{root} is a shallow clone: its history is cut off, so every figure would be wrong. "
            "Fetch the whole history first: `git fetch --unshallow` (or clone without --depth)"
        )
    git_dir = Path(run(root, "rev-parse", "--absolute-git-dir").strip())
    for marker, what, how in (
        ("rebase-merge", "a rebase", "git rebase --continue` or `git rebase --abort"),
        ("rebase-apply", "a rebase or `git am`", "git rebase --abort` or `git am --abort"),
        ("MERGE_HEAD", "a merge", "git merge --continue` or `git merge --abort"),
        ("CHERRY_PICK_HEAD", "a cherry-pick", "git cherry-pick --abort"),
        ("BISECT_LOG", "a bisect", "git bisect reset"),
    ):
        if (git_dir / marker).exists():
            raise ReplayError(
                f"{root} is in the middle of {what}; HEAD is not a finished commit. "
                f"Finish it first (`{how}`), then replay"
            )
    head = run(root, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False).strip()
    if not head:
        raise ReplayError(f"{root} has no commits yet; nothing to replay")
    when = run(root, "show", "-s", "--format=%ct", head).strip()
    return Repo(root, head, int(when))


def at(repo: Repo, rev: str) -> Repo:
    """``repo`` with ``rev`` (a commit) in the place of HEAD; ReplayError when it is none."""
    sha = run(
        repo.root,
        "rev-parse",
        "--verify",
        "-q",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    ).strip()
    if not sha or rev.startswith("-"):
        raise ReplayError(f"{rev!r} is not a commit of {repo.root}")
    when = run(repo.root, "show", "-s", "--format=%ct", sha).strip()
    return Repo(repo.root, sha, int(when))


def walk_commits_args(repo: Repo, rev: list[str]) -> list[tuple[str, list[str]]]:
    """(sha, rewritten parents) of the walk, oldest first."""
    out = run(repo.root, "rev-list", *WALK_OPTIONS, *rev, "--", *PATHSPEC)
    commits = []
    for line in out.splitlines():
        parts = line.split()
        if parts:
            commits.append((parts[0], parts[1:]))
    return commits


_CORRUPT = ("unable to read", "corrupt", "bad object", "missing", "invalid object", "inflate")


def log_lines_args(repo: Repo, rev: list[str]) -> Iterator[str]:
    """The log stream of the walk, line by line (without newlines)."""
    args = ["git", "-c", "core.quotepath=off", "log", *WALK_OPTIONS, *DIFF_OPTIONS]
    args += [f"--format={LOG_FORMAT}", *rev, "--", *PATHSPEC]
    try:
        proc = subprocess.Popen(
            args,
            cwd=repo.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=1 << 20,
        )
    except OSError as exc:
        raise ReplayError(f"cannot run git: {exc}") from exc
    assert proc.stdout is not None and proc.stderr is not None
    # newline="\n": split on LF only, keep CR (a file with CRLF endings stays as it is).
    text = io.TextIOWrapper(proc.stdout, encoding="utf-8", errors="surrogateescape", newline="\n")
    try:
        for line in text:
            yield line[:-1] if line.endswith("\n") else line
    finally:
        text.close()
        err = proc.stderr.read().decode("utf-8", "replace").strip()
        proc.stderr.close()
        code = proc.wait()
    if code != 0:
        if any(word in err.lower() for word in _CORRUPT):
            raise ReplayError(
                f"the repository at {repo.root} has a corrupt or missing object ({err}); "
                "run `git fsck` to see which, and restore it from another clone. "
                "Nothing was written"
            )
        raise ReplayError(f"git log failed while walking the history: {err}")
