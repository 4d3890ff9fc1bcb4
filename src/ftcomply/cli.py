"""The command line: parse options, call the pipeline, print, exit. No logic of its own.

Every failure a user can cause ends in one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ftcomply import version_text
from ftcomply.errors import FtcomplyError
from ftcomply.output import FORMATS

if TYPE_CHECKING:
    from ftcomply.catalog import Catalog
    from ftcomply.config import Config
    from ftcomply.ledger import Ledger
    from ftcomply.models import Report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Policy-as-code compliance checks for LLM fine-tuning jobs.",
)

EXIT_ERROR = 2


def _fail(error: FtcomplyError) -> NoReturn:
    for item in error.errors:
        typer.echo(f"ftcomply: error: {item}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:  # `ftcomply --version` alone never gets here: see __main__.py
        typer.echo(version_text(), nl=False)
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True,
                     help="Show the tool, catalog and engine versions."),
    ] = False,
) -> None:
    """Policy-as-code compliance checks for LLM fine-tuning jobs."""


def _load(config: Path | None, policies: list[Path] | None, no_config: bool = False
          ) -> tuple[Config, Catalog]:
    """The config file and the catalog it and the flags ask for, cross-checked."""
    from ftcomply.catalog import load_catalog
    from ftcomply.config import check_against_catalog, load_config

    if no_config and config is not None:
        raise FtcomplyError.at("--config and --no-config contradict each other",
                               "<command line>")
    settings = load_config(config, use_default=not no_config)
    catalog = load_catalog([*settings.policies, *(policies or [])])
    check_against_catalog(settings, catalog)
    return settings, catalog


ConfigOption = Annotated[Path | None, typer.Option(
    "--config", "-c", help="Config file (default ./ftcomply.yaml when present).")]
PoliciesOption = Annotated[list[Path] | None, typer.Option(
    "--policies", help="A directory of user policies (repeatable).")]
RecordOption = Annotated[str | None, typer.Option(
    "--record", metavar="URL", help="The audit ledger: sqlite:///PATH or postgresql://USER@HOST"
    "/DB (docs/ledger.md); default: record: in the config.")]


@contextmanager
def _flags() -> Iterator[None]:
    """Library errors name a setting (`fail_on`); on the command line it is a flag."""
    from ftcomply.options import OptionError

    try:
        yield
    except OptionError as exc:
        flag = "--" + exc.field.replace("_", "-")
        raise FtcomplyError.at(f"{flag} {exc.message}", "<command line>") from None


def _parse_reports(values: list[str]) -> dict[str, Path]:
    reports = {}
    for value in values:
        fmt, sep, file = value.partition("=")
        if not sep or not fmt or not file:
            raise FtcomplyError.at(f"--report {value!r}: expected FORMAT=FILE", "<command line>")
        reports[fmt] = Path(file)
    return reports


def _report_directories(values: list[str]) -> set[str]:
    """The formats whose --report FILE ends with `/`: one file per document goes there."""
    return {value.partition("=")[0] for value in values
            if value.partition("=")[2].endswith(("/", os.sep))}


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(
        help="Descriptor files, directories (searched recursively) or - for stdin.")],
    format: Annotated[str | None, typer.Option(
        "--format", "-f",
        help=f"Output format: {', '.join(FORMATS)}.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report here instead of stdout.")] = None,
    report: Annotated[list[str] | None, typer.Option(
        "--report", help="Also write FORMAT=FILE (repeatable); cyclonedx=DIR/ writes "
        "one file per job.")] = None,
    policies: PoliciesOption = None,
    config: ConfigOption = None,
    no_config: Annotated[bool, typer.Option(
        "--no-config", help="Ignore ./ftcomply.yaml (in CI on a pull request, its author "
        "wrote it).")] = False,
    stage: Annotated[str | None, typer.Option(
        "--stage", help="The gate: pre-tuning, post-tuning or pre-deployment (default).")
    ] = None,
    waivers: Annotated[Path | None, typer.Option(
        "--waivers", help="Waivers file (approved, expiring exceptions).")] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="A previous JSON report: only new failures fail the run.")] = None,
    fail_on: Annotated[str | None, typer.Option(
        "--fail-on", help="Lowest severity that fails the run: critical, high, medium, low.")
    ] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Evaluation time (RFC 3339 or date; default now).")] = None,
    verify: Annotated[bool, typer.Option(
        "--verify", help="Hash and inspect local datasets, adapters and models.")] = False,
    allow_root: Annotated[list[Path] | None, typer.Option(
        "--allow-root", help="Also read artifacts under this directory (repeatable).")] = None,
    evidence: Annotated[list[Path] | None, typer.Option(
        "--evidence", help="A scanner report, evaluation report or Croissant card, told "
        "by content (repeatable; implies --verify).")
    ] = None,
    descriptors_only: Annotated[bool, typer.Option(
        "--descriptors-only", help="Skip named files that hold no ftcomply document (as "
        "directory searches do); for hooks that name every staged YAML file.")] = False,
    max_nodes: Annotated[int | None, typer.Option(
        "--max-nodes", min=1, help="Most nodes in all documents of one file, aliases "
        "expanded (default 1000000).")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes for large batches (default: all cores).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only problems and totals.")
                     ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No ANSI colours.")] = False,
    engine: Annotated[str, typer.Option(
        "--engine", help="regorus (embedded) or opa (an OPA server, see --opa-url).")
    ] = "regorus",
    opa_url: Annotated[str | None, typer.Option(
        "--opa-url", help="OPA server base URL, e.g. http://127.0.0.1:8181 (bearer token: "
        "FTCOMPLY_OPA_TOKEN).")] = None,
    opa_push: Annotated[bool, typer.Option(
        "--opa-push", help="Upload the policies and parameters to the OPA server first.")
    ] = False,
    opa_timeout: Annotated[float, typer.Option(
        "--opa-timeout", help="Seconds to wait for each OPA request.")] = 10.0,
    signing_key: Annotated[Path | None, typer.Option(
        "--signing-key", metavar="KEY.pem", help="Sign the intoto report's attestations "
        "(DSSE) with this Ed25519 or ECDSA P-256 private key (docs/attestations.md).")
    ] = None,
    record: RecordOption = None,
) -> None:
    """Validate and evaluate fine-tuning job descriptors."""
    from ftcomply.options import build_options
    from ftcomply.output import RenderOptions
    from ftcomply.pipeline import run_check

    try:
        settings, catalog = _load(config, policies, no_config)
        chosen = format or settings.format or "text"
        extra = {**settings.reports, **_parse_reports(report or [])}
        for name in [chosen, *extra]:
            if name not in FORMATS:
                raise FtcomplyError.at(
                    f"unknown format {name!r} (available: {', '.join(FORMATS)})",
                    "<command line>")
        directories = _report_directories(report or [])
        for name in directories:
            if not FORMATS[name].per_document:
                raise FtcomplyError.at(
                    f"--report {name}=DIR/: {name} writes one file, not one per job "
                    f"(per job: {', '.join(f.name for f in FORMATS.values() if f.per_document)})",
                    "<command line>")
        signer = _signer(signing_key, [chosen, *extra])
        with _flags():
            options = build_options(
                catalog, settings, paths=paths, as_of=as_of, stage=stage, fail_on=fail_on,
                waivers=waivers, baseline=baseline, jobs=jobs, verify=verify,
                allow_roots=allow_root or (), evidence=evidence or (),
                descriptors_only=descriptors_only, max_nodes=max_nodes, engine=engine,
                opa_url=opa_url, opa_push=opa_push, opa_timeout=opa_timeout,
                opa_token=os.environ.get("FTCOMPLY_OPA_TOKEN") or None)
        progress = _progress if sys.stderr.isatty() and not quiet and not os.environ.get(
            "CI") else None
        ledger = _open_ledger(record or settings.record, create=True)
        result = run_check(catalog, options, sys.stdin.buffer, progress)
        for name, file in extra.items():
            rendering = RenderOptions(quiet=quiet, signer=signer)
            if FORMATS[name].per_document and (name in directories or file.is_dir()):
                for file_name, text in FORMATS[name].files(result, rendering):
                    _write_chunks(file / file_name, (text,))
            else:
                _write_chunks(file, FORMATS[name].chunks(result, rendering))
        destination = output or settings.output
        color = not no_color and destination is None and sys.stdout.isatty()
        chunks = FORMATS[chosen].chunks(result, RenderOptions(color=color, quiet=quiet,
                                                              signer=signer))
        if destination:
            _write_chunks(destination, chunks)
        else:
            for chunk in chunks:
                typer.echo(chunk, nl=False)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        for name in dict.fromkeys([chosen, *extra]):
            also = FORMATS[name].step_summary
            if summary and also:
                with open(summary, "a", encoding="utf-8") as handle:
                    handle.write(FORMATS[also].render(result))
        if ledger is not None:
            _record(ledger, result, quiet, attested="intoto" in [chosen, *extra])
    except FtcomplyError as exc:
        _fail(exc)
    # A text report on the terminal already lists every error; elsewhere stderr says them.
    if not (chosen == "text" and destination is None and sys.stdout.isatty()):
        for error in [*result.errors, *(e for d in result.documents for e in d.errors)]:
            typer.echo(f"ftcomply: error: {error}", err=True)
    raise typer.Exit(result.exit_code)


def _open_ledger(url: str | None, create: bool = False) -> Ledger | None:
    from ftcomply.ledger import Ledger

    return Ledger.open(url, create=create) if url else None


def _record(ledger: Ledger, result: Report, quiet: bool, attested: bool) -> None:
    """One ledger row per document (with its attestation's digest when an intoto report
    was written); the new head on stderr, for CI logs to keep."""
    from ftcomply.ledger import attestation_digests, record_report, runner_from_environment

    try:
        rows = record_report(ledger, result, source="check", runner=runner_from_environment(),
                             attestations=attestation_digests(result) if attested else None)
    finally:
        ledger.close()
    if rows and not quiet:
        typer.echo(f"ftcomply: recorded {len(rows)} decision(s) in {ledger.shown} as rows "
                   f"{rows[0]['seq']}-{rows[-1]['seq']}; head {rows[-1]['row_hash']}",
                   err=True)


def _signer(key: Path | None, formats: list[str]) -> object:
    """The loaded --signing-key (None without one); it signs only the intoto report."""
    if key is None:
        return None
    if "intoto" not in formats:
        raise FtcomplyError.at("--signing-key signs attestations: add --report "
                               "intoto=FILE (or --format intoto)", "<command line>")
    from ftcomply.attestation import load_signer

    return load_signer(key)


def _progress(done: int, total: int) -> None:
    """A one-line progress counter on a terminal's stderr."""
    end = "\n" if done == total else ""
    sys.stderr.write(f"\rchecked {done}/{total} file(s){end}")
    sys.stderr.flush()


def _writes_through(path: Path) -> bool:
    """Whether a report goes into `path` as it is (a terminal, a pipe, `-o /dev/stdout`)
    rather than replacing it. Any other symlink is replaced, never followed: in CI a
    pull request's author could point `reports/x.json` at a file outside the checkout."""
    if str(path).startswith(("/dev/", "/proc/self/fd/")):
        return True
    try:
        mode = path.stat().st_mode  # of the final target
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Write a report as it is rendered, into a file that takes the report's name only
    once complete: a reader never sees half a report, even if the run dies."""
    in_place = _writes_through(path)
    partial = path if in_place else path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("w", encoding="utf-8") as handle:
            handle.writelines(chunks)
        if not in_place:
            os.replace(partial, path)
    except OSError as exc:
        raise FtcomplyError.at(f"cannot write report: {exc.strerror}", str(path)) from None
    finally:
        if not in_place:
            partial.unlink(missing_ok=True)


@app.command()
def controls(
    format: Annotated[str, typer.Option(
        "--format", "-f", help="table, json or markdown.")] = "table",
    policies: PoliciesOption = None,
    config: ConfigOption = None,
) -> None:
    """List the control catalog (built-in and user policies) with effective parameters."""
    from ftcomply import catalogview

    views = {"table": catalogview.controls_table, "json": catalogview.controls_json,
             "markdown": catalogview.controls_markdown}
    try:
        if format not in views:
            raise FtcomplyError.at(f"unknown format {format!r} (available: table, json, "
                                   "markdown)", "<command line>")
        settings, catalog = _load(config, policies)
    except FtcomplyError as exc:
        _fail(exc)
    values = catalog.parameter_values(settings.parameter_overrides)
    typer.echo(views[format](catalog, values), nl=False)


@app.command()
def explain(
    control_id: Annotated[str, typer.Argument(
        metavar="ID", help="A control id, e.g. PRE-DATA-01.")],
    policies: PoliciesOption = None,
    config: ConfigOption = None,
) -> None:
    """One control: what it checks and why, its parameters, how to remediate."""
    from ftcomply import catalogview

    try:
        settings, catalog = _load(config, policies)
        control = catalog.control(control_id)
    except FtcomplyError as exc:
        _fail(exc)
    values = catalog.parameter_values(settings.parameter_overrides)
    typer.echo(catalogview.explain(control, catalog, values), nl=False)


@app.command()
def schema() -> None:
    """Print the descriptor JSON Schema."""
    from ftcomply.resources import schema_path

    typer.echo(schema_path().read_text(encoding="utf-8"), nl=False)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter descriptor.")] = Path(
        "ftjob.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter descriptor."""
    from ftcomply.resources import templates_dir

    text = (templates_dir() / "starter.yaml").read_text(encoding="utf-8")
    if str(path) == "-":
        typer.echo(text, nl=False)
        return
    if path.exists() and not force:
        _fail(FtcomplyError.at("already exists (use --force to overwrite)", str(path)))
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(FtcomplyError.at(f"cannot write: {exc.strerror}", str(path)))
    typer.echo(f"wrote {path}; next: ftcomply check {path}")


@app.command("test")
def test_policies(
    dirs: Annotated[list[Path] | None, typer.Argument(
        help="User policy directories to test beside the built-in ones.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passing tests too.")
                       ] = False,
    coverage: Annotated[bool, typer.Option(
        "--coverage", help="Report the lines of Rego the tests evaluated, per control.")
    ] = False,
    min_coverage: Annotated[float | None, typer.Option(
        "--min-coverage", min=0, max=100, metavar="N",
        help="Exit 1 when a control's coverage, or the total, is below N percent "
        "(implies --coverage).")] = None,
) -> None:
    """Run the Rego unit tests (test_* rules) of the built-in and user policies."""
    from ftcomply.catalog import load_catalog
    from ftcomply.policytest import coverage_text, run_policy_tests_with_coverage

    measuring = coverage or min_coverage is not None
    try:
        results, report = run_policy_tests_with_coverage(load_catalog(dirs or []), measuring)
    except FtcomplyError as exc:
        _fail(exc)
    failed = [r for r in results if not r.passed]
    for result in results:
        if verbose or not result.passed:
            outcome = "PASS" if result.passed else f"FAIL: {result.failure}"
            typer.echo(f"{result.module}: {result.package}.{result.rule}: {outcome}")
    short: list[str] = []
    if report is not None:
        typer.echo(coverage_text(report, min_coverage), nl=False)
        if min_coverage is not None:
            short = report.below(min_coverage)
    typer.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if short:
        typer.echo(f"coverage below {min_coverage:g}%: {', '.join(short)}")
    raise typer.Exit(1 if failed or not results or short else 0)


@app.command("import")
def import_config(
    fmt: Annotated[str, typer.Argument(
        metavar="FORMAT",
        help="axolotl, llama-factory, peft, hf-model-card, openai or croissant.")],
    file: Annotated[str, typer.Argument(
        metavar="FILE",
        help="The config, adapter_config.json, README.md, job JSON or Croissant card (- stdin).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the draft here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Draft a descriptor from a fine-tuning config: what it states, the rest marked TODO."""
    from ftcomply.importers import draft_descriptor

    try:
        if output is not None and output.exists() and not force:
            raise FtcomplyError.at("already exists (use --force to overwrite)", str(output))
        text = draft_descriptor(fmt, file)
    except FtcomplyError as exc:
        _fail(exc)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(FtcomplyError.at(f"cannot write: {exc.strerror}", str(output)))
    typer.echo(f"wrote {output}; next: fill in the TODOs, then ftcomply check {output}")


bundle_app = typer.Typer(no_args_is_help=True, help="OPA bundles of the catalog.")
app.add_typer(bundle_app, name="bundle")


@bundle_app.command("build")
def bundle_build(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Where to write the bundle (.tar.gz).")],
    policies: PoliciesOption = None,
    config: ConfigOption = None,
) -> None:
    """Write the catalog as an OPA bundle: policies, the runner and the parameters in effect."""
    from ftcomply.bundle import policy_files, revision, write_bundle

    try:
        settings, catalog = _load(config, policies)
        write_bundle(catalog, catalog.parameter_values(settings.parameter_overrides), output)
    except FtcomplyError as exc:
        _fail(exc)
    typer.echo(f"wrote {output}: revision {revision(catalog)}, {len(policy_files(catalog))} "
               f"modules, catalog {catalog.digest}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on; anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8080,
    token_file: Annotated[Path | None, typer.Option(
        "--token-file", help="File holding the bearer token (default: $FTCOMPLY_TOKEN).")
    ] = None,
    policies: PoliciesOption = None,
    config: ConfigOption = None,
    allow_root: Annotated[list[Path] | None, typer.Option(
        "--allow-root", help="Where a config that verifies artifacts may read them "
        "(repeatable; required for verification in the service).")] = None,
    max_body_bytes: Annotated[int | None, typer.Option(
        "--max-body-bytes", min=1, help="Largest request body accepted (default 1 MiB).")
    ] = None,
    decision_log: Annotated[str, typer.Option(
        "--decision-log", help="Append decision-log JSON lines to FILE, or - for stderr.")
    ] = "-",
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="Worker processes (each compiles the catalog once).")] = 1,
    max_nodes: Annotated[int | None, typer.Option(
        "--max-nodes", min=1, help="Node budget of one request body, aliases expanded "
        "(default 1000000); past it, 413.")] = None,
    max_connections: Annotated[int | None, typer.Option(
        "--max-connections", min=1, help="Open connections per worker beyond which "
        "requests get 503 (default 64).")] = None,
    max_connections_per_peer: Annotated[int | None, typer.Option(
        "--max-connections-per-peer", min=0, help="Open connections one client address "
        "may hold per worker (default 16; 0: no cap; behind a proxy, see docs/service.md).")
    ] = None,
    max_as_of_ahead: Annotated[float | None, typer.Option(
        "--max-as-of-ahead", min=0, metavar="DAYS", help="Latest as_of a caller may ask "
        "for, in days after the server clock (default 1).")] = None,
    max_as_of_behind: Annotated[float | None, typer.Option(
        "--max-as-of-behind", min=0, metavar="DAYS", help="Earliest as_of a caller may ask "
        "for, in days before the server clock (default 365).")] = None,
    record: Annotated[str | None, typer.Option(
        "--record", metavar="URL", help="Append every /v1/check decision to this audit "
        "ledger (sqlite:///PATH or postgresql://...; default: record: in the config).")
    ] = None,
) -> None:
    """Serve checks over HTTP: POST /v1/check, OPA's Data API, GET /v1/controls, /healthz."""
    try:
        from ftcomply.service.server import ServeSettings
        from ftcomply.service.server import serve as run_service
    except ModuleNotFoundError as exc:
        _fail(FtcomplyError.at(f"ftcomply serve needs {exc.name}: pip install "
                               "'ftcomply[serve]'", "<command line>"))
    try:
        settings = ServeSettings(
            host=host, port=port, policies=tuple(str(p) for p in policies or ()),
            allow_roots=tuple(str(p) for p in allow_root or ()),
            config=str(config) if config else None,
            token_file=str(token_file) if token_file else None,
            decision_log=decision_log, workers=workers, record=record,
            **{name: value for name, value in [
                ("max_body_bytes", max_body_bytes), ("max_nodes", max_nodes),
                ("max_connections", max_connections),
                ("max_connections_per_peer", max_connections_per_peer),
                ("max_as_of_ahead_days", max_as_of_ahead),
                ("max_as_of_behind_days", max_as_of_behind)] if value is not None},
        )
        run_service(settings)
    except FtcomplyError as exc:
        _fail(exc)


history_app = typer.Typer(no_args_is_help=True,
                          help="The audit ledger of recorded decisions (check --record).")
app.add_typer(history_app, name="history")


def _history_ledger(record: str | None, config: Path | None, no_config: bool) -> Ledger:
    from ftcomply.config import load_config
    from ftcomply.ledger import Ledger

    if no_config and config is not None:
        raise FtcomplyError.at("--config and --no-config contradict each other",
                               "<command line>")
    url = record or load_config(config, use_default=not no_config).record
    if not url:
        raise FtcomplyError.at("no ledger: give --record URL or set record: in the config",
                               "<command line>")
    return Ledger.open(url)


NoConfigOption = Annotated[bool, typer.Option("--no-config", help="Ignore ./ftcomply.yaml.")]


@history_app.command("list")
def history_list(
    job: Annotated[str | None, typer.Argument(help="Only this job's decisions.")] = None,
    record: RecordOption = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="Only decisions recorded at or after DATE (a date or "
        "RFC 3339 time).")] = None,
    format: Annotated[str, typer.Option(
        "--format", "-f", help="text, json, or html (an auditor's portfolio view).")
    ] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write here instead of stdout.")] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """List recorded decisions."""
    from ftcomply import ledger as ledgers

    try:
        if format not in ("text", "json", "html"):
            raise FtcomplyError.at(f"unknown format {format!r} (available: text, json, html)",
                                   "<command line>")
        bound = ledgers.since_bound(since) if since else None
        with _history_ledger(record, config, no_config) as ledger:
            rows = ledger.rows(job, bound)
            if format == "text":
                chunks: Iterable[str] = ledgers.list_text(rows)
            elif format == "json":
                chunks = ledgers.list_json(rows, ledger.shown)
            else:
                chunks = [ledgers.list_html(rows, ledger.shown, ledger.verify())]
            if output is not None:
                _write_chunks(output, chunks)
            else:
                for chunk in chunks:
                    typer.echo(chunk, nl=False)
    except FtcomplyError as exc:
        _fail(exc)


@history_app.command("verify")
def history_verify(
    record: RecordOption = None,
    head: Annotated[str | None, typer.Option(
        "--head", metavar="HASH", help="A head hash kept outside the ledger (CI log, "
        "attestation): also catches removal of the newest rows.")] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Recompute the ledger's hash chain: exit 1 naming the first bad row."""
    try:
        with _history_ledger(record, config, no_config) as ledger:
            result = ledger.verify(head)
    except FtcomplyError as exc:
        _fail(exc)
    if not result.ok:
        typer.echo(f"ftcomply: ledger {ledger.shown} is not intact: {result.problem}",
                   err=True)
        raise typer.Exit(1)
    typer.echo(f"ledger {ledger.shown}: {result.rows} row(s), chain intact; head "
               f"{result.head}")


attestation_app = typer.Typer(no_args_is_help=True,
                              help="Signed verdict attestations (check --report intoto=FILE).")
app.add_typer(attestation_app, name="attestation")


@attestation_app.command("verify")
def attestation_verify(
    file: Annotated[Path, typer.Argument(
        help="The attestations: a DSSE envelope, or JSON Lines of them (.intoto.jsonl).")],
    key: Annotated[Path, typer.Option(
        "--key", metavar="PUB.pem", help="The signer's public key (Ed25519 or ECDSA P-256).")],
    subject: Annotated[Path | None, typer.Option(
        "--subject", metavar="PATH", help="The artifact to deploy: its sha256 must be a "
        "subject.")] = None,
    digest: Annotated[str | None, typer.Option(
        "--digest", metavar="sha256:HEX", help="The artifact's digest, instead of --subject.")
    ] = None,
    stage: Annotated[str | None, typer.Option(
        "--stage", help="The stage the verdict must have passed, or a later one (default "
        "pre-deployment).")] = None,
    require: Annotated[list[str] | None, typer.Option(
        "--require", metavar="CONTROL_ID", help="A control that must have passed "
        "(repeatable).")] = None,
    max_age: Annotated[str | None, typer.Option(
        "--max-age", metavar="AGE", help="Oldest acceptable as_of, e.g. 30d, 12h.")] = None,
    allow_waived: Annotated[bool, typer.Option(
        "--allow-waived", help="Count a waived or baselined required control as passing.")
    ] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="The verifier's time for --max-age (default: the clock).")] = None,
) -> None:
    """Check an attestation at a deploy gate: exit 0 valid and satisfying, 1 valid but not
    (each reason printed), 2 malformed, unsigned or not verifying with the key."""
    from ftcomply.attestation import requirements, verify_file

    try:
        wanted = requirements(subject=subject, digest=digest, stage=stage,
                              require=require or (), max_age=max_age,
                              allow_waived=allow_waived, as_of=as_of)
        outcome = verify_file(file, key, wanted)
    except FtcomplyError as exc:
        _fail(exc)
    for line in outcome.lines:
        typer.echo(line)
    raise typer.Exit(outcome.exit_code)


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app()
    except FtcomplyError as exc:
        for item in exc.errors:
            print(f"ftcomply: error: {item}", file=sys.stderr)
        sys.exit(EXIT_ERROR)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(EXIT_ERROR)
    except Exception as exc:
        print(f"ftcomply: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(EXIT_ERROR)
