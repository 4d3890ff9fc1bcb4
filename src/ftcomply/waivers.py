"""Stage 4: waivers — approved, time-boxed exceptions for failing controls.

A waiver applies only to a *failing* result of its control, in jobs whose
`metadata.name` matches one of its globs, while `expires` (a date, inclusive)
is on or after the as_of date. An expired waiver never applies; where it
would have matched, the failing result carries an extra finding saying so.
A waiver file that is malformed in any entry is an error (exit 2): a typo in
an exception must not silently widen or narrow it.

A waiver with `paths` (JSON pointer globs) is scoped: it waives a failing result
only when the pointer of every one of the result's findings matches one of its
paths, so a waiver for one dataset's pending scan does not also waive a new
dataset's failure of the same control. Globs match segment by segment: `*` any
characters within one segment, `**` (a whole segment) any number of segments,
none included; everything else is literal (segments escaped as in JSON pointers,
`~1` for `/`). A scoped waiver that covers only some findings leaves the result
failing (not waived) and adds a note finding naming what it covered and what not.
A waiver without `paths` is unscoped: it waives its whole control, whatever fails,
and every report marks it unscoped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import functools
from dataclasses import dataclass
from pathlib import Path

from ftcomply.catalog import Catalog
from ftcomply.errors import FtcomplyError
from ftcomply.loader import load_documents, read_source
from ftcomply.models import ControlResult, Finding, Report, Status, Waiver, WaiverState
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator

EXPIRING_WITHIN_DAYS = 14
# Pointers a partial-coverage note lists before summarising the rest as "N more".
_NOTE_POINTERS = 5


@dataclass(frozen=True, slots=True)
class WaiverNote(Finding):
    """A finding the waiver stage appends to a failing result (a waiver expired, or
    covers only some of its findings): it explains, it is not a failure of the control,
    so baselines leave it out (baseline.py)."""


def load_waivers(path: Path, catalog: Catalog) -> tuple[Waiver, ...]:
    """Read and validate a waivers file; every problem is an error with file:line."""
    name, raw = read_source(str(path))
    documents = load_documents(name, raw)
    if len(documents) != 1:
        raise FtcomplyError.at("a waivers file holds exactly one document", name)
    document = documents[0]
    SchemaValidator.load(schema_path("waivers.v1.schema.json")).check(document)
    known = {c.id for c in catalog.controls}
    waivers: list[Waiver] = []
    seen: set[str] = set()
    for index, entry in enumerate(document.data["waivers"]):
        location = document.locate(f"/waivers/{index}")
        if entry["id"] in seen:
            raise FtcomplyError.at(f"waiver id {entry['id']!r} is used twice", location.file,
                                   location.line, location.column)
        control = entry["control"].upper()
        if control not in known:
            where = document.locate(f"/waivers/{index}/control")
            raise FtcomplyError.at(f"waiver {entry['id']}: unknown control {control!r}",
                                   where.file, where.line, where.column)
        for number, pattern in enumerate(entry.get("paths", ())):
            problem = path_glob_problem(pattern)
            if problem:
                where = document.locate(f"/waivers/{index}/paths/{number}")
                raise FtcomplyError.at(f"waiver {entry['id']}: path {pattern!r}: {problem}",
                                       where.file, where.line, where.column)
        seen.add(entry["id"])
        waivers.append(Waiver(
            id=entry["id"], control=control, jobs=tuple(entry["jobs"]),
            justification=entry["justification"], approved_by=entry["approved_by"],
            ticket=entry["ticket"], expires=entry["expires"], location=location,
            paths=tuple(entry.get("paths", ())),
        ))
    return tuple(waivers)


def path_glob_problem(pattern: str) -> str | None:
    """Why `pattern` is not a JSON pointer glob (None when it is one)."""
    if pattern and not pattern.startswith("/"):
        return 'a JSON pointer glob is empty (the whole document) or starts with "/"'
    if any("**" in segment and segment != "**" for segment in pattern.split("/")):
        return '"**" stands for whole segments only (as in /datasets/**)'
    return None


@functools.lru_cache(maxsize=1024)
def _glob_segments(pattern: str) -> tuple[tuple[str, ...] | None, ...]:
    """A glob's segments: None for `**`, else the literal parts between its `*`s."""
    segments: list[tuple[str, ...] | None] = []
    for segment in pattern.split("/")[1:]:
        if segment == "**":
            if not segments or segments[-1] is not None:  # a run of ** is one **
                segments.append(None)
        else:
            segments.append(tuple(segment.split("*")))
    return tuple(segments)


def _segment_matches(parts: tuple[str, ...], token: str) -> bool:
    """One segment against literal parts joined by `*`: the first a prefix, the last a
    suffix, the rest found left to right (leftmost is always right: no backtracking)."""
    if len(parts) == 1:
        return token == parts[0]
    first, *middle, last = parts
    if len(token) < len(first) + len(last) or not (
            token.startswith(first) and token.endswith(last)):
        return False
    position, end = len(first), len(token) - len(last)
    for part in middle:
        found = token.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


def path_matches(pattern: str, pointer: str) -> bool:
    """Whether a JSON pointer matches a glob, segment by segment (`*` within a segment,
    `**` any number of whole segments). Linear in the two lengths: no backtracking."""
    globs = _glob_segments(pattern)
    end = len(globs)

    def closure(states: set[int]) -> set[int]:
        for state in sorted(states):
            while state < end and globs[state] is None:
                state += 1
                states.add(state)
        return states

    states = closure({0})
    for token in pointer.split("/")[1:]:
        following = set()
        for state in states:
            glob = globs[state] if state < end else ()
            if glob is None:
                following.add(state)
            elif glob and _segment_matches(glob, token):
                following.add(state + 1)
        if not following:
            return False
        states = closure(following)
    return end in states


def covers(waiver: Waiver, finding: Finding) -> bool:
    """Whether a waiver covers one finding: unscoped, or a path matches its pointer."""
    return waiver.unscoped or any(path_matches(p, finding.pointer) for p in waiver.paths)


def days_left(waiver: Waiver, as_of: str) -> int:
    """Days from the as_of date to the expiry date; negative once expired."""
    today = dt.datetime.fromisoformat(as_of).astimezone(dt.UTC).date()
    return (dt.date.fromisoformat(waiver.expires) - today).days


def _matches(waiver: Waiver, result: ControlResult, job: str | None) -> bool:
    """The waiver names this failing result's control and job, and, when scoped, at least
    one of its findings."""
    return (
        waiver.control == result.control.id
        and result.raw_status is Status.FAIL
        and job is not None
        and any(fnmatch.fnmatchcase(job, pattern) for pattern in waiver.jobs)
        and (waiver.unscoped or any(covers(waiver, f) for f in result.findings))
    )


def apply_waivers(
    results: tuple[ControlResult, ...], job: str | None, waivers: tuple[Waiver, ...], as_of: str
) -> tuple[ControlResult, ...]:
    """Waive failing results that an active waiver covers entirely (a scoped waiver ahead
    of an unscoped one); note expired waivers, and scoped ones that cover only part of
    a result, on the results they would have waived."""
    if not waivers:
        return results
    updated = []
    for result in results:
        matching = [w for w in waivers if _matches(w, result, job)]
        active = [w for w in matching if days_left(w, as_of) >= 0]
        findings = [f for f in result.findings if not isinstance(f, WaiverNote)]
        whole = [w for w in active if all(covers(w, f) for f in findings)]
        if whole and result.status is Status.FAIL:
            chosen = min(whole, key=lambda w: w.unscoped)  # the first scoped one, if any
            result = dataclasses.replace(result, status=Status.WAIVED, waiver=chosen)
        elif matching:
            failing = result.status is Status.FAIL  # not waived: every active one is partial
            notes = [_expired_note(w) for w in matching
                     if w not in active and (failing or not active)]
            if failing:
                notes += [_partial_note(w, findings) for w in active]
            if notes:
                result = dataclasses.replace(result, findings=result.findings + tuple(notes))
        updated.append(result)
    return tuple(updated)


def _expired_note(waiver: Waiver) -> WaiverNote:
    return WaiverNote(f"waiver {waiver.id} expired on {waiver.expires} and no longer "
                      f"applies (ticket {waiver.ticket})", "", waiver.location)


def _partial_note(waiver: Waiver, findings: list[Finding]) -> WaiverNote:
    """What a scoped waiver covered of a result it could not waive, and what it did not."""
    covered = list(dict.fromkeys(f.pointer for f in findings if covers(waiver, f)))
    missed = list(dict.fromkeys(f.pointer for f in findings if not covers(waiver, f)))
    return WaiverNote(
        f"waiver {waiver.id} (ticket {waiver.ticket}) covers the finding(s) at "
        f"{_pointers(covered)} but not at {_pointers(missed)}, outside its paths "
        f"({', '.join(waiver.paths)}): the result is not waived", "", waiver.location)


def _pointers(pointers: list[str]) -> str:
    shown = ", ".join(p or '""' for p in pointers[:_NOTE_POINTERS])
    more = len(pointers) - _NOTE_POINTERS
    return f"{shown} and {more} more" if more > 0 else shown


def waiver_states(report: Report, waivers: tuple[Waiver, ...]) -> tuple[WaiverState, ...]:
    """Each loaded waiver with its expiry state and how many results it waived."""
    uses: dict[str, int] = {}
    for document in report.documents:
        for result in document.results:
            if result.waiver is not None:
                uses[result.waiver.id] = uses.get(result.waiver.id, 0) + 1
    states = []
    for waiver in waivers:
        left = days_left(waiver, report.info.as_of)
        states.append(WaiverState(
            waiver=waiver,
            days_left=left,
            expired=left < 0,
            expiring=0 <= left <= EXPIRING_WITHIN_DAYS,
            uses=uses.get(waiver.id, 0),
        ))
    return tuple(states)
