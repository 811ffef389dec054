"""``aidecay report``: one offline HTML file, checked in headless Chromium when available."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from clihelp import run_cli

CHARTS = ("chart-survival", "chart-complexity", "chart-rework", "chart-diagnostics")


def _chromium() -> str | None:
    return next(
        (p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))),
        None,
    )


@pytest.fixture(scope="module")
def report(recorded, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    done = run_cli("report", "--out", str(out), "--db", str(recorded.db))
    assert done.returncode == 0, done.stderr
    return out


def test_report_is_self_contained(report):
    html = report.read_text()
    assert html.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script src" not in html and "@import" not in html
    for chart in CHARTS:
        assert f'id="{chart}"' in html
    assert html.count("<svg") == 4


def test_report_renders_in_headless_chromium(report, tmp_path):
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no chromium on PATH (apt-get install chromium) to render the report")
    common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run(
        [*common, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=60
    ).stdout
    for chart in CHARTS:
        assert f'id="{chart}"' in dom
    assert dom.count("<polyline") >= 2  # inserted and surviving
    shot = tmp_path / "report.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=1280,1800", report.as_uri()],
        capture_output=True,
        timeout=60,
    )
    assert shot.exists() and shot.stat().st_size > 20_000
