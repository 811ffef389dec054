"""Translation between LSP shapes and core objects."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from aidecay.core.regions import Region
from aidecay.core.text import Position
from aidecay.store.database import Event


def plain(value: Any) -> Any:
    """Params of custom methods arrive as namedtuples: turn them into dicts and lists."""
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def json_object(value: Any, name: str = "params") -> dict:
    """The params (or one field of them) of a custom method as a dict; ``{}`` when absent."""
    value = plain(value)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise JsonRpcInvalidParams(f"{name} must be an object")
    return value


def position_from_lsp(position: types.Position) -> Position:
    return Position(position.line, position.character)


def position_from_json(value: Any, name: str) -> Position:
    """A position from raw JSON, or ValueError naming what is wrong."""
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be an object with line and character")
    line, character = value.get("line"), value.get("character")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (line, character)):
        raise ValueError(f"{name} needs integer line and character, got {value!r}")
    return Position(line, character)


def position_to_json(position: Position) -> dict[str, int]:
    return {"line": position.line, "character": position.character}


def region_info(
    region: Region,
    start: Position,
    end: Position,
    symbol: str | None = None,
    metrics: dict | None = None,
) -> dict[str, Any]:
    """RegionInfo as documented in docs/protocol.md."""
    return {
        "id": region.id,
        "uri": region.uri,
        "range": {"start": position_to_json(start), "end": position_to_json(end)},
        "origin": region.origin,
        "tool": region.tool,
        "model": region.model,
        "status": region.status.value,
        "createdAt": region.created_at,
        "editCount": region.edit_count,
        "charsInserted": region.chars_inserted,
        "charsDeleted": region.chars_deleted,
        "lastEditedAt": region.last_edited_at,
        "deletedAt": region.deleted_at,
        "length": region.end - region.start,
        "originalLength": len(region.original_text),
        "sittings": region.sittings,
        "changeCount": region.change_count,
        "reviewedAt": region.reviewed_at,
        "reviewedBy": region.reviewed_by,
        "symbol": symbol,
        "metrics": metrics,
    }


def event_info(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "regionId": event.region_id,
        "at": event.at,
        "version": event.version,
        "kind": event.kind,
        "author": event.author,
        "inserted": event.inserted,
        "deleted": event.deleted,
        "rule": event.rule,
    }
