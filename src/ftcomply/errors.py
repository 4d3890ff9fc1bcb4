"""Exceptions that end in exit code 2 with one clear line, never a traceback."""

from __future__ import annotations

from ftcomply.models import InputError, Location


class FtcomplyError(Exception):
    """Something could not be evaluated; carries one or more located errors."""

    def __init__(self, *errors: InputError) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    @classmethod
    def at(
        cls, message: str, file: str, line: int | None = None, column: int | None = None
    ) -> FtcomplyError:
        return cls(InputError(message, Location(file, line, column)))
