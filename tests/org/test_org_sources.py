"""Where repositories come from (a list with paths and URLs, a folder of repositories),
``--since``, launch safety, and the message when the org extra is missing."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from clihelp import run_cli
from orghelp import org, repos_file, small_repo
from scripted import CLAUDE_TRAILER, function

from aidecay.org.sources import named, read


def _rows(out: Path) -> dict[str, dict]:
    return {r["repo"]: r for r in pq.read_table(out / "repos.parquet").to_pylist()}


def test_urls_are_cloned_once_then_fetched(tmp_path):
    upstream = small_repo(tmp_path / "upstream", 1)
    out = tmp_path / "out"
    listing = repos_file(tmp_path / "r.txt", [upstream.root.as_uri()])
    first = org("replay", "--repos", str(listing), "--out", str(out), "--workers", "1")
    assert first.returncode == 0, first.stdout + first.stderr
    (row,) = _rows(out).values()
    assert (row["repo"], row["source"], row["status"]) == ("upstream", upstream.root.as_uri(), "ok")
    assert row["head"] == upstream.head()
    clones = list((out / "_clones").iterdir())
    assert len(clones) == 1 and clones[0].name.startswith("upstream-")
    again = org("replay", "--repos", str(listing), "--out", str(out), "--workers", "1")
    assert "= upstream  unchanged at" in again.stdout
    upstream.commit(
        "more" + CLAUDE_TRAILER, {"app/more.py": function("more", ["return 1"])}, day=30
    )
    third = org("replay", "--repos", str(listing), "--out", str(out), "--workers", "1")
    assert "✓ upstream" in third.stdout, third.stdout + third.stderr
    assert _rows(out)["upstream"]["head"] == upstream.head()
    missing = tmp_path / "gone"
    listing = repos_file(tmp_path / "bad.txt", [missing.as_uri()])
    done = org("replay", "--repos", str(listing), "--out", str(tmp_path / "o2"), "--workers", "1")
    assert done.returncode == 1 and "cannot clone" in _rows(tmp_path / "o2")["gone"]["error"]


def test_a_folder_of_repositories_and_names(tmp_path):
    team = tmp_path / "team"
    small_repo(team / "api", 1)
    small_repo(team / "web", 2)
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(team / "api"), str(team / "mirror.git")], check=True
    )
    (team / "notes").mkdir()
    assert [s.name for s in read(team)] == ["api", "mirror", "web"]
    out = tmp_path / "out"
    done = org("replay", "--repos", str(team), "--out", str(out), "--workers", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = _rows(out)
    assert {n: r["status"] for n, r in rows.items()} == dict.fromkeys(
        ["api", "mirror", "web"], "ok"
    )
    assert rows["api"]["head"] == rows["mirror"]["head"]
    names = [s.name for s in named(["/a/app", "/b/app", "/c/tool.git", "git@host:o/app.git"])]
    assert (
        names[2] == "tool"
        and len(set(names)) == 4
        and all(n.startswith("app-") for n in names[:2] + names[3:])
    )


def test_since_gives_what_aidecay_replay_since_gives(tmp_path):
    repo = small_repo(tmp_path / "svc", 4)
    out = tmp_path / "out"
    listing = repos_file(tmp_path / "r.txt", [repo.root])
    done = org("replay", "--repos", str(listing), "--out", str(out), "--since", "2023-11-16")
    assert done.returncode == 0, done.stdout + done.stderr
    alone = tmp_path / "alone.json"
    assert (
        run_cli(
            "replay",
            str(repo.root),
            "--db",
            str(tmp_path / "a.db"),
            "--json",
            str(alone),
            "--since",
            "2023-11-16",
        ).returncode
        == 0
    )
    expected = json.loads(alone.read_text())
    report = tmp_path / "report.json"
    assert org("report", str(out), "--json", str(report)).returncode == 0
    (found,) = json.loads(report.read_text())["repos"]
    assert found["commits"] == expected["commits"] < 6
    assert (found["ai"], found["human"]) == (expected["ai"], expected["human"])
    again = org("replay", "--repos", str(listing), "--out", str(out))
    assert "✓ svc" in again.stdout  # other options: walked again, not "unchanged"
    assert org("replay", "--repos", str(listing), "--out", str(out), "--since", "soon").returncode


PLANTED = [
    "json", "types", "queue", "logging", "signal", "select", "threading", "sqlite3", "pickle",
    "multiprocessing", "concurrent", "aidecay", "sitecustomize", "usercustomize", "pyarrow",
    "duckdb", "ray", "radon", "rich", "sqlite_utils", "grpc", "google",
]  # fmt: skip


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_no_module_of_a_repository_is_ever_imported(engine, tmp_path):
    if engine == "ray" and importlib.util.find_spec("ray") is None:
        pytest.skip("ray is not installed (pip install 'aidecay[org]')")
    markers = tmp_path / "markers"
    markers.mkdir()
    repo = small_repo(tmp_path / "hostile", 5)
    planted = {f"{name}.py": f"open({str(markers / name)!r}, 'w').write('x')\n" for name in PLANTED}
    repo.commit("planted", planted, day=21)
    repos_file(repo.root / "repos.txt", ["."])
    aidecay = Path(sys.executable).parent / "aidecay"
    done = subprocess.run(
        [str(aidecay), "org", "replay", "--repos", "repos.txt", "--out", str(tmp_path / "out"),
         "--engine", engine, "--workers", "2"],
        cwd=repo.root, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ hostile" in done.stdout
    assert sorted(p.name for p in markers.iterdir()) == []


def test_without_the_org_extra_says_which_to_install(tmp_path):
    hide = "import sys; sys.modules['pyarrow'] = sys.modules['duckdb'] = None; "
    run = "from aidecay.cli.main import main; sys.exit(main(sys.argv[1:]))"
    for args in (
        ["org", "replay", "--repos", ".", "--out", "o"],
        ["org", "report", "o"],
        ["export", "--format", "parquet", "--out", "o"],
    ):
        done = subprocess.run([sys.executable, "-c", hide + run, *args], capture_output=True,
                              text=True, cwd=tmp_path)  # fmt: skip
        assert done.returncode == 1
        assert "pip install 'aidecay[org]'" in done.stderr, done.stderr
    assert not (tmp_path / "o").exists()
