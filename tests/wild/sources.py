"""The wild corpus: pinned projects from the package index, their functions, a fixed sample.

Source distributions are downloaded with pip into a cache folder outside git
(``$AIDECAY_WILD_CACHE``, else ``~/.cache/aidecay-wild``) and only their ``.py`` files are
extracted. Nothing here imports or runs project code: files are read and parsed with ``ast``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = Path(__file__).with_name("manifest.json")
#: Folders and files that hold tests, examples or documentation rather than the library.
_SKIP_PARTS = frozenset({"test", "tests", "testing", "examples", "docs", "doc", "benchmarks"})


class CorpusUnavailable(RuntimeError):
    """The package index could not be reached and a project is not in the cache."""


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    package: str
    style: str

    @property
    def folder(self) -> str:
        return f"{self.name.lower()}-{self.version}"


@dataclass(frozen=True)
class Function:
    """A function or method of a project file (lines are 0-based and inclusive)."""

    project: str
    path: str
    qualname: str
    first: int
    last: int
    is_method: bool
    indent: int

    @property
    def key(self) -> str:
        return f"{self.project}:{self.path}:{self.qualname}"


def load_manifest(path: Path = MANIFEST) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


#: The tuning set (rules were tuned on it) and the held-out set (never tuned on).
SETS = ("tuning", "held-out")


def projects(manifest: dict, which: str) -> list[Project]:
    """The projects of one set."""
    return [Project(**p) for p in manifest["sets"][which]["projects"]]


def cache_dir() -> Path:
    env = os.environ.get("AIDECAY_WILD_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "aidecay-wild"


def fetch(project: Project, cache: Path) -> Path:
    """The extracted project folder, downloading the sdist first if it is not cached."""
    target = cache / "src" / project.folder
    if (target / ".complete").exists():
        return target
    sdists = cache / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    archive = _find_archive(sdists, project)
    if archive is None:
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--no-binary", ":all:", f"{project.name}=={project.version}", "-d", str(sdists),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        archive = _find_archive(sdists, project)
        if done.returncode != 0 or archive is None:
            raise CorpusUnavailable(
                f"pip download {project.name}=={project.version} failed: "
                f"{done.stderr.strip().splitlines()[-1:] or done.returncode}"
            )
    _extract(archive, target)
    (target / ".complete").write_text("ok\n")
    return target


def _find_archive(folder: Path, project: Project) -> Path | None:
    wanted = project.folder.replace("-", "_").lower()
    for candidate in sorted(folder.glob("*.tar.gz")):
        stem = candidate.name[: -len(".tar.gz")].replace("-", "_").lower()
        if stem == wanted:
            return candidate
    return None


def _extract(archive: Path, target: Path) -> None:
    """Extract the ``.py`` files of ``archive`` into ``target`` (first folder level stripped)."""
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if not member.isfile() or not member.name.endswith(".py") or len(parts) < 2:
                continue
            out = target.joinpath(*parts[1:])
            if ".." in parts or not out.resolve().is_relative_to(target.resolve()):
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                out.write_bytes(source.read())


def library_files(root: Path, project: Project) -> list[Path]:
    """The project's library modules (tests, examples and docs left out), sorted."""
    found = []
    for path in sorted((root / project.package).rglob("*.py")):
        rel = path.relative_to(root)
        if _SKIP_PARTS & set(rel.parts[:-1]) or rel.name.startswith(("test_", "conftest")):
            continue
        found.append(path)
    return found
