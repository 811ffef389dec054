"""Typed settings: one object, the same shape from initializationOptions and configuration.

JSON keys are the camelCase form of the field names (``heuristic.minLines``). Unknown keys
and ill-typed values produce a warning naming the setting, and the default is used.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class HeuristicSettings:
    """Server-side capture for editors that do not report AI insertions themselves."""

    enabled: bool = True
    min_lines: int = field(default=3, metadata={"min": 1})


#: The decay diagnostic codes (docs/diagnostics.md has one section per code).
DIAGNOSTIC_CODES = (
    "complexity-growth",
    "maintainability-drop",
    "churn",
    "naming-divergence",
    "docstring-divergence",
    "type-hint-divergence",
    "error-handling-divergence",
    "duplicate-helper",
)
SEVERITIES = ("error", "warning", "information", "hint")


class FrozenMap(Mapping[str, str]):
    """A read-only, hashable, picklable mapping (settings cross into the analysis process)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items = dict(items or {})

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __reduce__(self):
        return (FrozenMap, (self._items,))


#: Default severity per code, checked against the evidence of docs/validity.md (``aidecay
#: replay --validate`` pooled over real repositories): a code whose pooled 95 % interval
#: includes no effect, or that too few regions had to tell, is ``information``; a ``warning``
#: needs AI regions with the finding to have been reworked more often afterwards (interval
#: above 1). tests/stats/test_validity_defaults.py holds the two together.
DEFAULT_SEVERITY = FrozenMap(
    {
        "complexity-growth": "warning",
        "maintainability-drop": "warning",
        "churn": "information",
        "naming-divergence": "information",
        "docstring-divergence": "information",
        "type-hint-divergence": "information",
        "error-handling-divergence": "information",
        "duplicate-helper": "warning",
    }
)


@dataclass(frozen=True)
class AnalysisSettings:
    """Decay analysis: on/off, how long a document must be still before it runs, and the
    memory the analysis process may hold."""

    enabled: bool = True
    debounce_ms: int = field(default=250, metadata={"min": 0, "max": 60_000})
    #: The analysis process starts again (its caches and index rebuilt, the index from the
    #: database) when its resident memory passes this many MiB.
    memory_limit_mb: int = field(default=1024, metadata={"min": 16, "max": 1_048_576})


@dataclass(frozen=True)
class ThresholdSettings:
    """When a region counts as decayed."""

    complexity_growth: int = field(default=4, metadata={"min": 1})
    complexity_max: int = field(default=10, metadata={"min": 1})
    maintainability_drop: float = field(default=15.0, metadata={"min": 0, "max": 171})
    churn_sittings: int = field(default=5, metadata={"min": 2})
    #: churn: the share of a region's AI-written characters replaced or deleted (0.1-1.0).
    churn_factor: float = field(default=0.35, metadata={"min": 0.1, "max": 1.0})
    sitting_gap_minutes: float = field(default=30.0, metadata={"min": 0.0})
    #: duplicate-helper: how similar (0.5-1.0) a function must be to an existing one.
    duplicate_similarity: float = field(default=0.7, metadata={"min": 0.5, "max": 1.0})


@dataclass(frozen=True)
class Norm:
    """When counted human samples make a clear convention: enough of them, a clear share."""

    min_samples: int = 5
    min_share: float = 0.8

    def holds(self, hits: int, total: int) -> bool:
        """At least ``min_samples`` samples, of which at least ``min_share`` show the trait
        (no samples at all hold only when ``min_samples`` is 0)."""
        return total >= self.min_samples and hits >= self.min_share * total


@dataclass(frozen=True)
class NamingThresholds:
    """naming-divergence: the dominant style family of a kind of name."""

    norm: Norm = Norm()
    #: A style used by more than this share of the human names is never flagged.
    max_minority_share: float = 0.1


@dataclass(frozen=True)
class DocstringThresholds:
    """docstring-divergence: docstrings on public functions, and their structured style."""

    presence: Norm = Norm()
    style: Norm = Norm(min_samples=3)
    #: Functions with fewer logical lines in their body need no docstring (counted so that a
    #: reformat cannot change it; 4, kept on the wild corpus's tuning set, 2026-12-07).
    min_logical_lines: int = 4


@dataclass(frozen=True)
class TypeHintThresholds:
    """type-hint-divergence: annotated parameters and return types."""

    norm: Norm = Norm()
    #: Report hints added in a module that never uses them (off: that is not decay).
    report_added: bool = False
    #: "Never uses hints": all of at least this many functions unannotated.
    unannotated: Norm = Norm(min_samples=6, min_share=1.0)


@dataclass(frozen=True)
class ErrorThresholds:
    """error-handling-divergence: handler idioms, and print where the module logs."""

    #: "Never does that": none of at least this many human handlers does it.
    handlers: Norm = Norm(min_samples=3, min_share=1.0)
    #: "Logs instead": every one of at least this many output calls is a logging call.
    logging: Norm = Norm(min_samples=2, min_share=1.0)


@dataclass(frozen=True)
class ConventionThresholds:
    """When a human convention is clear enough to flag divergences, per detector.

    Not a settings key: the convention checks are tuned on the corpus, not per user.
    """

    naming: NamingThresholds = NamingThresholds()
    docstrings: DocstringThresholds = DocstringThresholds()
    typehints: TypeHintThresholds = TypeHintThresholds()
    errors: ErrorThresholds = ErrorThresholds()


@dataclass(frozen=True)
class DiagnosticsSettings:
    """Which codes are reported, and how loudly."""

    disabled: tuple[str, ...] = field(default=(), metadata={"choices": DIAGNOSTIC_CODES})
    severity: Mapping[str, str] = field(
        default_factory=lambda: DEFAULT_SEVERITY,
        metadata={"keys": DIAGNOSTIC_CODES, "choices": (*SEVERITIES, "off")},
    )

    def enabled(self, code: str) -> bool:
        """Not listed in ``disabled`` and not given severity ``"off"``."""
        return code not in self.disabled and self.severity.get(code) != "off"

    def severity_of(self, code: str) -> str:
        return self.severity.get(code) or DEFAULT_SEVERITY.get(code, "warning")


@dataclass(frozen=True)
class CodeLensSettings:
    """The CodeLens over each AI-written function (origin, age, edits, complexity change)."""

    enabled: bool = True


@dataclass(frozen=True)
class HistorySettings:
    """How raw changes become edits, and how long keystroke-level detail is kept."""

    edit_gap_seconds: float = field(default=5.0, metadata={"min": 0.5, "max": 600})
    retention: str = "30d"


@dataclass(frozen=True)
class Settings:
    database_path: str | None = None
    heuristic: HeuristicSettings = field(default_factory=HeuristicSettings)
    flush_interval_ms: int = field(default=1000, metadata={"min": 10, "max": 60_000})
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    thresholds: ThresholdSettings = field(default_factory=ThresholdSettings)
    diagnostics: DiagnosticsSettings = field(default_factory=DiagnosticsSettings)
    code_lens: CodeLensSettings = field(default_factory=CodeLensSettings)
    history: HistorySettings = field(default_factory=HistorySettings)

    def with_disabled(self, code: str) -> Settings:
        """These settings with ``code`` turned off too."""
        if code in self.diagnostics.disabled:
            return self
        disabled = (*self.diagnostics.disabled, code)
        return dataclasses.replace(
            self, diagnostics=dataclasses.replace(self.diagnostics, disabled=disabled)
        )


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
        origin = typing.get_origin(kind)
        if origin in (list, tuple):
            values[spec.name] = _parse_list(value, name, spec.metadata, warnings, current)
            continue
        if origin in (dict, Mapping):
            values[spec.name] = _parse_mapping(value, name, spec.metadata, warnings, current)
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


def _parse_list(
    value: Any, name: str, metadata: Any, warnings: list[str], current: tuple[str, ...]
) -> tuple[str, ...]:
    """A list of strings (from ``choices``, when given); unknown entries warned and dropped."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        warnings.append(f"setting '{name}' must be a list of strings, got {value!r}")
        return current
    choices = metadata.get("choices")
    for item in value:
        if choices and item not in choices:
            warnings.append(
                f"setting '{name}': unknown entry {item!r} ignored (one of {', '.join(choices)})"
            )
    return tuple(dict.fromkeys(v for v in value if not choices or v in choices))


def _parse_mapping(
    value: Any, name: str, metadata: Any, warnings: list[str], current: Mapping[str, str]
) -> Mapping[str, str]:
    """An object of string keys and values, merged over ``current``; bad entries warned."""
    if not isinstance(value, dict):
        warnings.append(f"setting '{name}' must be an object, got {value!r}; using defaults")
        return current
    keys, choices = metadata.get("keys"), metadata.get("choices")
    merged = dict(current)
    for key, item in value.items():
        if keys and key not in keys:
            warnings.append(f"unknown key '{key}' in setting '{name}' ignored")
        elif not isinstance(item, str) or (choices and item not in choices):
            allowed = ", ".join(choices) if choices else "a string"
            warnings.append(f"setting '{name}.{key}' must be one of {allowed}, got {item!r}")
        else:
            merged[key] = item
    return FrozenMap(merged)
