"""The output folder lands each repository atomically: a run killed at any step of a commit
leaves complete files only, and opening the folder again finishes or discards the commit."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from orghelp import small_repo

from aidecay.org.dataset import Dataset
from aidecay.org.extra import OrgError
from aidecay.org.run import Options, row_of
from aidecay.org.task import Task, failed, run_task


class Killed(BaseException):
    """Stands for the process dying between two file operations."""


def _snapshot(root: Path) -> dict[str, object]:
    """What a reader sees: every table file's rows, and repos.parquet."""
    seen: dict[str, object] = {}
    for path in sorted(root.rglob("*.parquet")):
        if "_state" not in path.parts:
            seen[str(path.relative_to(root))] = pq.read_table(path).to_pylist()
    return seen


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    repo = small_repo(tmp_path_factory.mktemp("repo") / "svc", 3)
    found = run_task(Task("svc", str(repo.root)))
    assert found.status == "ok", found.error
    return found


def _prepared(root: Path, result) -> Dataset:
    """A dataset where ``svc`` failed before (so a new commit replaces that)."""
    dataset = Dataset(root)
    dataset.open()
    before = failed(Task("svc", result.source), "was broken")
    dataset.commit(before, row_of(before, None, Options()))
    return dataset


def _commit_killed_at(step: int, dataset: Dataset, result, monkeypatch) -> list[str] | None:
    """Commit, the process "dying" before file operation number ``step``; the operations
    done (None when the commit finished first)."""
    real = {"replace": os.replace, "rename": os.rename}
    calls: list[str] = []

    def counted(name):
        def call(*args, **kwargs):
            if len(calls) == step:
                raise Killed
            calls.append(name)
            return real[name](*args, **kwargs)

        return call

    monkeypatch.setattr(os, "replace", counted("replace"))
    monkeypatch.setattr(os, "rename", counted("rename"))
    try:
        dataset.commit(result, row_of(result, None, Options()))
        return None
    except Killed:
        return calls
    finally:
        monkeypatch.setattr(os, "replace", real["replace"])
        monkeypatch.setattr(os, "rename", real["rename"])


def test_a_commit_killed_at_any_step_is_finished_or_discarded(result, tmp_path, monkeypatch):
    reference = _prepared(tmp_path / "reference", result)
    before = _snapshot(reference.root)
    reference.commit(result, row_of(result, None, Options()))
    after = _snapshot(reference.root)
    assert before != after and len(after) == 6  # repos.parquet, four tables, the scorecard
    step = 0
    while True:
        root = tmp_path / f"killed-{step}"
        calls = _commit_killed_at(step, _prepared(root, result), result, monkeypatch)
        if calls is None:
            break
        seen = _snapshot(root)  # every file a reader sees is complete (each was read back)
        committed = "rename" in calls  # the staging folder became pending: the commit point
        assert seen == before or committed
        assert Dataset(root).open()["svc"]["status"] == ("ok" if committed else "failed")
        assert _snapshot(root) == (after if committed else before), step
        assert not any((root / "_state" / "pending").iterdir())
        assert not any((root / "_state" / "staging").iterdir())
        step += 1
    assert step >= 8  # staging row, rename, five tables, repos.parquet, row: each tried


def test_an_unrelated_folder_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n")
    with pytest.raises(OrgError, match="not empty"):
        Dataset(tmp_path).open()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
