"""The audit ledger: one row per checked document, each chained to the previous by its hash.

`check --record URL` and `serve --record URL` append; `history list` reads;
`history verify` recomputes the chain. One backend-agnostic module over SQLAlchemy
Core: `sqlite:///path.db` (embedded) and `postgresql://…` (psycopg 3).

Every value a row holds is a string, an integer or null, and every list a row holds
is stored as canonical JSON text, so that what is hashed is exactly what is stored:
`row_hash = "sha256:" + hex(SHA-256(JCS(row without row_hash)))`, JCS being RFC 8785
(docs/ledger.md gives the encoding in full). Appends take a lock (BEGIN IMMEDIATE on
SQLite, SELECT … FOR UPDATE on the head row elsewhere), so concurrent writers,
processes or replicas, always extend one chain.

Any failure to reach, create, read or write the ledger is a LedgerError: exit 2.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ftcomply.errors import FtcomplyError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from ftcomply.models import Report

FORMAT = 1
GENESIS = "sha256:" + "0" * 64
ROWS_TABLE = "ftcomply_ledger"
HEAD_TABLE = "ftcomply_ledger_head"
# The columns of a row, in the order `history list --format json` shows them. Every one
# but row_hash is covered by row_hash.
COLUMNS = (
    "seq", "format", "recorded_at", "as_of", "source", "tool_version", "job", "document",
    "descriptor_sha256", "stage", "fail_on", "verdict", "failing", "waived", "baselined",
    "catalog_version", "catalog_digest", "parameters_digest", "report_sha256",
    "attestation_sha256", "ci_provider", "actor", "run_id", "run_url", "prev_hash",
    "row_hash",
)
INTEGER_COLUMNS = frozenset({"seq", "format"})
NULLABLE_COLUMNS = frozenset({"job", "descriptor_sha256", "attestation_sha256",
                              "ci_provider", "actor", "run_id", "run_url"})
LIST_COLUMNS = ("failing", "waived", "baselined")


class LedgerError(FtcomplyError):
    """The ledger cannot be reached, created, read or written (exit 2)."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(*FtcomplyError.at(message, where).errors)


# --- the canonical encoding ---------------------------------------------------------------

def clean_text(value: str) -> str:
    """A string every backend stores and every hash reads alike: lone surrogates and NUL
    (which PostgreSQL's text refuses) become U+FFFD."""
    value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value.replace("\0", "\ufffd")


def jcs(value: Any) -> str:
    """RFC 8785 for the values a row holds (strings, integers, null, and lists and
    objects of those): sorted keys, no whitespace, strings as UTF-8 with only `"`, `\\`
    and control characters escaped. Floats are refused: no row holds one."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if abs(value) > 2**53 - 1:
            raise ValueError("integer out of the I-JSON range")
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(f"{jcs(k)}:{jcs(value[k])}" for k in keys) + "}"
    raise TypeError(f"a ledger row holds no {type(value).__name__}")


def row_hash(row: Mapping[str, Any]) -> str:
    """The hash of a row: SHA-256 of the JCS encoding of every column but row_hash."""
    body = {name: row[name] for name in COLUMNS if name != "row_hash"}
    return "sha256:" + hashlib.sha256(jcs(body).encode("utf-8")).hexdigest()


def parameters_digest(values: Mapping[str, Any]) -> str:
    """The parameters in effect, as the JSON report's `params` shows them: SHA-256 of their
    JSON with sorted keys and no whitespace (json.dumps; parameters may hold floats)."""
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _timestamp(moment: dt.datetime) -> str:
    """UTC, microseconds, `Z`: fixed width, so text order is time order."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def since_bound(value: str) -> str:
    """`--since` (a date or an RFC 3339 time with offset) in the stored time format."""
    text = value.strip()
    try:
        moment = (dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
                  if len(text) == 10 else dt.datetime.fromisoformat(text))
    except ValueError:
        raise LedgerError(f"--since {value!r} is not a date or an RFC 3339 time",
                          "<command line>") from None
    if moment.tzinfo is None:
        raise LedgerError(f"--since {value!r} needs a timezone offset, e.g. Z",
                          "<command line>")
    return _timestamp(moment)


# --- who ran it ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Runner:
    """Who ran a check, as the environment says (never authenticated by ftcomply):
    the CI provider, the user that started the run, the run's id and URL."""

    provider: str | None = None
    actor: str | None = None
    run_id: str | None = None
    run_url: str | None = None


def runner_from_environment(environ: Mapping[str, str] = os.environ) -> Runner:
    """The CI provider's variables when present (GitHub Actions, GitLab CI, Buildkite,
    CircleCI, Azure Pipelines, Jenkins, Bitbucket), else the local login name."""
    def get(*names: str) -> str | None:
        for name in names:
            if environ.get(name, "").strip():
                return environ[name].strip()
        return None

    if get("GITHUB_ACTIONS"):
        run = get("GITHUB_RUN_ID")
        attempt = get("GITHUB_RUN_ATTEMPT")
        server, repo = get("GITHUB_SERVER_URL"), get("GITHUB_REPOSITORY")
        url = (f"{server}/{repo}/actions/runs/{run}" + (f"/attempts/{attempt}" if attempt
                                                        else "")
               if server and repo and run else None)
        return Runner("github-actions", get("GITHUB_TRIGGERING_ACTOR", "GITHUB_ACTOR"),
                      run + (f"/{attempt}" if attempt else "") if run else None, url)
    if get("GITLAB_CI"):
        return Runner("gitlab-ci", get("GITLAB_USER_LOGIN", "GITLAB_USER_EMAIL"),
                      get("CI_JOB_ID"), get("CI_JOB_URL"))
    if get("BUILDKITE"):
        return Runner("buildkite", get("BUILDKITE_BUILD_CREATOR_EMAIL",
                                       "BUILDKITE_BUILD_CREATOR"),
                      get("BUILDKITE_JOB_ID", "BUILDKITE_BUILD_ID"), get("BUILDKITE_BUILD_URL"))
    if get("CIRCLECI"):
        return Runner("circleci", get("CIRCLE_USERNAME"),
                      get("CIRCLE_WORKFLOW_JOB_ID", "CIRCLE_BUILD_NUM"), get("CIRCLE_BUILD_URL"))
    if get("TF_BUILD"):
        return Runner("azure-pipelines", get("BUILD_REQUESTEDFOREMAIL", "BUILD_REQUESTEDFOR"),
                      get("BUILD_BUILDID"), None)
    if get("JENKINS_URL"):
        return Runner("jenkins", get("BUILD_USER_ID", "CHANGE_AUTHOR"),
                      get("BUILD_TAG", "BUILD_NUMBER"), get("BUILD_URL"))
    if get("BITBUCKET_BUILD_NUMBER"):
        return Runner("bitbucket-pipelines", get("BITBUCKET_STEP_TRIGGERER_UUID"),
                      get("BITBUCKET_BUILD_NUMBER"), None)
    if get("CI"):
        return Runner("ci", None, None, None)
    try:
        user: str | None = getpass.getuser()
    except Exception:  # no login name in this environment
        user = None
    return Runner("local", user, None, None)


# --- rows of a report ---------------------------------------------------------------------

def report_sha256(report: Report) -> str:
    """SHA-256 of the run's full JSON report: the same bytes `--report json=FILE` writes."""
    from ftcomply.output import FORMATS

    digest = hashlib.sha256()
    for chunk in FORMATS["json"].chunks(report):
        digest.update(chunk.encode("utf-8"))
    return "sha256:" + digest.hexdigest()


def document_rows(report: Report, *, source: str, runner: Runner,
                  report_digest: str | None = None,
                  attestations: Mapping[tuple[str, int], str] | None = None,
                  ) -> list[dict[str, Any]]:
    """One row per document of `report`, without its place in the chain (seq, time,
    hashes). `attestations` maps a document's (path, index) to the sha256 of its
    attestation, when one was written."""
    from ftcomply.models import UNMATCHED_FAILING, Status

    info = report.info
    digest = report_digest or report_sha256(report)
    params = parameters_digest(info.parameter_values)
    # A high or critical scanner finding no checked artifact holds fails the run (exit 1),
    # so every document's verdict, as the attestations say too.
    unmatched = any(f.severity in UNMATCHED_FAILING for f in report.unmatched_findings)
    rows = []
    for document in report.documents:
        verdict = document.status(info.fail_on)
        if verdict is Status.PASS and unmatched:
            verdict = Status.FAIL
        failing = sorted({r.control.id for r in document.results if r.gating})
        baselined = sorted({r.control.id for r in document.results
                            if r.status is Status.FAIL and r.baselined})
        waived = sorted(
            ({"control": r.control.id, "waiver": r.waiver.id, "expires": r.waiver.expires}
             for r in document.results if r.status is Status.WAIVED and r.waiver),
            key=lambda w: (w["control"], w["waiver"]))
        attestation = (attestations or {}).get((document.path, document.index))
        row: dict[str, Any] = {
            "format": FORMAT,
            "as_of": info.as_of,
            "source": source,
            "tool_version": info.tool_version,
            "job": document.name,
            "document": document.label,
            "descriptor_sha256": f"sha256:{document.sha256}" if document.sha256 else None,
            "stage": info.stage,
            "fail_on": info.fail_on.value,
            "verdict": verdict.value,
            "failing": jcs(failing),
            "waived": jcs(waived),
            "baselined": jcs(baselined),
            "catalog_version": info.catalog_version,
            "catalog_digest": info.catalog_digest,
            "parameters_digest": params,
            "report_sha256": digest,
            "attestation_sha256": attestation,
            "ci_provider": runner.provider,
            "actor": runner.actor,
            "run_id": runner.run_id,
            "run_url": runner.run_url,
        }
        rows.append({k: clean_text(v) if isinstance(v, str) else v for k, v in row.items()})
    return rows


def attestation_digests(report: Report) -> dict[tuple[str, int], str]:
    """The sha256 of each document's in-toto Statement (the DSSE payload the `intoto`
    report signs; the same whatever the signature, which ECDSA makes differ per run), by
    the document's (path, index): for `attestation_sha256` when an intoto report is
    written."""
    from ftcomply.output.intoto import document_statement

    digest = report_sha256(report).removeprefix("sha256:")
    found = {}
    for document in report.documents:
        statement = document_statement(report, document, digest)
        if statement is not None:
            payload = json.dumps(statement, ensure_ascii=False, separators=(",", ":"))
            found[(document.path, document.index)] = "sha256:" + hashlib.sha256(
                payload.encode("utf-8")).hexdigest()
    return found


def decoded(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row for people and tools: list columns parsed (left as stored text when
    they are not valid JSON: an altered row)."""
    shown = {name: row.get(name) for name in COLUMNS}
    for name in LIST_COLUMNS:
        with contextlib.suppress(TypeError, ValueError):
            shown[name] = json.loads(shown[name])
    return shown


# --- the database -------------------------------------------------------------------------

def _tables() -> tuple[Any, Any, Any]:
    from sqlalchemy import Column, Integer, MetaData, Table, Text

    metadata = MetaData()
    columns = [Column("seq", Integer, primary_key=True, autoincrement=False)]
    for name in COLUMNS[1:]:
        kind = Integer if name in INTEGER_COLUMNS else Text
        columns.append(Column(name, kind, nullable=name in NULLABLE_COLUMNS,
                              unique=name == "row_hash"))
    rows = Table(ROWS_TABLE, metadata, *columns)
    head = Table(HEAD_TABLE, metadata,
                 Column("id", Integer, primary_key=True, autoincrement=False),
                 Column("seq", Integer, nullable=False),
                 Column("row_hash", Text, nullable=False))
    return metadata, rows, head


@dataclass(frozen=True)
class Verification:
    """What `history verify` found: the rows read, the last one's hash, and the first
    problem (None: the chain is intact) with the seq of the row it names."""

    rows: int
    head: str
    problem: str | None = None
    bad_row: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass
class Ledger:
    """A ledger database. Open with `Ledger.open(url)`; close when done."""

    url: str
    shown: str
    engine: Engine
    tables: tuple[Any, Any, Any] = field(default_factory=_tables)

    @classmethod
    def open(cls, url: str, *, create: bool = False) -> Ledger:
        """Connect to the ledger at `url`; with `create`, make its tables when absent (for
        recording). Without `create`, a ledger that does not exist is an error."""
        engine, shown = _engine(url, create)
        ledger = cls(url, shown, engine)
        try:
            ledger._prepare(create)
        except BaseException:
            engine.dispose()
            raise
        return ledger

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Transactions: SQLite's BEGIN IMMEDIATE for writes (see _engine), row locks elsewhere.
    def _connect(self, write: bool) -> Any:
        return self.engine.connect().execution_options(ftcomply_write=write)

    def _fail(self, action: str, exc: Exception) -> LedgerError:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return LedgerError(f"cannot {action} the ledger: {reason[0] if reason else exc}",
                           self.shown)

    def _prepare(self, create: bool) -> None:
        from sqlalchemy import inspect, select
        from sqlalchemy.exc import SQLAlchemyError

        metadata, _, head = self.tables
        try:
            if not create:
                with self._connect(False) as conn:
                    names = set(inspect(conn).get_table_names())
                    if not {ROWS_TABLE, HEAD_TABLE} <= names:
                        raise LedgerError(f"no ledger here (no {ROWS_TABLE} table): nothing "
                                          "was recorded yet, or this is not the ledger's URL",
                                          self.shown)
                return
            with self._connect(True) as conn, conn.begin():
                if conn.dialect.name == "postgresql":  # one creator at a time
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7391400716)")
                metadata.create_all(conn, checkfirst=True)
                if conn.execute(select(head.c.id).where(head.c.id == 1)).first() is None:
                    conn.execute(head.insert().values(id=1, seq=0, row_hash=GENESIS))
        except SQLAlchemyError as exc:
            raise self._fail("open" if not create else "open or create", exc) from None

    def append(self, rows: Iterable[Mapping[str, Any]],
               now: dt.datetime | None = None) -> list[dict[str, Any]]:
        """Append rows (from document_rows) atomically, chained after the head; returns them
        as stored. Refuses (LedgerError) when the head row and the last row disagree."""
        from sqlalchemy import func, select
        from sqlalchemy.exc import SQLAlchemyError

        _, table, head = self.tables
        stored: list[dict[str, Any]] = []
        try:
            with self._connect(True) as conn, conn.begin():
                top = conn.execute(select(head.c.seq, head.c.row_hash).where(head.c.id == 1)
                                   .with_for_update()).first()
                if top is None:
                    raise LedgerError("the ledger has no head row: run `ftcomply history "
                                      "verify`", self.shown)
                seq, previous = top.seq, top.row_hash
                last = conn.execute(select(func.max(table.c.seq))).scalar()
                last_hash = GENESIS if last is None else conn.execute(
                    select(table.c.row_hash).where(table.c.seq == last)).scalar()
                if (last or 0) != seq or last_hash != previous:
                    raise LedgerError(
                        f"the ledger's head (row {seq}) does not match its last row "
                        f"({last or 0}): not appending; run `ftcomply history verify`",
                        self.shown)
                recorded_at = _timestamp(now or dt.datetime.now(dt.UTC))
                for row in rows:
                    seq += 1
                    full = {**row, "seq": seq, "recorded_at": recorded_at,
                            "prev_hash": previous}
                    full["row_hash"] = previous = row_hash(full)
                    stored.append({name: full[name] for name in COLUMNS})
                if stored:
                    conn.execute(table.insert(), stored)
                    conn.execute(head.update().where(head.c.id == 1)
                                 .values(seq=seq, row_hash=previous))
        except SQLAlchemyError as exc:
            raise self._fail("append to", exc) from None
        return stored

    def rows(self, job: str | None = None, since: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored rows in chain order, optionally one job's, recorded at or after `since`
        (since_bound())."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self._connect(False) as conn:
                yield from self._rows(conn, job, since)
        except SQLAlchemyError as exc:
            raise self._fail("read", exc) from None

    def _rows(self, conn: Connection, job: str | None = None, since: str | None = None
              ) -> Iterator[dict[str, Any]]:
        from sqlalchemy import select

        _, table, _ = self.tables
        query = select(table).order_by(table.c.seq)
        if job is not None:
            query = query.where(table.c.job == job)
        if since is not None:
            query = query.where(table.c.recorded_at >= since)
        for row in conn.execution_options(yield_per=1000).execute(query).mappings():
            yield dict(row)

    def _head(self, conn: Connection) -> tuple[int, str]:
        from sqlalchemy import select

        _, _, head = self.tables
        top = conn.execute(select(head.c.seq, head.c.row_hash).where(head.c.id == 1)).first()
        if top is None:
            raise LedgerError("the ledger has no head row", self.shown)
        return top.seq, top.row_hash

    def head(self) -> tuple[int, str]:
        """The head row: the last row's seq and hash, as the ledger records them."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self._connect(False) as conn:
                return self._head(conn)
        except SQLAlchemyError as exc:
            raise self._fail("read", exc) from None

    def verify(self, expected_head: str | None = None) -> Verification:
        """Recompute the chain from the first row: the first row whose seq, prev_hash or
        hash is wrong is the problem. Then the head row must name the last row, and
        `expected_head` (a hash this ledger once had as its head) must be in the chain.
        Everything is read in one snapshot, so appends meanwhile do not disturb it."""
        from sqlalchemy.exc import SQLAlchemyError

        wanted = normalize_hash(expected_head) if expected_head else None
        try:
            with self._connect(False) as conn:
                if conn.dialect.name == "postgresql":
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    return self._verify(conn, wanted)
        except SQLAlchemyError as exc:
            raise self._fail("read", exc) from None

    def _verify(self, conn: Connection, wanted: str | None) -> Verification:
        head_seq, head_hash = self._head(conn)
        seen_wanted = wanted == GENESIS
        count, previous, expected = 0, GENESIS, 1
        for row in self._rows(conn):
            count += 1
            seq = row.get("seq")
            if seq != expected:
                gone = (f"row {expected}" if seq == expected + 1
                        else f"rows {expected} to {seq - 1}") if isinstance(seq, int) and (
                    seq > expected) else None
                why = (f"{gone} missing (removed)" if gone
                       else f"out of order (expected row {expected})")
                return Verification(count, previous, f"row {seq}: {why}", seq)
            if row.get("prev_hash") != previous:
                return Verification(count, previous, (
                    f"row {seq}: its prev_hash does not match the hash of row {seq - 1} "
                    "(a row before it was altered, removed, inserted or reordered)"
                    if seq > 1 else f"row {seq}: its prev_hash is not the genesis hash"), seq)
            try:
                actual = row_hash(row)
            except (TypeError, ValueError):
                actual = None
            if actual != row.get("row_hash"):
                return Verification(count, previous, f"row {seq}: its content does not match "
                                    "its hash (altered)", seq)
            previous = row["row_hash"]
            seen_wanted = seen_wanted or previous == wanted
            expected += 1
        last = expected - 1
        if (head_seq, head_hash) != (last, previous):
            return Verification(count, previous, (
                f"the ledger's head names row {head_seq} ({head_hash}) but its last row is "
                f"row {last} ({previous}): rows were removed from the end, or appended "
                "around ftcomply"), max(head_seq, last))
        if wanted is not None and not seen_wanted:
            return Verification(count, previous, (
                f"the expected head {wanted} is not in the ledger (its last row is row "
                f"{last}, {previous}): rows were removed from the end, or the chain was "
                "rewritten"), last + 1)
        return Verification(count, previous)


def normalize_hash(value: str) -> str:
    text = value.strip().lower()
    hexdigits = text.removeprefix("sha256:")
    if len(hexdigits) != 64 or any(c not in "0123456789abcdef" for c in hexdigits):
        raise LedgerError(f"--head {value!r} is not a sha256 hash (sha256:HEX)",
                          "<command line>")
    return "sha256:" + hexdigits


def redact(url: str) -> str:
    """The URL as errors and logs show it: without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<ledger URL>"


def _engine(url: str, create: bool) -> tuple[Engine, str]:
    """A SQLAlchemy engine for a sqlite:/// or postgresql:// URL."""
    try:
        from sqlalchemy import create_engine, event
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError
    except ModuleNotFoundError:  # pragma: no cover - a runtime dependency
        raise LedgerError("--record needs SQLAlchemy: pip install sqlalchemy",
                          "<command line>") from None
    shown = redact(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise LedgerError("not a database URL: expected sqlite:///PATH or "
                          "postgresql://USER@HOST/DB", shown) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise LedgerError(f"unsupported SQLite driver {driver!r}", shown)
        path = parsed.database or ""
        if not path or path == ":memory:" or parsed.query.get("mode") == "memory":
            raise LedgerError("an in-memory ledger keeps nothing: give a file, "
                              "sqlite:///PATH", shown)
        if not create and not os.path.exists(path):
            raise LedgerError(f"no ledger at {path}", shown)
        if create and not Path(path).parent.is_dir():
            raise LedgerError(f"no directory {Path(path).parent} for the ledger", shown)
        engine = create_engine(parsed.set(drivername="sqlite+pysqlite"),
                               connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _no_implicit_transactions(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not pysqlite's

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("ftcomply_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine, shown
    if backend in ("postgresql", "postgres"):
        driver = driver or "psycopg"
        try:
            __import__({"psycopg": "psycopg", "psycopg2": "psycopg2"}.get(driver, driver))
        except ModuleNotFoundError:
            raise LedgerError(f"a PostgreSQL ledger needs the {driver} driver: pip install "
                              "'ftcomply[postgres]'", shown) from None
        except Exception:
            raise LedgerError(f"unsupported PostgreSQL driver {driver!r}", shown) from None
        connect_args = {"connect_timeout": 10} if driver.startswith("psycopg") else {}
        try:
            engine = create_engine(parsed.set(drivername=f"postgresql+{driver}"),
                                   connect_args=connect_args, pool_pre_ping=True)
        except Exception as exc:
            raise LedgerError(f"cannot use this URL: {exc}", shown) from None
        return engine, shown
    raise LedgerError(f"unsupported ledger database {backend!r}: use sqlite:///PATH or "
                      "postgresql://…", shown)


def open_ledger(url: str, *, create: bool = False) -> Ledger:
    return Ledger.open(url, create=create)


def record_report(ledger: Ledger, report: Report, *, source: str, runner: Runner,
                  report_digest: str | None = None,
                  attestations: Mapping[tuple[str, int], str] | None = None,
                  ) -> list[dict[str, Any]]:
    """Append one row per document of `report`; the rows as stored."""
    return ledger.append(document_rows(report, source=source, runner=runner,
                                       report_digest=report_digest,
                                       attestations=attestations))


# --- views --------------------------------------------------------------------------------

def list_text(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """One line per decision."""
    count = 0
    for row in rows:
        count += 1
        shown = decoded(row)
        failing = shown["failing"] if isinstance(shown["failing"], list) else ["?"]
        waived = shown["waived"] if isinstance(shown["waived"], list) else []
        parts = [f"#{row['seq']}", row["recorded_at"], f"{row['verdict']:<5}", row["stage"],
                 row["job"] or row["document"]]
        if failing:
            parts.append("failing: " + ", ".join(map(str, failing)))
        if waived:
            parts.append("waived: " + ", ".join(
                str(w.get("control")) if isinstance(w, dict) else str(w) for w in waived))
        if row.get("actor") or row.get("ci_provider"):
            parts.append(f"by {row.get('actor') or '?'} ({row.get('ci_provider') or '?'})")
        yield _printable("  ".join(str(p) for p in parts)) + "\n"
    if not count:
        yield "no decisions recorded\n"


def _printable(text: str) -> str:
    from ftcomply.models import printable

    return printable(text)


def list_json(rows: Iterable[Mapping[str, Any]], ledger: str) -> Iterator[str]:
    """`{"ledger": URL, "rows": [...]}`, streamed."""
    yield '{"ledger": ' + json.dumps(ledger) + ', "rows": ['
    for index, row in enumerate(rows):
        yield ("" if index == 0 else ",") + "\n  " + json.dumps(decoded(row),
                                                                 ensure_ascii=False)
    yield "\n]}\n"


EXPIRING_DAYS = 30


def portfolio(rows: Iterable[Mapping[str, Any]], now: dt.datetime | None = None
              ) -> dict[str, Any]:
    """An auditor's view: every job's latest decision, the controls failing across jobs
    (in their latest decisions), and the waivers those decisions used that expire within
    EXPIRING_DAYS days or have expired."""
    today = (now or dt.datetime.now(dt.UTC)).date()
    latest: dict[str, dict[str, Any]] = {}
    total = 0
    for row in rows:
        total += 1
        latest[row["job"] or row["document"]] = decoded(row)
    jobs = sorted(latest.items(), key=lambda item: item[0])
    failing: dict[str, list[str]] = {}
    waivers = []
    for name, row in jobs:
        for control in row["failing"] if isinstance(row["failing"], list) else []:
            failing.setdefault(str(control), []).append(name)
        for waiver in row["waived"] if isinstance(row["waived"], list) else []:
            if not isinstance(waiver, dict):
                continue
            try:
                left = (dt.date.fromisoformat(str(waiver.get("expires"))[:10]) - today).days
            except ValueError:
                left = None
            if left is None or left <= EXPIRING_DAYS:
                waivers.append({"job": name, **waiver, "days_left": left})
    counts = {v: sum(1 for _, r in jobs if r["verdict"] == v) for v in ("pass", "fail", "error")}
    return {
        "rows": total,
        "jobs": [{"name": n, **r} for n, r in jobs],
        "counts": counts,
        "failing": sorted(failing.items(), key=lambda item: (-len(item[1]), item[0])),
        "waivers": sorted(waivers, key=lambda w: (w["days_left"] is not None,
                                                  w["days_left"] or 0, w["job"])),
        "expiring_days": EXPIRING_DAYS,
        "today": today.isoformat(),
    }


def list_html(rows: Iterable[Mapping[str, Any]], ledger: str,
              verification: Verification | None, now: dt.datetime | None = None) -> str:
    """The portfolio as one self-contained, autoescaped HTML page (templates/history.html.j2)."""
    from ftcomply import __version__
    from ftcomply.output.templating import environment

    template = environment().get_template("history.html.j2")
    return template.render(view=portfolio(rows, now), ledger=ledger,
                           verification=verification, version=__version__)
