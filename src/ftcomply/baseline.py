"""Baselines: adopt the gate on an existing fleet without fixing everything first.

A failing result is *baselined* when every one of its findings was already a
failure in a previous JSON report, matched by job name, control id, finding
pointer and message text (not by file, so moving or renaming files does not reset
it). Baselined results are shown and counted but do not fail the run; anything new
does, and so does a changed finding: a different failure at the same pointer (a
missing format that became a code-executing pickle) or a changed message at a
pointer shared by several failures (every approval removed) has another message.

Notes the waiver stage appends to a failing result (a waiver expired, or covers only
some findings) are not failures and are left out of the comparison.

The report's stage, catalog and tool version are not compared: a key matches only a
finding identical in job, control, pointer and text, so a baseline made at another
stage, with another catalog or ftcomply version can only absorb fewer failures (any
message that changed counts as new), never more. See docs/ci.md.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ftcomply.errors import FtcomplyError
from ftcomply.loader import MAX_INPUT_BYTES, read_bounded
from ftcomply.models import ControlResult, Status
from ftcomply.waivers import WaiverNote

# (job name, control id, finding pointer, finding message)
BaselineKey = tuple[str, str, str, str]


def load_baseline(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> frozenset[BaselineKey]:
    """(job name, control id, pointer, message) of every failing finding in a JSON report.
    The report is read as every input is: a regular file (no FIFO, no /dev/zero) of at
    most `max_bytes` bytes."""
    raw = read_bounded(str(path), max_bytes)
    if len(raw) > max_bytes:
        raise FtcomplyError.at(f"baseline is larger than the {max_bytes} byte limit", str(path))
    try:
        report = json.loads(raw.decode("utf-8"))
        keys = set()
        for document in report["documents"]:
            name = document.get("name")
            for result in document.get("results", []):
                if result["status"] == "fail" and isinstance(name, str):
                    for finding in result["findings"]:
                        keys.add((name, result["control_id"], finding["path"],
                                  finding["message"]))
        return frozenset(keys)
    except json.JSONDecodeError as exc:
        raise FtcomplyError.at(f"baseline is not JSON: {exc.msg}", str(path), exc.lineno,
                               exc.colno) from None
    except UnicodeDecodeError:
        raise FtcomplyError.at("baseline is not UTF-8 text", str(path)) from None
    except RecursionError:
        raise FtcomplyError.at("baseline is nested too deeply to be an ftcomply JSON report",
                               str(path)) from None
    except (KeyError, TypeError, AttributeError):
        raise FtcomplyError.at("baseline is not an ftcomply JSON report "
                               "(expected documents[].results[].findings[].path and .message)",
                               str(path)) from None


def apply_baseline(
    results: tuple[ControlResult, ...], job: str | None, baseline: frozenset[BaselineKey]
) -> tuple[ControlResult, ...]:
    """Mark failing results whose every finding the baseline holds (waiver notes aside)."""
    if not baseline or job is None:
        return results
    return tuple(
        dataclasses.replace(result, baselined=True)
        if result.status is Status.FAIL and _known(result, job, baseline)
        else result
        for result in results
    )


def _known(result: ControlResult, job: str, baseline: frozenset[BaselineKey]) -> bool:
    findings = [f for f in result.findings if not isinstance(f, WaiverNote)]
    return bool(findings) and all(
        (job, result.control.id, f.pointer, f.message) in baseline for f in findings)
