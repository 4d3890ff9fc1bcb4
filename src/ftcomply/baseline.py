"""Baselines: adopt the gate on an existing fleet without fixing everything first.

A failing result is *baselined* when every one of its findings was already a
failure in a previous JSON report, matched by job name, control id and finding
pointer (not by file, so moving or renaming files does not reset it). Baselined
results are shown and counted but do not fail the run; anything new does.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ftcomply.errors import FtcomplyError
from ftcomply.models import ControlResult, Status

BaselineKey = tuple[str, str, str]


def load_baseline(path: Path) -> frozenset[BaselineKey]:
    """(job name, control id, pointer) of every failing finding in a JSON report."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        keys = set()
        for document in report["documents"]:
            name = document.get("name")
            for result in document.get("results", []):
                if result["status"] == "fail" and isinstance(name, str):
                    for finding in result["findings"]:
                        keys.add((name, result["control_id"], finding["path"]))
        return frozenset(keys)
    except OSError as exc:
        raise FtcomplyError.at(f"cannot read baseline: {exc.strerror}", str(path)) from None
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
                               "(expected documents[].results[].findings[].path)",
                               str(path)) from None


def apply_baseline(
    results: tuple[ControlResult, ...], job: str | None, baseline: frozenset[BaselineKey]
) -> tuple[ControlResult, ...]:
    if not baseline or job is None:
        return results
    return tuple(
        dataclasses.replace(result, baselined=True)
        if result.status is Status.FAIL and result.findings and all(
            (job, result.control.id, f.pointer) in baseline for f in result.findings)
        else result
        for result in results
    )
