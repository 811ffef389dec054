"""Parse the forward ``git log -p -U0 -M`` stream (see ``vcs.log.LOG_FORMAT``) into commits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from aidecay.vcs.log import HEADER

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f"}


@dataclass
class Hunk:
    """``old_count`` lines at ``old_start`` replaced by ``added`` (1-based; -U0 numbering)."""

    old_start: int
    old_count: int
    new_start: int
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    @property
    def position(self) -> int:
        """0-based index in the old file where the removed lines start / new lines go."""
        return self.old_start - 1 if self.old_count else self.old_start


@dataclass
class FileDiff:
    old_path: str | None  # None: the file is new
    new_path: str | None  # None: the file was deleted
    new_blob: str | None = None
    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False


@dataclass
class Commit:
    sha: str
    parents: list[str]
    author_time: int
    time: int  # committer time
    author: str
    author_email: str
    committer: str
    committer_email: str
    message: str
    files: list[FileDiff] = field(default_factory=list)


def unquote(path: str) -> str:
    """A path as git prints it (C-quoted when it has special characters)."""
    if not (len(path) >= 2 and path[0] == '"' and path[-1] == '"'):
        return path
    body, out, raw, i = path[1:-1], [], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and i + 3 < len(body) + 1:
                raw.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            if raw:
                out.append(raw.decode("utf-8", "replace"))
                raw.clear()
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        if raw:
            out.append(raw.decode("utf-8", "replace"))
            raw.clear()
        out.append(ch)
        i += 1
    if raw:
        out.append(raw.decode("utf-8", "replace"))
    return "".join(out)


def _strip_prefix(path: str, prefix: str) -> str | None:
    path = unquote(path)
    if path == "/dev/null":
        return None
    return path[len(prefix) :] if path.startswith(prefix) else path


def parse(lines: Iterable[str]) -> Iterator[Commit]:
    """Commits in stream order; the diff lines of each follow its header."""
    commit: Commit | None = None
    current: FileDiff | None = None
    hunk: Hunk | None = None
    pending = 0  # lines of the current hunk still to read
    it = iter(lines)
    for line in it:
        if line.startswith(HEADER):
            if commit is not None:
                yield commit
            commit, current, hunk, pending = _header(line, it), None, None, 0
            continue
        if commit is None:
            continue
        if hunk is not None and (pending or line.startswith("\\")):
            if line[:1] == "+":
                hunk.added.append(line[1:])
                pending -= 1
            elif line[:1] == "-":
                hunk.removed.append(line[1:])
                pending -= 1
            continue
        if line.startswith("diff --git "):
            current, hunk = FileDiff(None, None), None
            current.old_path = current.new_path = _diff_git_path(line)
            commit.files.append(current)
        elif current is None:
            continue
        elif line.startswith("@@"):
            match = _HUNK.match(line)
            if match:
                old_count = 1 if match.group(2) is None else int(match.group(2))
                new_count = 1 if match.group(4) is None else int(match.group(4))
                hunk = Hunk(int(match.group(1)), old_count, int(match.group(3)))
                pending = old_count + new_count
                current.hunks.append(hunk)
        elif line.startswith("--- "):
            current.old_path = _strip_prefix(line[4:], "a/")
        elif line.startswith("+++ "):
            current.new_path = _strip_prefix(line[4:], "b/")
        elif line.startswith("rename from "):
            current.old_path = unquote(line[12:])
        elif line.startswith("rename to "):
            current.new_path = unquote(line[10:])
        elif line.startswith("new file mode"):
            current.old_path = None
        elif line.startswith("deleted file mode"):
            current.new_path = None
        elif line.startswith("index "):
            blobs = line[6:].split(" ")[0].split("..")
            if len(blobs) == 2 and set(blobs[1]) != {"0"}:
                current.new_blob = blobs[1]
        elif line.startswith("Binary files ") or line.startswith("GIT binary patch"):
            current.binary = True
    if commit is not None:
        yield commit


def _diff_git_path(line: str) -> str | None:
    """The path of a ``diff --git a/X b/X`` line when both sides agree (else fixed later)."""
    rest = line[len("diff --git ") :]
    if rest.startswith('"'):
        return None
    half = (len(rest) - 1) // 2
    a, b = rest[:half], rest[half + 1 :]
    if a.startswith("a/") and b.startswith("b/") and a[2:] == b[2:]:
        return a[2:]
    return None


def _header(first: str, it: Iterator[str]) -> Commit:
    parts = first[len(HEADER) :].split()
    times = next(it).split()
    people = next(it).split("\x1f")
    people += [""] * (4 - len(people))
    body: list[str] = []
    for line in it:
        if line.endswith("\x1e"):
            body.append(line[:-1])
            break
        body.append(line)
    return Commit(
        sha=parts[0],
        parents=parts[1:],
        author_time=int(times[0]),
        time=int(times[1]),
        author=people[0],
        author_email=people[1],
        committer=people[2],
        committer_email=people[3],
        message="\n".join(body).strip("\n"),
    )
