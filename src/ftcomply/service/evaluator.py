"""Where requests are evaluated: one dedicated thread that owns the compiled Checker.

A regorus engine must stay on the thread that made it, and it holds the GIL
while it evaluates, so more evaluation threads would add no throughput: the
server reads and writes many requests at once on its event loop and hands
the CPU work (parsing, schema, policies, rendering) to this one thread. Scale
with worker processes or replicas; each compiles the catalog once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from ftcomply import Catalog, Checker, CheckOptions, render
from ftcomply.errors import FtcomplyError
from ftcomply.loader import MAX_FILE_NODES, NodeBudgetError, load_documents
from ftcomply.models import DocumentResult, InputError, Location, Report

T = TypeVar("T")

# How a request body is named in reports and errors, as `<stdin>` is for the CLI.
REQUEST_NAME = "<request>"


@dataclass(frozen=True)
class AsOfWindow:
    """How far from the server's clock a caller may set as_of: `ahead` into the future,
    `behind` into the past. A caller choosing the time decides which evidence is fresh
    and which waivers are live; outside the window that is a refusal, not a report."""

    ahead: dt.timedelta
    behind: dt.timedelta

    def problem(self, name: str, as_of: str, now: dt.datetime | None = None) -> str | None:
        """Why `as_of` (RFC 3339, as resolve_as_of() writes it) is refused; None if it is not."""
        clock = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        moment = dt.datetime.fromisoformat(as_of)
        if moment > clock + self.ahead:
            where, bound, option = "ahead of", self.ahead, "--max-as-of-ahead"
        elif moment < clock - self.behind:
            where, bound, option = "behind", self.behind, "--max-as-of-behind"
        else:
            return None
        stamp = clock.isoformat().replace("+00:00", "Z")
        return (f"{name} {as_of} is more than {_days(bound)} {where} the server clock "
                f"({stamp}); this service accepts as_of from {_days(self.behind)} behind to "
                f"{_days(self.ahead)} ahead ({option})")


def _days(delta: dt.timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:g} day" + ("" if days == 1 else "s")


class Evaluator:
    """Runs `work(checker, *args)` on the evaluation thread; the Checker is compiled there."""

    def __init__(self, catalog: Catalog, options: CheckOptions) -> None:
        self._catalog = catalog
        self._options = options
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="ftcomply-eval")
        # Compile now, so that a policy that does not compile stops start-up (exit 2).
        try:
            self._pool.submit(self._checker).result()
        except BaseException:
            self._pool.shutdown()
            raise

    def _checker(self) -> Checker:
        checker = getattr(self._local, "checker", None)
        if checker is None:
            checker = self._local.checker = Checker(self._catalog, self._options)
        return checker

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.wrap_future(self._pool.submit(lambda: work(self._checker(), *args)))

    def close(self) -> None:
        """Drop the compiled checker on the thread that made it (a regorus engine freed on
        another thread warns "Engine is unsendable"), then stop that thread."""
        with contextlib.suppress(RuntimeError):  # already shut down
            self._pool.submit(self._drop).result()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _drop(self) -> None:
        self._local.__dict__.pop("checker", None)


def check_body(checker: Checker, raw: bytes, as_of: str, fmt: str, max_documents: int,
               max_nodes: int = MAX_FILE_NODES) -> tuple[Report, str]:
    """Every document of one request body, checked and rendered as `ftcomply check` would.
    A body over its node budget raises NodeBudgetError (the service answers 413)."""
    checker = checker.at(as_of)
    try:
        documents = load_documents(REQUEST_NAME, raw, max_nodes)
        if len(documents) > max_documents:
            raise FtcomplyError(InputError(
                f"more than {max_documents} documents in one request; send fewer per request",
                Location(REQUEST_NAME)))
        results = [checker.check_document(document) for document in documents]
    except NodeBudgetError:
        raise
    except FtcomplyError as exc:
        digest = hashlib.sha256(raw).hexdigest()
        results = [DocumentResult(REQUEST_NAME, 0, digest, None, None, errors=exc.errors)]
    report = checker.report(results)
    return report, render(report, fmt)
