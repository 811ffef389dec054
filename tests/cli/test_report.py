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


def test_report_speaks_in_labels_and_units(report):
    html = report.read_text()
    assert "Key figures" in html
    assert "AI lines still there 7 days after they were written" in html
    assert "no line followed 7 days yet" in html  # a figure it cannot give yet, and why
    assert re.search(r"\d+ later edits? over \d+ sittings?", html)
    for raw in ("churn14d", "changedLines", "survivingLines", "followedRegions"):
        assert raw not in html


def test_an_empty_database_says_what_to_do_next(tmp_path):
    from aidecay.store.database import Store

    db = tmp_path / "empty.db"
    Store(db).close()
    out = tmp_path / "report.html"
    done = run_cli("report", "--out", str(out), "--db", str(db))
    assert done.returncode == 0, done.stderr
    html = out.read_text()
    assert "No AI-written code recorded yet" in html
    assert "aidecay mark" in html and "aidecay doctor" in html
    assert "<svg" not in html


def test_single_day_axes_show_times():
    from datetime import datetime, timezone

    from aidecay.stats.charts import time_ticks

    morning = datetime(2026, 12, 2, 9, 5, tzinfo=timezone.utc)
    evening = datetime(2026, 12, 2, 18, 40, tzinfo=timezone.utc)
    labels = [text for _, _, text in time_ticks(morning, evening)]
    assert labels == ["Dec 02, 09:05", "18:40 UTC"]
    assert [t for _, _, t in time_ticks(morning, morning)] == ["Dec 02, 09:05 UTC"]
