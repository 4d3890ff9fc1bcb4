"""OPA's Data API over the catalog: `POST /v1/data/<path>` with `{"input": …}` → `{"result": …}`.

The served document is what `data.ftcomply` holds when the catalog runs on
OPA (see `ftcomply/runner` in `Catalog.runner_module`), plus the report:

- `ftcomply/params`: the parameters in effect;
- `ftcomply/runner` (`deny`, `applicable`, `not_applicable`, `declared`, `catalog`, `result`): the
  generated runner module's rules for `input` (`catalog`, a constant, needs no input);
- `ftcomply/check`: the JSON report for `input.descriptor` (ftcomply's own).

Any path below those selects inside them (`ftcomply/runner/deny/PRE-DATA-01`);
any other path is undefined, answered as OPA does: 200 with no `result`.
`input` is `{"descriptor": <job>, "as_of": <RFC 3339, optional>}`, the
envelope the policies see. The body is read by the same hostile-input loader
as `ftcomply check`, so the same limits and located errors apply.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ftcomply import Checker, EngineError, render, resolve_as_of
from ftcomply.errors import FtcomplyError
from ftcomply.loader import MAX_FILE_NODES, NodeBudgetError, SourceDocument, load_documents
from ftcomply.models import InputError, Report
from ftcomply.service.evaluator import REQUEST_NAME, AsOfWindow

ROOT = "ftcomply"
SECTIONS = ("params", "runner", "check")
_DESCRIPTOR = "/input/descriptor"


class DataError(Exception):
    """A Data API request that cannot be answered: an HTTP status and OPA's error code."""

    def __init__(self, status: int, code: str, message: str,
                 errors: Sequence[InputError] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = tuple(errors)


@dataclass(frozen=True)
class DataAnswer:
    """The answer to one query: `defined` is False where OPA would say undefined.

    `report` is set when the query made one (a `check` section), for the decision log.
    """

    defined: bool
    result: Any = None
    as_of: str | None = None
    report: Report | None = None


def query_data(checker: Checker, path: Sequence[str], raw: bytes,
               window: AsOfWindow | None = None, max_nodes: int = MAX_FILE_NODES) -> DataAnswer:
    """Answer `POST /v1/data/<path>`; raises DataError for a request OPA would refuse.
    `window` bounds a caller's input.as_of (None: any); `max_nodes` is the body's budget."""
    body = _parse(raw, max_nodes)
    if path and path[0] != ROOT:
        return DataAnswer(False)
    if len(path) > 1 and path[1] not in SECTIONS:
        return DataAnswer(False)
    wanted = SECTIONS if len(path) < 2 else (path[1],)
    view: dict[str, Any] = {}
    as_of = report = None
    if "params" in wanted:
        view["params"] = checker.parameter_values
    if list(path[1:3]) == ["runner", "catalog"]:
        # A constant of the runner module: what OPA clients ask first, with no input.
        view["runner"] = {"catalog": _identity(checker)}
    elif "runner" in wanted or "check" in wanted:
        descriptor, as_of = _input(body, window)
        checker = checker.at(as_of)
        if "runner" in wanted:
            view["runner"] = _runner(checker, descriptor)
        if "check" in wanted:
            report = checker.report([checker.check_document(descriptor)])
            view["check"] = json.loads(render(report, "json"))
    defined, result = _select({ROOT: view}, path)
    return DataAnswer(defined, result, as_of, report)


def error_body(code: str, message: str, errors: Sequence[InputError] = ()) -> dict[str, Any]:
    """OPA's error shape; each located error carries its row, column and JSON pointer."""
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = [
            {"code": code, "message": e.message, "pointer": e.pointer,
             "location": {"file": e.location.file, "row": e.location.line,
                          "col": e.location.column}}
            for e in errors
        ]
    return body


def _parse(raw: bytes, max_nodes: int) -> SourceDocument | None:
    """The request body (None when empty, as OPA allows), which must be one object."""
    if not raw.strip():
        return None
    try:
        documents = load_documents(REQUEST_NAME, raw, max_nodes)
    except NodeBudgetError as exc:
        raise DataError(413, "request_too_large", exc.errors[0].message, exc.errors) from None
    except FtcomplyError as exc:
        raise DataError(400, "invalid_parameter", "the body is not valid JSON or YAML",
                        exc.errors) from None
    if len(documents) != 1 or not isinstance(documents[0].data, dict):
        raise DataError(400, "invalid_parameter", 'the body must be one object: {"input": …}')
    return documents[0]


def _input(body: SourceDocument | None, window: AsOfWindow | None
           ) -> tuple[SourceDocument, str]:
    """input.descriptor as a document of its own (positions still in the body) and input.as_of."""
    given = body.data.get("input") if body is not None else None
    if body is None or not isinstance(given, dict) or "descriptor" not in given:
        raise DataError(400, "invalid_parameter",
                        'input.descriptor is required: {"input": {"descriptor": …}}')
    requested = given.get("as_of")
    if requested is not None and not (isinstance(requested, str) and requested.strip()):
        raise DataError(400, "invalid_parameter", "input.as_of must be a non-empty string")
    try:
        as_of = resolve_as_of(requested)
    except FtcomplyError:
        raise DataError(400, "invalid_parameter", f"input.as_of {requested!r} is not an RFC "
                        "3339 datetime with an offset, or a date") from None
    if requested is not None and window is not None and (
            problem := window.problem("input.as_of", as_of)):
        raise DataError(400, "invalid_parameter", problem)
    positions = {
        pointer[len(_DESCRIPTOR):]: position
        for pointer, position in body.located_positions().items()
        if pointer == _DESCRIPTOR or pointer.startswith(_DESCRIPTOR + "/")
    }
    descriptor = SourceDocument(body.path, 0, given["descriptor"], positions, body.sha256)
    return descriptor, as_of


def _runner(checker: Checker, descriptor: SourceDocument) -> dict[str, Any]:
    """The runner module's rules for this input, from the compiled engine.

    Only schema-valid descriptors are evaluated, as `ftcomply check` does: the
    policies are written for the schema's shapes.
    """
    try:
        verdicts = checker.verdicts(descriptor)
    except EngineError as exc:
        raise DataError(500, "internal_error", f"policy evaluation failed: {exc}") from None
    except FtcomplyError as exc:
        raise DataError(400, "invalid_parameter", "input.descriptor is not a valid descriptor",
                        exc.errors) from None
    # The rules of Catalog.runner_module(); a set is an array in JSON, sorted as OPA sorts it.
    result = {
        "deny": verdicts.deny,
        "applicable": sorted(verdicts.applicable),
        "not_applicable": verdicts.not_applicable,
        "declared": verdicts.declared,
        "catalog": _identity(checker),
    }
    return {**result, "result": result}


def _identity(checker: Checker) -> dict[str, str]:
    return {"version": checker.catalog.version, "digest": checker.catalog.digest}


def _select(document: Any, path: Sequence[str]) -> tuple[bool, Any]:
    value = document
    for segment in path:
        if isinstance(value, dict) and segment in value:
            value = value[segment]
        elif isinstance(value, list) and segment.isdigit() and int(segment) < len(value):
            value = value[int(segment)]
        else:
            return False, None
    return True, value
