"""The git binary, run as subprocesses (never a shell, never the workspace's code).

``preflight`` refuses a folder that cannot be replayed with a message that says what to do;
``log_lines`` streams one forward ``git log -p -U0 -M`` over the Python files;
``BlobReader`` reads file contents through one ``git cat-file --batch`` process.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PATHSPEC = ("*.py", "*.pyi")
SUFFIXES = (".py", ".pyi")
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


class ReplayError(Exception):
    """The repository cannot be replayed; the message says why and what to do."""


def run(repo: Path, *args: str, check: bool = True) -> str:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=repo,
            capture_output=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except OSError as exc:
        raise ReplayError(f"cannot run git: {exc}") from exc
    if done.returncode != 0 and check:
        raise ReplayError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout if done.returncode == 0 else ""


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


class BlobReader:
    """File contents by object id (or ``rev:path``) through one ``git cat-file --batch``."""

    def __init__(self, root: Path) -> None:
        self._proc = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def read(self, name: str) -> str | None:
        """The text of the object, or None when it is missing or not UTF-8 text."""
        stdin, stdout = self._proc.stdin, self._proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            return None
        size = int(header[2])
        data = stdout.read(size + 1)[:size]
        if header[1] != b"blob":
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        if self._proc.stdout:
            self._proc.stdout.close()
        self._proc.wait()


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    done = subprocess.run(
        ["git", "merge-base", "--is-ancestor", ancestor, descendant],
        cwd=root,
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def python_files(root: Path, rev: str) -> list[str]:
    """The Python files of a commit (``ls-tree`` pathspecs do not glob, so filter here)."""
    listing = run(root, "ls-tree", "-r", "--name-only", "-z", rev, check=False)
    return [name for name in listing.split("\0") if name.endswith(SUFFIXES)]


def notes_list(repo: Repo, ref: str = "ai") -> dict[str, str]:
    """commit -> note blob id of ``refs/notes/<ref>`` (empty when there are none)."""
    out = run(repo.root, "notes", f"--ref={ref}", "list", check=False)
    notes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:
            notes[parts[1]] = parts[0]
    return notes
