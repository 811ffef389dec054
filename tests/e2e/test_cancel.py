"""Late ``$/cancelRequest``s (for requests already answered) do not fill the log."""

from __future__ import annotations

import asyncio

from helpers import open_doc, running_server
from lsprotocol import types

WARNING = "Cancel notification for unknown message id"


async def test_a_cancel_after_the_answer_is_not_a_warning(tmp_path, capfd):
    path = tmp_path / "m.py"
    path.write_text("x = 1\n")
    async with running_server(tmp_path / "h.db") as client:
        open_doc(client, path.as_uri(), "x = 1\n")
        for n in range(5):  # what VS Code does with code lenses when the text changes
            msg_id = f"lens-{n}"
            params = types.CodeLensParams(types.TextDocumentIdentifier(path.as_uri()))
            await client.protocol.send_request_async(
                types.TEXT_DOCUMENT_CODE_LENS, params, msg_id=msg_id
            )
            client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=msg_id))
        await asyncio.sleep(0.3)
        late = capfd.readouterr().err
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="never-sent"))
        await asyncio.sleep(0.3)
        unknown = capfd.readouterr().err
    assert WARNING not in late
    assert f'{WARNING} "never-sent"' in unknown  # the log is read: a real unknown id warns
