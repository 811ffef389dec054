"""Reading tracked files from disk (never executing anything)."""

from __future__ import annotations

import logging

from aidecay.core.uris import uri_to_path

log = logging.getLogger(__name__)


def read_text(uri: str) -> str | None:
    """The text of a local UTF-8 file, or None (with a log line) when it cannot be had."""
    path = uri_to_path(uri)
    if path is None:
        log.info("%s is not a file URI; nothing to read", uri)
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.warning("%s is not UTF-8 text (%s); its regions are left as they were", path, exc)
        return None
