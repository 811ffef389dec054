"""The git binary, run as subprocesses (never a shell, never the workspace's code).

``run`` is the one way aidecay runs git; ``BlobReader`` reads file contents through one
``git cat-file --batch`` process. The history walk ``aidecay replay`` streams lives in ``log``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

SUFFIXES = (".py", ".pyi")


class GitError(RuntimeError):
    """git failed, cannot run, or the folder is not a repository; the message says which."""


def _git(repo: Path, args: tuple[str, ...], stdin: str | None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=repo,
            input=stdin,
            capture_output=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from exc


def run(repo: Path, *args: str, check: bool = True, stdin: str | None = None) -> str:
    """git's stdout; GitError when it fails and ``check``, else "" on failure."""
    done = _git(repo, args, stdin)
    if done.returncode != 0 and check:
        raise GitError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout if done.returncode == 0 else ""


def try_run(repo: Path, *args: str, stdin: str | None = None) -> str | None:
    """git's stdout, or None when git failed (a missing object, no such note)."""
    done = _git(repo, args, stdin)
    return done.stdout if done.returncode == 0 else None


def repo_root(path: Path) -> Path:
    return Path(run(path, "rev-parse", "--show-toplevel").strip()).resolve()


def commits(repo: Path, rev: str) -> list[str]:
    """The commits of ``rev``: a range (``A..B``) or a single revision."""
    if ".." in rev:
        return run(repo, "rev-list", rev, "--").split()
    return [run(repo, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}").strip()]


def file_at(repo: Path, commit: str, path: str) -> str | None:
    """The file's text at ``commit``; None when absent (or not text)."""
    return try_run(repo, "show", f"{commit}:{path}")


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    return try_run(root, "merge-base", "--is-ancestor", ancestor, descendant) is not None


def python_files(root: Path, rev: str) -> list[str]:
    """The Python files of a commit (``ls-tree`` pathspecs do not glob, so filter here)."""
    listing = run(root, "ls-tree", "-r", "--name-only", "-z", rev, check=False)
    return [name for name in listing.split("\0") if name.endswith(SUFFIXES)]


def notes_list(root: Path, ref: str = "ai") -> dict[str, str]:
    """commit -> note blob id of ``refs/notes/<ref>`` (empty when there are none)."""
    out = run(root, "notes", f"--ref={ref}", "list", check=False)
    notes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:
            notes[parts[1]] = parts[0]
    return notes


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
