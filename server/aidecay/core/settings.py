"""Typed settings: one object, the same shape from initializationOptions and configuration.

JSON keys are the camelCase form of the field names (``heuristic.minLines``). Unknown keys
and ill-typed values produce a warning naming the setting, and the default is used.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class HeuristicSettings:
    """Server-side capture for editors that do not report AI insertions themselves."""

    enabled: bool = True
    min_lines: int = field(default=3, metadata={"min": 1})


@dataclass(frozen=True)
class Settings:
    database_path: str | None = None
    heuristic: HeuristicSettings = field(default_factory=HeuristicSettings)
    flush_interval_ms: int = field(default=1000, metadata={"min": 10, "max": 60_000})


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def parse_settings(raw: Any, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Settings from a JSON-like object, plus warnings for what was ignored."""
    warnings: list[str] = []
    settings = _parse(Settings, raw, "", warnings, base or Settings())
    return settings, warnings


def _parse(cls: type[T], raw: Any, prefix: str, warnings: list[str], base: T) -> T:
    if raw is None:
        return base
    if not isinstance(raw, dict):
        warnings.append(f"setting '{prefix or 'aidecay'}' must be an object; using defaults")
        return base
    hints = typing.get_type_hints(cls)
    fields = {camel(f.name): f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = f"{prefix}{key}"
        spec = fields.get(key)
        if spec is None:
            warnings.append(f"unknown setting '{name}' ignored")
            continue
        current = getattr(base, spec.name)
        kind = hints[spec.name]
        if dataclasses.is_dataclass(kind):
            values[spec.name] = _parse(kind, value, f"{name}.", warnings, current)
            continue
        problem = _check(kind, value, spec.metadata)
        if problem:
            warnings.append(f"setting '{name}' {problem}, got {value!r}; using {current!r}")
            continue
        values[spec.name] = float(value) if kind is float else value
    return dataclasses.replace(base, **values)


def _check(kind: Any, value: Any, metadata: Any) -> str | None:
    """Why ``value`` does not fit ``kind`` (and the bounds in ``metadata``), or None."""
    options = typing.get_args(kind) if isinstance(kind, types.UnionType) else (kind,)
    if value is None:
        return None if type(None) in options else "must not be null"
    for option in options:
        if option is bool and isinstance(value, bool):
            return None
        if (
            option in (int, float)
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ):
            if option is int and not float(value).is_integer():
                continue
            low, high = metadata.get("min"), metadata.get("max")
            if low is not None and value < low:
                return f"must be at least {low}"
            if high is not None and value > high:
                return f"must be at most {high}"
            return None
        if option is str and isinstance(value, str):
            choices = metadata.get("choices")
            if choices and value not in choices:
                return f"must be one of {', '.join(choices)}"
            return None
    names = " or ".join("null" if o is type(None) else o.__name__ for o in options)
    return f"must be {names}"
