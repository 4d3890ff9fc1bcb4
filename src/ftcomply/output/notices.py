"""Warnings about the run itself that every CI-facing format states in its own way."""

from __future__ import annotations

from ftcomply.models import RunInfo


def as_of_warning(info: RunInfo) -> str | None:
    """What a report says when as_of came from SOURCE_DATE_EPOCH (None otherwise): in CI
    it often comes from the commit under test, which its author dates."""
    if info.as_of_source != "SOURCE_DATE_EPOCH":
        return None
    return (f"as_of {info.as_of} was taken from SOURCE_DATE_EPOCH, not --as-of: in CI it "
            "often comes from the commit under test, whose author chooses its date, and every "
            "evidence date is judged against it; pass --as-of to fix the time")
