"""The git binary, run as subprocesses (never a shell, never the workspace's code).

``run`` is the one way aidecay runs git; ``BlobReader`` reads file contents through one
``git cat-file --batch`` process. The history walk ``aidecay replay`` streams lives in ``log``.
"""

from __future__ import annotations

import subprocess
from collections import deque
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


def python_blobs(root: Path, rev: str) -> dict[str, str]:
    """path -> blob id of the Python files of a commit."""
    listing = run(root, "ls-tree", "-r", "-z", rev, check=False)
    found = {}
    for entry in listing.split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and name.endswith(SUFFIXES):
            found[name] = parts[2]
    return found


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
    """File contents by object id (or ``rev:path``) through one ``git cat-file --batch``.

    ``prefetch`` sends requests ahead without waiting, so git reads the objects while the
    caller works; ``read`` then takes their answers in order (a request round trip costs
    milliseconds on a busy machine, thousands of times per history)."""

    MAX_PENDING = 256  # requests in flight: far below what the pipes buffer (no deadlock)

    def __init__(self, root: Path) -> None:
        self._proc = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._pending: deque[str] = deque()
        self._ready: dict[str, tuple[int, str | None]] = {}
        self._generation = 0

    def prefetch(self, names: list[str]) -> None:
        """Ask for ``names`` now; answers wait until ``read`` (kept for eight prefetches)."""
        self._generation += 1
        if self._generation % 8 == 0:
            self._ready = {n: v for n, v in self._ready.items() if v[0] >= self._generation - 8}
        stdin = self._proc.stdin
        assert stdin is not None
        wanted = [n for n in dict.fromkeys(names) if n not in self._ready]
        wanted = [n for n in wanted if n not in self._pending]
        wanted = wanted[: max(0, self.MAX_PENDING - len(self._pending))]
        if not wanted:
            return
        stdin.write(b"".join(n.encode("utf-8", "surrogateescape") + b"\n" for n in wanted))
        stdin.flush()
        self._pending.extend(wanted)

    def read(self, name: str) -> str | None:
        """The text of the object, or None when it is missing or not UTF-8 text."""
        ready = self._ready.get(name)
        if ready is not None:
            return ready[1]
        while self._pending:
            pending = self._pending.popleft()
            value = self._answer()
            self._ready[pending] = (self._generation, value)
            if pending == name:
                return value
        stdin = self._proc.stdin
        assert stdin is not None
        stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        stdin.flush()
        return self._answer()

    def _answer(self) -> str | None:
        stdout = self._proc.stdout
        assert stdout is not None
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
