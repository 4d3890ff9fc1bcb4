"""Stage 4: waivers — approved, time-boxed exceptions for failing controls.

A waiver applies only to a *failing* result of its control, in jobs whose
`metadata.name` matches one of its globs, while `expires` (a date, inclusive)
is on or after the as_of date. An expired waiver never applies; where it
would have matched, the failing result carries an extra finding saying so.
A waiver file that is malformed in any entry is an error (exit 2): a typo in
an exception must not silently widen or narrow it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
from pathlib import Path

from ftcomply.catalog import Catalog
from ftcomply.errors import FtcomplyError
from ftcomply.loader import load_documents, read_source
from ftcomply.models import ControlResult, Finding, Report, Status, Waiver, WaiverState
from ftcomply.resources import schema_path
from ftcomply.schema import SchemaValidator

EXPIRING_WITHIN_DAYS = 14


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
        seen.add(entry["id"])
        waivers.append(Waiver(
            id=entry["id"], control=control, jobs=tuple(entry["jobs"]),
            justification=entry["justification"], approved_by=entry["approved_by"],
            ticket=entry["ticket"], expires=entry["expires"], location=location,
        ))
    return tuple(waivers)


def days_left(waiver: Waiver, as_of: str) -> int:
    """Days from the as_of date to the expiry date; negative once expired."""
    today = dt.datetime.fromisoformat(as_of).astimezone(dt.UTC).date()
    return (dt.date.fromisoformat(waiver.expires) - today).days


def _matches(waiver: Waiver, result: ControlResult, job: str | None) -> bool:
    return (
        waiver.control == result.control.id
        and result.raw_status is Status.FAIL
        and job is not None
        and any(fnmatch.fnmatchcase(job, pattern) for pattern in waiver.jobs)
    )


def apply_waivers(
    results: tuple[ControlResult, ...], job: str | None, waivers: tuple[Waiver, ...], as_of: str
) -> tuple[ControlResult, ...]:
    """Waive matching failing results; flag expired waivers on the results they would cover."""
    if not waivers:
        return results
    updated = []
    for result in results:
        matching = [w for w in waivers if _matches(w, result, job)]
        active = [w for w in matching if days_left(w, as_of) >= 0]
        if active and result.status is Status.FAIL:
            result = dataclasses.replace(result, status=Status.WAIVED, waiver=active[0])
        elif matching and not active:
            notes = tuple(
                Finding(f"waiver {w.id} expired on {w.expires} and no longer applies "
                        f"(ticket {w.ticket})", "", w.location)
                for w in matching
            )
            result = dataclasses.replace(result, findings=result.findings + notes)
        updated.append(result)
    return tuple(updated)


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
