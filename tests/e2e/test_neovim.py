"""Neovim 0.7 as a second real client: its incremental changes, the heuristic capture."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(NVIM is None, reason="nvim not installed (apt-get install neovim)")

CONFIG = r"""
local out = vim.env.AIDECAY_OUT
local function finish(value)
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(value))
  f:close()
  vim.cmd("qa!")
end
vim.cmd("edit " .. vim.fn.fnameescape(vim.env.AIDECAY_FILE))
local buf = vim.api.nvim_get_current_buf()
vim.fn.mkdir(vim.fn.stdpath("cache"), "p")
local id = vim.lsp.start_client({
  cmd = { vim.env.AIDECAY_PYTHON, "-P", "-m", "aidecay", "serve" },
  cmd_cwd = vim.fn.stdpath("cache"),
  root_dir = vim.env.AIDECAY_ROOT,
  init_options = { databasePath = vim.env.AIDECAY_TEST_DB },
  flags = { debounce_text_changes = 0 },
})
vim.lsp.buf_attach_client(buf, id)
local client = vim.lsp.get_client_by_id(id)
if not vim.wait(10000, function() return client.initialized end, 50) then
  finish({ error = "server did not initialize" })
end
-- A person types a line, then an assistant-like bulk insertion of a whole function.
vim.api.nvim_buf_set_lines(buf, 1, 1, false, { "# a comment typed by hand" })
vim.api.nvim_buf_set_lines(buf, 5, 5, false, {
  "def normalise(rows):",
  "    cleaned = []",
  "    for row in rows:",
  "        cleaned.append(row.strip().lower())",
  "    return cleaned",
})
vim.wait(300)
-- Then edits inside the captured function, typed one character at a time.
vim.api.nvim_buf_set_text(buf, 6, 11, 6, 11, { "_rows" })
vim.wait(300)
local response = client.request_sync("aidecay/listRegions",
  { textDocument = { uri = vim.uri_from_bufnr(buf) } }, 5000, buf)
if response == nil or response.err then
  finish({ error = vim.inspect(response) })
end
local history = client.request_sync("aidecay/regionHistory",
  { id = response.result.regions[1].id }, 5000, buf)
finish({ regions = response.result.regions, events = history.result.events })
"""

SOURCE = """import os


def cwd():
    return os.getcwd()
"""


def test_neovim_bulk_insert_is_captured_and_followed(tmp_path: Path):
    source = tmp_path / "tool.py"
    source.write_text(SOURCE)
    config = tmp_path / "init.lua"
    config.write_text(CONFIG)
    out = tmp_path / "out.json"
    env = {
        "AIDECAY_OUT": str(out),
        "AIDECAY_FILE": str(source),
        "AIDECAY_PYTHON": sys.executable,
        "AIDECAY_ROOT": str(tmp_path),
        "AIDECAY_TEST_DB": str(tmp_path / "nvim.db"),
        "AIDECAY_DB": str(tmp_path / "env.db"),
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(
        [NVIM, "--headless", "-u", str(config)],
        env=env,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    result = json.loads(out.read_text())
    assert "error" not in result, result
    (region,) = result["regions"]
    assert region["origin"] == "heuristic"
    assert region["range"] == {
        "start": {"line": 5, "character": 0},
        "end": {"line": 9, "character": 18},
    }
    assert [(e["kind"], e["author"]) for e in result["events"]] == [
        ("created", "heuristic"),
        ("edit", "human"),
    ]
