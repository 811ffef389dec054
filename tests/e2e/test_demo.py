"""`aidecay demo`: a real session through the real server that ends with decay diagnostics."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from aidecay.demo.findings import MEANINGS


def test_demo_ends_with_the_diagnostics_it_caused_and_explains_them(tmp_path):
    db = tmp_path / "demo.db"
    out = subprocess.run(
        [sys.executable, "-m", "aidecay", "demo", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200", "TMPDIR": str(tmp_path)},
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    last_act = text[text.index("4. Decay diagnostics the server published") :]
    # The person's edits made restock_report more complex than the agent wrote it.
    assert "complexity-growth (warning)" in last_act
    assert "cyclomatic complexity of 'restock_report' 3 →" in last_act
    assert "in the agent region" in last_act
    assert f"means: {MEANINGS['complexity-growth']}" in last_act
    assert "no decay diagnostics" not in last_act
    # What the demo shows is what the server recorded as active findings.
    with sqlite3.connect(db) as conn:
        codes = {r[0] for r in conn.execute("SELECT code FROM findings WHERE active")}
    assert "complexity-growth" in codes
