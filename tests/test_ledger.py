"""The audit ledger: check --record, serve --record, history list / verify, on SQLite and on
a real PostgreSQL server (a throwaway cluster this module starts; skipped, with the reason,
only where none can be started)."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import itertools
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from support import AS_OF, EXAMPLES, ROOT

from ftcomply import ledger as ledgers
from ftcomply.ledger import GENESIS, Ledger, LedgerError, Runner

FAILING = str(EXAMPLES / "failing-multi-phase.yaml")
COMPLIANT = str(EXAMPLES / "compliant-high-lora.yaml")
MINIMAL = str(EXAMPLES / "minimal-low.yaml")
CI_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_ACTOR", "GITHUB_TRIGGERING_ACTOR", "GITHUB_RUN_ID",
                "GITHUB_RUN_ATTEMPT", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITLAB_CI",
                "GITLAB_USER_LOGIN", "CI_JOB_ID", "CI_JOB_URL", "BUILDKITE", "CIRCLECI",
                "TF_BUILD", "JENKINS_URL", "BITBUCKET_BUILD_NUMBER", "CI")


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in CI_VARIABLES}
    return subprocess.run([sys.executable, "-m", "ftcomply", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=timeout,
                          env={**base, **(env or {})})


def sample_row(job: str = "job-a", verdict: str = "pass") -> dict:
    """A row as document_rows() makes it (no place in the chain yet)."""
    return {
        "format": 1, "as_of": AS_OF, "source": "check", "tool_version": "0.1.0",
        "job": job, "document": f"jobs/{job}.yaml", "descriptor_sha256": "sha256:" + "a" * 64,
        "stage": "pre-deployment", "fail_on": "low", "verdict": verdict,
        "failing": ledgers.jcs(["PRE-DATA-01"] if verdict == "fail" else []),
        "waived": "[]", "baselined": "[]", "catalog_version": "1.0.0",
        "catalog_digest": "sha256:" + "b" * 64, "parameters_digest": "sha256:" + "c" * 64,
        "report_sha256": "sha256:" + "d" * 64, "attestation_sha256": None,
        "ci_provider": "local", "actor": "tester", "run_id": None, "run_url": None,
    }


# --- PostgreSQL: a throwaway cluster --------------------------------------------------------

def _pg_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server of its own (initdb + pg_ctl in a temporary directory; as root,
    run as the `postgres` user, since PostgreSQL refuses to run as root)."""
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL tests skipped: no initdb/pg_ctl (apt-get install postgresql)")
    pytest.importorskip("psycopg", reason="PostgreSQL tests skipped: psycopg not installed")
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="ftcomply-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base)
            pytest.skip("PostgreSQL tests skipped: running as root without a postgres user")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    try:
        subprocess.run([*prefix, initdb, "-D", str(data), "-U", "ftcomply", "--auth=trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True,
                       timeout=120)
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-l", str(base / "log"), "-w",
                        "-t", "60", "-o", f"-p {port} -c listen_addresses=127.0.0.1 "
                        f"-c unix_socket_directories={data} -c fsync=off", "start"],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL tests skipped: cannot start a server: {exc} "
                    f"{detail.decode(errors='replace')[-300:]}")
    try:
        yield f"postgresql://ftcomply@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


_databases = iter(range(1, 10_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    """A fresh, empty ledger URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    server = request.getfixturevalue("postgres_url")
    name = f"ledger{next(_databases)}"
    import psycopg

    with psycopg.connect(server.replace("postgresql://", "postgresql://", 1),
                         autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + f"/{name}"


def execute(url: str, statement: str) -> None:
    """Tamper with the ledger behind ftcomply's back."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


def filled(url: str, count: int = 5) -> list[dict]:
    with Ledger.open(url, create=True) as ledger:
        return ledger.append([sample_row(f"job-{i}", "fail" if i % 2 else "pass")
                              for i in range(count)])


# --- the canonical encoding -----------------------------------------------------------------

def test_row_hash_is_sha256_of_the_rfc8785_encoding_of_every_other_column():
    row = {**sample_row("jöb \"x\"\n"), "seq": 1, "recorded_at": "2026-11-26T00:00:00.000000Z",
           "prev_hash": GENESIS}
    # Written out by hand from docs/ledger.md: keys sorted, no whitespace, UTF-8, only
    # quote, backslash and control characters escaped.
    expected = (
        '{"actor":"tester","as_of":"2026-11-26T00:00:00Z","attestation_sha256":null,'
        '"baselined":"[]","catalog_digest":"sha256:' + "b" * 64 + '",'
        '"catalog_version":"1.0.0","ci_provider":"local","descriptor_sha256":"sha256:'
        + "a" * 64 + '","document":"jobs/jöb \\"x\\"\\n.yaml","fail_on":"low",'
        '"failing":"[]","format":1,"job":"jöb \\"x\\"\\n","parameters_digest":"sha256:'
        + "c" * 64 + '","prev_hash":"' + GENESIS + '","recorded_at":'
        '"2026-11-26T00:00:00.000000Z","report_sha256":"sha256:' + "d" * 64 + '",'
        '"run_id":null,"run_url":null,"seq":1,"source":"check","stage":"pre-deployment",'
        '"tool_version":"0.1.0","verdict":"pass","waived":"[]"}')
    assert ledgers.row_hash(row) == "sha256:" + hashlib.sha256(expected.encode()).hexdigest()
    assert ledgers.jcs(["a", {"b": None, "a": 1}]) == '["a",{"a":1,"b":null}]'
    with pytest.raises(TypeError):
        ledgers.jcs(1.5)


def test_text_every_backend_stores_alike():
    assert ledgers.clean_text("a\0b\ud800c") == "a\ufffdb\ufffdc"


def test_runner_from_ci_variables():
    github = ledgers.runner_from_environment({
        "GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "octocat", "GITHUB_RUN_ID": "42",
        "GITHUB_RUN_ATTEMPT": "2", "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "org/repo"})
    assert github == Runner("github-actions", "octocat", "42/2",
                            "https://github.com/org/repo/actions/runs/42/attempts/2")
    gitlab = ledgers.runner_from_environment({
        "GITLAB_CI": "true", "GITLAB_USER_LOGIN": "alice", "CI_JOB_ID": "7",
        "CI_JOB_URL": "https://gitlab.example/j/7", "CI": "true"})
    assert gitlab == Runner("gitlab-ci", "alice", "7", "https://gitlab.example/j/7")
    assert ledgers.runner_from_environment({"CI": "true"}).provider == "ci"
    assert ledgers.runner_from_environment({}).provider == "local"


# --- recording from check -------------------------------------------------------------------

def test_check_record_appends_a_row_per_document(tmp_path):
    db = tmp_path / "ledger.db"
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(json.dumps({"waivers": [{
        "id": "W-1", "control": "POST-EVAL-02", "jobs": ["sales-*"],
        "justification": "licence pending", "approved_by": "jane@example.com",
        "ticket": "SEC-1", "expires": "2026-12-31"}]}))
    report = tmp_path / "report.json"
    result = cli("check", "--as-of", AS_OF, "--waivers", str(waivers), "--record",
                 f"sqlite:///{db}", "--report", f"json={report}", "-f", "text", FAILING,
                 COMPLIANT, env={"GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "octocat",
                                 "GITHUB_RUN_ID": "99"})
    assert result.returncode == 1, result.stderr  # the check's own exit code
    match = re.search(r"recorded 2 decision\(s\) in \S+ as rows 1-2; head (sha256:\w+)",
                      result.stderr)
    assert match, result.stderr
    with Ledger.open(f"sqlite:///{db}") as ledger:
        rows = [ledgers.decoded(r) for r in ledger.rows()]
    assert [r["seq"] for r in rows] == [1, 2]
    failing, compliant = rows
    assert rows[-1]["row_hash"] == match.group(1)
    assert failing["job"] == "sales-agent-qlora" and failing["verdict"] == "fail"
    assert compliant["job"] == "support-bot-lora" and compliant["verdict"] == "pass"
    assert "PRE-DATA-01" in failing["failing"] and "POST-EVAL-02" not in failing["failing"]
    assert failing["waived"] == [{"control": "POST-EVAL-02", "waiver": "W-1",
                                  "expires": "2026-12-31"}]
    digest = "sha256:" + hashlib.sha256(report.read_bytes()).hexdigest()
    assert failing["report_sha256"] == compliant["report_sha256"] == digest
    body = json.loads(report.read_text())
    assert failing["catalog_digest"] == body["catalog"]["digest"]
    assert failing["parameters_digest"] == ledgers.parameters_digest(body["params"])
    assert failing["descriptor_sha256"] == "sha256:" + hashlib.sha256(
        Path(FAILING).read_bytes()).hexdigest()
    assert failing["stage"] == "pre-deployment" and failing["as_of"] == AS_OF
    assert (failing["ci_provider"], failing["actor"], failing["run_id"]) == (
        "github-actions", "octocat", "99")
    assert failing["attestation_sha256"] is None
    assert compliant["prev_hash"] == failing["row_hash"] and failing["prev_hash"] == GENESIS
    again = cli("check", "--as-of", AS_OF, "--record", f"sqlite:///{db}", "-q", MINIMAL)
    assert again.returncode == 0, again.stderr
    assert "recorded" not in again.stderr  # --quiet
    listed = cli("history", "verify", "--record", f"sqlite:///{db}")
    assert listed.returncode == 0 and "3 row(s), chain intact" in listed.stdout


def test_an_error_document_is_recorded_as_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: ftcomply/v1\nkind: FineTuningJob\nmetadata: {name: x}\n")
    result = cli("check", "--as-of", AS_OF, "--record", f"sqlite:///{tmp_path / 'l.db'}",
                 str(bad))
    assert result.returncode == 2
    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as ledger:
        (row,) = ledger.rows()
    assert row["verdict"] == "error" and row["job"] == "x"


def test_config_record_relative_to_the_config_file(tmp_path):
    (tmp_path / "sub").mkdir()
    config = tmp_path / "sub" / "ftcomply.yaml"
    config.write_text("record: sqlite:///decisions.db\n")
    result = cli("check", "--as-of", AS_OF, "--config", str(config), MINIMAL, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sub" / "decisions.db").exists()
    listed = cli("history", "list", "--config", str(config), "-f", "json")
    assert listed.returncode == 0, listed.stderr
    assert [r["job"] for r in json.loads(listed.stdout)["rows"]] == ["intent-classifier"]


@pytest.mark.parametrize("url", [
    "sqlite:////nonexistent-dir/ledger.db",
    "postgresql://nobody@127.0.0.1:1/none",
    "mysql://u@h/db",
    "sqlite://",
    "not a url",
], ids=["missing-dir", "unreachable-pg", "unsupported", "in-memory", "garbage"])
def test_an_unusable_ledger_is_exit_2_for_check(url):
    result = cli("check", "--as-of", AS_OF, "--record", url, MINIMAL)
    assert result.returncode == 2, result.stderr
    assert "ftcomply: error:" in result.stderr


def test_an_unreadable_ledger_is_exit_2(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    for args in (["check", "--as-of", AS_OF, MINIMAL], ["history", "list"],
                 ["history", "verify"]):
        result = cli(*args, "--record", f"sqlite:///{junk}")
        assert result.returncode == 2, (args, result.stdout, result.stderr)
    missing = cli("history", "verify", "--record", f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.returncode == 2 and "no ledger at" in missing.stderr
    assert not (tmp_path / "none.db").exists()  # reading never creates a ledger
    empty = tmp_path / "empty.db"
    empty.touch()
    assert cli("history", "list", "--record", f"sqlite:///{empty}").returncode == 2
    nothing = cli("history", "list", "--no-config")
    assert nothing.returncode == 2 and "no ledger" in nothing.stderr


def test_passwords_stay_out_of_messages():
    result = cli("check", "--as-of", AS_OF, "--record",
                 "postgresql://user:s3cret@127.0.0.1:1/db", MINIMAL)
    assert result.returncode == 2 and "s3cret" not in result.stderr + result.stdout


# --- verification ---------------------------------------------------------------------------

def verify(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli("history", "verify", "--record", url, *extra)


def test_an_intact_chain_verifies(url):
    rows = filled(url)
    result = verify(url, "--head", rows[-1]["row_hash"])
    assert result.returncode == 0, result.stderr
    assert f"5 row(s), chain intact; head {rows[-1]['row_hash']}" in result.stdout
    assert verify(url, "--head", rows[2]["row_hash"]).returncode == 0  # an older head
    empty = url.replace("ledger.db", "empty.db") if url.startswith("sqlite") else None
    if empty:
        Ledger.open(empty, create=True).close()
        assert verify(empty).returncode == 0


def test_an_altered_row_is_named(url):
    filled(url)
    execute(url, "UPDATE ftcomply_ledger SET verdict = 'pass' WHERE seq = 2")
    result = verify(url)
    assert result.returncode == 1
    assert "row 2: its content does not match its hash (altered)" in result.stderr


def test_an_altered_and_rehashed_row_breaks_the_next_link(url):
    rows = filled(url)
    changed = {**rows[1], "verdict": "pass"}
    changed["row_hash"] = ledgers.row_hash(changed)
    execute(url, f"UPDATE ftcomply_ledger SET verdict = 'pass', row_hash = "
                 f"'{changed['row_hash']}' WHERE seq = 2")
    result = verify(url)
    assert result.returncode == 1
    assert "row 3: its prev_hash does not match the hash of row 2" in result.stderr


def test_a_removed_row_is_named(url):
    filled(url)
    execute(url, "DELETE FROM ftcomply_ledger WHERE seq = 3")
    result = verify(url)
    assert result.returncode == 1 and "row 4: row 3 missing (removed)" in result.stderr


def test_reordered_rows_are_named(url):
    filled(url)
    execute(url, "UPDATE ftcomply_ledger SET seq = -seq WHERE seq IN (2, 3)")
    execute(url, "UPDATE ftcomply_ledger SET seq = 5 + seq WHERE seq IN (-2, -3)")  # swap
    result = verify(url)
    assert result.returncode == 1 and "row 2:" in result.stderr


def test_removing_the_newest_rows_needs_the_head_to_hide_and_head_catches_it(url):
    rows = filled(url)
    execute(url, "DELETE FROM ftcomply_ledger WHERE seq >= 4")
    result = verify(url)  # the head row still names row 5
    assert result.returncode == 1 and "the ledger's head names row 5" in result.stderr
    execute(url, f"UPDATE ftcomply_ledger_head SET seq = 3, row_hash = "
                 f"'{rows[2]['row_hash']}'")  # a careful tamperer
    assert verify(url).returncode == 0
    kept = verify(url, "--head", rows[-1]["row_hash"])
    assert kept.returncode == 1
    assert f"the expected head {rows[-1]['row_hash']} is not in the ledger" in kept.stderr
    assert verify(url, "--head", "sha256:zz").returncode == 2  # not a hash: usage error


def test_appends_refuse_a_ledger_whose_head_disagrees(url):
    filled(url)
    execute(url, "DELETE FROM ftcomply_ledger WHERE seq = 5")
    with Ledger.open(url, create=True) as ledger, pytest.raises(LedgerError, match="head"):
        ledger.append([sample_row()])


# --- concurrency ----------------------------------------------------------------------------

APPENDER = """
import sys
sys.path.insert(0, sys.argv[3])
from test_ledger import sample_row
from ftcomply.ledger import Ledger
with Ledger.open(sys.argv[1], create=True) as ledger:
    for i in range(int(sys.argv[2])):
        ledger.append([sample_row(f"proc-{i}"), sample_row(f"proc-{i}-b")])
"""


def test_concurrent_writers_keep_one_chain(url):
    processes, per_process, threads, per_thread = 4, 10, 4, 10
    children = [subprocess.Popen([sys.executable, "-c", APPENDER, url, str(per_process),
                                  str(ROOT / "tests")], stderr=subprocess.PIPE)
                for _ in range(processes)]
    errors: list[BaseException] = []
    shared = Ledger.open(url, create=True)  # as the service's threads share one

    def append(own: bool) -> None:
        try:
            with contextlib.ExitStack() as stack:
                ledger = stack.enter_context(Ledger.open(url, create=True)) if own else shared
                for i in range(per_thread):
                    ledger.append([sample_row(f"thread-{i}")])
        except BaseException as exc:  # reported below
            errors.append(exc)

    workers = [threading.Thread(target=append, args=(n % 2 == 0,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    shared.close()
    for child in children:
        _, stderr = child.communicate(timeout=120)
        assert child.returncode == 0, stderr.decode()
    assert not errors, errors
    with Ledger.open(url) as ledger:
        check = ledger.verify()
        rows = list(ledger.rows())
    assert check.ok, check.problem
    assert check.rows == len(rows) == processes * per_process * 2 + threads * per_thread
    # A run's documents are appended together: the two rows of one append are adjacent.
    for row, following in itertools.pairwise(rows):
        if row["job"].startswith("proc-") and not row["job"].endswith("-b"):
            assert following["job"] == row["job"] + "-b"


# --- history list ---------------------------------------------------------------------------

def test_history_list_filters_and_formats(tmp_path):
    url = f"sqlite:///{tmp_path / 'l.db'}"
    with Ledger.open(url, create=True) as ledger:
        ledger.append([sample_row("old")], now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        ledger.append([sample_row("<script>alert(1)</script>", "fail")],
                      now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
        ledger.append([sample_row("old", "fail")], now=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    text = cli("history", "list", "--record", url)
    assert text.returncode == 0 and len(text.stdout.splitlines()) == 3
    assert "#3  2026-07-01T00:00:00.000000Z  fail" in text.stdout
    one = json.loads(cli("history", "list", "old", "--record", url, "-f", "json").stdout)
    assert [r["seq"] for r in one["rows"]] == [1, 3]
    assert one["rows"][1]["failing"] == ["PRE-DATA-01"]
    recent = json.loads(cli("history", "list", "--since", "2026-06-01", "--record", url,
                            "-f", "json").stdout)
    assert [r["seq"] for r in recent["rows"]] == [2, 3]
    assert cli("history", "list", "--since", "June", "--record", url).returncode == 2
    assert cli("history", "list", "--record", url, "-f", "xml").returncode == 2


def test_history_html_is_a_portfolio(tmp_path):
    url = f"sqlite:///{tmp_path / 'l.db'}"
    soon = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=5)).isoformat()
    later = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=300)).isoformat()
    with Ledger.open(url, create=True) as ledger:
        ledger.append([sample_row("alpha", "fail"), sample_row("beta", "pass")])
        ledger.append([{**sample_row("<b>evil</b>", "fail"), "waived": ledgers.jcs([
            {"control": "POST-EVAL-02", "waiver": "W-SOON", "expires": soon},
            {"control": "POST-EVAL-03", "waiver": "W-LATER", "expires": later}])}])
        ledger.append([sample_row("alpha", "pass")])  # alpha's latest decision passes
    out = tmp_path / "history.html"
    result = cli("history", "list", "--record", url, "-f", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "<b>evil</b>" not in page and "&lt;b&gt;evil&lt;/b&gt;" in page
    assert "Chain intact: 4 row(s)" in page
    assert "2 pass · 1 fail · 0 error" in page
    failing = page.split('id="failing"')[1].split('id="waivers"')[0]
    assert "PRE-DATA-01" in failing and "alpha" not in failing  # only latest decisions
    waivers = page.split('id="waivers"')[1]
    assert "W-SOON" in waivers and "W-LATER" not in waivers
    execute(url, "UPDATE ftcomply_ledger SET verdict = 'pass' WHERE seq = 1")
    cli("history", "list", "--record", url, "-f", "html", "-o", str(out))
    assert "Chain broken" in out.read_text()


# --- the service ----------------------------------------------------------------------------

@contextlib.contextmanager
def serving(*args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "ftcomply", "serve", "--port", "0", "--decision-log",
         os.devnull, *args],
        stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 120
        base = None
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            found = re.search(r"serving on (http://\S+) ", line)
            if found:
                base = found.group(1)
                break
        assert base, "the service did not start"
        yield base, process
    finally:
        process.terminate()
        process.wait(30)


def test_serve_records_every_check(url):
    with serving("--record", url) as (base, _):
        for body in (Path(FAILING).read_bytes(), Path(MINIMAL).read_bytes(), b"{]"):
            answer = requests.post(f"{base}/v1/check?as_of={AS_OF}", data=body,
                                   headers={"Content-Type": "application/yaml"}, timeout=60)
            assert answer.status_code in (200, 422)
        last = requests.post(f"{base}/v1/check?as_of={AS_OF}", data=Path(MINIMAL).read_bytes(),
                             timeout=60)
    with Ledger.open(url) as ledger:
        rows = list(ledger.rows())
        assert ledger.verify().ok
    assert [r["verdict"] for r in rows] == ["fail", "pass", "error", "pass"]
    assert {r["source"] for r in rows} == {"serve"}
    assert rows[0]["ci_provider"] == "ftcomply-serve" and rows[0]["actor"] == "anonymous"
    assert rows[-1]["report_sha256"] == "sha256:" + hashlib.sha256(last.content).hexdigest()
    assert rows[-1]["run_id"] == last.headers["X-Request-Id"]


def test_serve_refuses_to_start_without_its_ledger():
    result = cli("serve", "--port", "0", "--record", "sqlite:////nonexistent-dir/l.db",
                 timeout=60)
    assert result.returncode == 2 and "ledger" in result.stderr


def test_serve_answers_503_when_the_ledger_fails(tmp_path):
    db = tmp_path / "l.db"
    with serving("--record", f"sqlite:///{db}") as (base, _):
        execute(f"sqlite:///{db}", "DROP TABLE ftcomply_ledger")
        answer = requests.post(f"{base}/v1/check?as_of={AS_OF}",
                               data=Path(MINIMAL).read_bytes(), timeout=60)
    assert answer.status_code == 503
    assert answer.json()["code"] == "ledger_unavailable"
    assert "X-Ftcomply-Verdict" not in answer.headers


def test_an_intoto_report_fills_the_attestation_digest(tmp_path):
    db, attestations = tmp_path / "l.db", tmp_path / "job.intoto.jsonl"
    result = cli("check", "--as-of", AS_OF, "--record", f"sqlite:///{db}", "--report",
                 f"intoto={attestations}", "-q", FAILING, COMPLIANT)
    assert result.returncode == 1, result.stderr
    payloads = [base64.b64decode(json.loads(line)["payload"])
                for line in attestations.read_text().splitlines()]
    with Ledger.open(f"sqlite:///{db}") as ledger:
        rows = list(ledger.rows())
    assert [r["attestation_sha256"] for r in rows] == [
        "sha256:" + hashlib.sha256(p).hexdigest() for p in payloads]
    assert all(json.loads(p)["predicate"] for p in payloads)


def test_check_records_on_every_backend(url):
    first = cli("check", "--as-of", AS_OF, "--record", url, FAILING, MINIMAL)
    assert first.returncode == 1, first.stderr
    second = cli("check", "--as-of", AS_OF, "--record", url, COMPLIANT)
    assert second.returncode == 0, second.stderr
    head = re.search(r"head (sha256:\w+)", second.stderr).group(1)
    listed = json.loads(cli("history", "list", "--record", url, "-f", "json").stdout)
    assert [(r["seq"], r["job"], r["verdict"]) for r in listed["rows"]] == [
        (1, "sales-agent-qlora", "fail"), (2, "intent-classifier", "pass"),
        (3, "support-bot-lora", "pass")]
    assert verify(url, "--head", head).returncode == 0


def test_any_text_round_trips_with_its_hash(url):
    odd = "jöb ☃ \u2028 \U0001d11e \"q\" \\ \x1f \x7f"
    with Ledger.open(url, create=True) as ledger:
        stored = ledger.append([{**sample_row(odd), "actor": ledgers.clean_text("a\0b\ud800")}])
        (row,) = ledger.rows()
        assert ledger.verify().ok
    assert row["job"] == odd and row["actor"] == "a\ufffdb\ufffd"
    assert row["row_hash"] == stored[0]["row_hash"] == ledgers.row_hash(row)


def test_a_writer_with_append_only_grants_can_record(postgres_url):
    import psycopg

    server = postgres_url.rsplit("/", 1)[0]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE grants")
    admin = f"{server}/grants"
    Ledger.open(admin, create=True).close()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE ROLE ci_writer LOGIN")
        conn.execute("GRANT SELECT, INSERT ON ftcomply_ledger TO ci_writer")
        conn.execute("GRANT SELECT, UPDATE ON ftcomply_ledger_head TO ci_writer")
    writer = admin.replace("//ftcomply@", "//ci_writer@")
    result = cli("check", "--as-of", AS_OF, "--record", writer, MINIMAL, COMPLIANT)
    assert result.returncode == 0, result.stderr
    assert verify(writer).returncode == 0
    with psycopg.connect(writer) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE ftcomply_ledger SET verdict = 'pass'")
