"""Stage 2: judge a document's structure against a JSON Schema, with messages a person reads.

The validator is compiled once per run (`SchemaValidator.load`) and reused for
every document. Valid documents, the common case, are confirmed by a validator
compiled to Python code (fastjsonschema, much faster: docs/performance.md); only an
invalid one goes through jsonschema, which explains every error. Should the
two ever disagree, the document is an error: never a silent pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
from jsonschema import Draft202012Validator, FormatChecker

from ftcomply.errors import FtcomplyError
from ftcomply.loader import SourceDocument, escape_token
from ftcomply.models import InputError

_format_checker = FormatChecker(formats=())


@_format_checker.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    # The schema's pattern demands the offset; this catches impossible dates and times.
    return not isinstance(value, str) or bool(dt.datetime.fromisoformat(value))


@_format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or bool(dt.date.fromisoformat(value))


def _fast_format(check: Callable[[object], bool]) -> Callable[[object], bool]:
    """fastjsonschema wants False for a bad value, where our checks raise ValueError."""

    def checked(value: object) -> bool:
        try:
            return check(value)
        except ValueError:
            return False

    return checked


_FAST_FORMATS = {"date-time": _fast_format(_is_datetime), "date": _fast_format(_is_date)}


class SchemaValidator:
    """A compiled JSON Schema plus the digest of its source text.

    `validator` explains errors; the fast yes/no validator is compiled on
    demand, once `FAST_AFTER` documents have been validated: compiling it
    costs about a tenth of a second, which a batch earns back quickly and a
    single-file check never would.
    """

    FAST_AFTER = 8

    def __init__(self, schema: dict[str, Any], text: str) -> None:
        self.schema = schema
        self.validator = Draft202012Validator(schema, format_checker=_format_checker)
        self.sha256 = hashlib.sha256(text.encode()).hexdigest()
        self.text = text
        self._fast: Callable[[Any], Any] | None = None
        self._validated = 0

    @classmethod
    def load(cls, path: Path) -> SchemaValidator:
        text = path.read_text(encoding="utf-8")
        # The shipped schemas are checked against the meta-schema by the tests; doing it
        # here would cost a fifth of a second on every start.
        return cls(json.loads(text), text)

    def is_valid(self, data: Any) -> bool:
        """A quick yes/no, without explanations."""
        self._validated += 1
        if self._fast is None and self._validated > self.FAST_AFTER:
            self._fast = fastjsonschema.compile(self.schema, formats=_FAST_FORMATS)
        if self._fast is None:
            return self.validator.is_valid(data)
        try:
            self._fast(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def errors(self, document: SourceDocument) -> list[InputError]:
        """Every schema error of the document, in file order."""
        if self.is_valid(document.data):
            return []
        found = []
        for error in self.validator.iter_errors(document.data):
            for pointer, message in _explain(error):
                found.append(InputError(message, document.locate(pointer), pointer))
        if not found:
            found.append(InputError("schema validators disagree on this document",
                                    document.locate("")))
        found.sort(key=lambda e: (e.location.line or 0, e.location.column or 0, e.pointer or ""))
        return found

    def check(self, document: SourceDocument) -> None:
        """Raise FtcomplyError with every schema error (for config-like files)."""
        errors = self.errors(document)
        if errors:
            raise FtcomplyError(*errors)


def _pointer(parts: Any) -> str:
    return "".join(f"/{escape_token(p)}" for p in parts)


_JSON_TYPES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
    type(None): "null",
}
_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def _explain(error: jsonschema.ValidationError) -> list[tuple[str, str]]:
    """Turn one jsonschema error into (pointer, message) pairs a person understands."""
    pointer = _pointer(error.absolute_path)
    instance = error.instance
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = schema.get("description")
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [(pointer, f"missing required field '{missing}'")]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        extras = [
            key
            for key in instance
            if key not in known and not any(re.search(p, key) for p in patterns)
        ]
        pairs = []
        for key in extras:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            pairs.append(
                (f"{pointer}/{escape_token(key)}", f"unknown field {_key(key)}{hint}; "
                 "organisation extensions must start with 'x-'")
            )
        return pairs
    if keyword == "type":
        wanted = error.validator_value
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in ([wanted] if isinstance(wanted, str)
                                                            else wanted))
        got = _JSON_TYPES.get(type(instance), type(instance).__name__)
        # A whole document that is not a mapping is likely not a descriptor at all (a
        # credentials file, say): its content is never quoted.
        shown = _show(instance) if pointer else "(content not shown)"
        message = f"expected {words}, got {got} {shown}"
        if isinstance(instance, bool) and "string" in str(wanted):
            message += " (YAML reads unquoted yes/no/on/off/true/false as booleans: quote it)"
        elif isinstance(instance, int | float) and "string" in str(wanted):
            message += " (YAML reads unquoted digits as a number: quote it)"
        return [(pointer, message)]
    if keyword == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [(pointer, f"{_show(instance)} is not one of: {options}")]
    if keyword == "const":
        wanted = expected or f"must be {error.validator_value!r}"
        return [(pointer, f"{_show(instance)}: {wanted}")]
    if keyword in ("pattern", "format"):
        what = expected or f"a value matching {error.validator_value}"
        return [(pointer, f"{_show(instance)} is not {what}")]
    bounds = {
        "minimum": "at least",
        "maximum": "at most",
        "exclusiveMinimum": "greater than",
        "exclusiveMaximum": "less than",
    }
    if keyword in bounds:
        return [(pointer, f"{_show(instance)} must be {bounds[keyword]} {error.validator_value}")]
    if keyword == "minItems":
        return [(pointer, f"needs at least {error.validator_value} item(s)")]
    if keyword == "minLength":
        return [(pointer, "must not be empty")]
    if keyword == "uniqueItems":
        return [(pointer, "items must be unique")]
    return [(pointer, error.message)]


def _key(key: str) -> str:
    """A key as a message quotes it; control characters escaped, so a message stays one line."""
    return f"'{key}'" if key.isprintable() else json.dumps(key)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
