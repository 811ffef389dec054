"""A git URL as a local bare clone in the cache (cloned once, fetched on later runs).

The clone lands atomically (cloned into a temporary folder, then renamed), carries the
branches and the ``refs/notes/*`` git-ai writes, and is only ever read by the replay. Git
never prompts for credentials (a private repository fails with git's message instead).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from aidecay.vcs.log import ReplayError

REFS = ("+refs/heads/*:refs/heads/*", "+refs/notes/*:refs/notes/*")


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true"}
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
        )
    except OSError as exc:
        raise ReplayError(f"cannot run git: {exc}") from exc


def cache_folder(preferred: str | None) -> Path:
    """``preferred`` when it can be created here, else a folder in the temporary directory
    (a Ray worker on another machine does not see the driver's folders)."""
    for candidate in (preferred, os.path.join(tempfile.gettempdir(), "aidecay-org-clones")):
        if not candidate:
            continue
        try:
            Path(candidate).mkdir(mode=0o700, parents=True, exist_ok=True)
            return Path(candidate)
        except OSError:
            continue
    raise ReplayError("no folder to clone repositories into")


def clone(url: str, name: str, cache: Path) -> Path:
    """The up-to-date bare clone of ``url``; ReplayError with git's reason when it fails.
    A clone that exists but cannot be fetched (offline) is used as it is."""
    target = cache / f"{name}-{hashlib.blake2b(url.encode(), digest_size=4).hexdigest()}.git"
    if (target / "HEAD").is_file():
        _git("fetch", "--quiet", "--prune", "origin", *REFS, cwd=target)
        return target
    work = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=cache))
    try:
        done = _git("clone", "--quiet", "--bare", "--", url, str(work / "repo.git"))
        if done.returncode != 0:
            raise ReplayError(f"cannot clone {url}: {done.stderr.strip() or 'git clone failed'}")
        _git("fetch", "--quiet", "origin", REFS[1], cwd=work / "repo.git")  # notes, if any
        shutil.rmtree(target, ignore_errors=True)  # what an interrupted clone left
        os.replace(work / "repo.git", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
