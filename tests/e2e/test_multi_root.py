"""A multi-root workspace: every folder is indexed, and each folder's settings apply to its
own files (issue 14, item 5)."""

from __future__ import annotations

from helpers import running_server, wait_for_diagnostics
from test_duplicates import CLONE, OPTIONS, UTIL, mark_appended


def duplicates(diagnostics) -> list:
    return [d for d in diagnostics if d.code == "duplicate-helper"]


async def test_every_folder_is_indexed_and_keeps_its_own_settings(tmp_path):
    first, second = tmp_path / "service", tmp_path / "tools"
    for folder in (first, second):
        (folder / "text").mkdir(parents=True)
        (folder / "text" / "util.py").write_text(UTIL)
    quiet = {"diagnostics": {"disabled": ["duplicate-helper"]}}
    async with running_server(
        tmp_path / "h.db",
        options=OPTIONS,
        folders=[first, second],
        configuration={},
        folder_configuration={first: quiet, second: {}},
    ) as client:
        # The second folder is indexed too: its copy of strip_margin is found there.
        found_in_second = await mark_appended(client, second / "views.py", "import os\n\n\n", CLONE)
        found = await wait_for_diagnostics(
            client, found_in_second, lambda d: bool(duplicates(d)), timeout=30
        )
        (dup,) = duplicates(found)
        assert "similar to 'strip_margin' (text/util.py:4)" in dup.message
        assert dup.related_information[0].location.uri == (second / "text" / "util.py").as_uri()

        # The first folder (indexed before the second) turned duplicate-helper off in its own
        # settings: its identical copy is analysed, and not reported.
        silent = await mark_appended(client, first / "views.py", "import os\n\n\n", CLONE)
        published = await wait_for_diagnostics(client, silent, timeout=30)
        assert duplicates(published) == []
