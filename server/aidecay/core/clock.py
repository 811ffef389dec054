"""Timestamps: ISO 8601 in UTC with milliseconds, so they sort as text."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> str:
    return format_time(datetime.now(timezone.utc))


def format_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
