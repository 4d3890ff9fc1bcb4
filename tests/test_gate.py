"""The CI gate: waivers at their edges, the exit-code matrix, batches, baselines, annotations."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from support import AS_OF, DECLARED_EXAMPLE_PATHS, EXAMPLES, ROOT, run_cli

from ftcomply.errors import FtcomplyError
from ftcomply.models import Status
from ftcomply.pipeline import CheckOptions, run_check
from ftcomply.waivers import load_waivers

FAILING = str(EXAMPLES / "failing-multi-phase.yaml")
MINIMAL = str(EXAMPLES / "minimal-low.yaml")
JOB = "sales-agent-qlora"  # metadata.name of the failing example


def waiver(**overrides) -> dict:
    entry = {"id": "W-1", "control": "POST-EVAL-02", "jobs": ["sales-*"],
             "justification": "second benchmark not licensed until Q1",
             "approved_by": "jane.doe@example.com", "ticket": "SEC-1",
             "expires": "2026-12-31"}
    entry.update(overrides)
    return entry


def write_waivers(tmp_path: Path, *entries: dict) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(json.dumps({"waivers": list(entries)}, indent=2))
    return path


def run(catalog, *paths: str, **options):
    return run_check(catalog, CheckOptions(paths=paths, as_of=AS_OF, **options))


def result_of(report, control_id: str, job: str = JOB):
    document = next(d for d in report.documents if d.name == job)
    return next(r for r in document.results if r.control.id == control_id)


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({}, Status.WAIVED),
        ({"expires": "2026-11-26"}, Status.WAIVED),  # the expiry day itself still counts
        ({"expires": "2026-11-25"}, Status.FAIL),  # one day late: expired
        ({"jobs": ["support-*"]}, Status.FAIL),  # glob misses the job
        ({"jobs": ["sales-agent-qlora"]}, Status.WAIVED),  # exact name
        ({"control": "POST-EVAL-01"}, Status.FAIL),  # waives another control
    ],
    ids=["active", "expiry-day", "expired", "glob-miss", "exact", "wrong-control"],
)
def test_waiver_edges(catalog, tmp_path, overrides, status):
    waivers = load_waivers(write_waivers(tmp_path, waiver(**overrides)), catalog)
    report = run(catalog, FAILING, waivers=waivers)
    result = result_of(report, "POST-EVAL-02")
    assert result.status is status
    assert result.raw_status is Status.FAIL  # the raw result is kept beside the waived one
    assert (result.waiver is not None) == (status is Status.WAIVED)


def test_waivers_never_touch_passing_results(catalog, tmp_path):
    waivers = load_waivers(write_waivers(tmp_path, waiver(control="PRE-DATA-01",
                                                          jobs=["*"])), catalog)
    report = run(catalog, MINIMAL, waivers=waivers)
    assert result_of(report, "PRE-DATA-01", "intent-classifier").status is Status.PASS
    assert report.waivers[0].uses == 0  # reported as unused


def test_expired_waiver_is_a_finding_and_states_are_reported(catalog, tmp_path):
    waivers = load_waivers(write_waivers(
        tmp_path,
        waiver(id="W-expired", expires="2026-11-01"),
        waiver(id="W-soon", control="POST-BD-01", expires="2026-12-05"),
        waiver(id="W-unused", jobs=["nobody"], expires="2027-06-30"),
    ), catalog)
    report = run(catalog, FAILING, waivers=waivers)
    findings = [f.message for f in result_of(report, "POST-EVAL-02").findings]
    assert any("waiver W-expired expired on 2026-11-01" in m for m in findings)
    states = {s.waiver.id: s for s in report.waivers}
    assert states["W-expired"].expired and states["W-expired"].uses == 0
    assert states["W-soon"].expiring and states["W-soon"].days_left == 9
    assert states["W-soon"].uses == 1
    assert states["W-unused"].uses == 0 and not states["W-unused"].expiring


def test_waived_failures_do_not_fail_the_run(catalog, tmp_path):
    report = run(catalog, FAILING)
    failing = {r.control.id for d in report.documents for r in d.results
               if r.status is Status.FAIL}
    entries = [waiver(id=f"W-{i}", control=cid) for i, cid in enumerate(sorted(failing))]
    waived = run(catalog, FAILING, waivers=load_waivers(write_waivers(tmp_path, *entries),
                                                        catalog))
    assert report.exit_code == 1
    assert waived.exit_code == 0


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ({k: v for k, v in waiver().items() if k != "ticket"}, "missing required field 'ticket'"),
        (waiver(expires="soon"), '"soon" is not a date'),
        (waiver(expires="2026-02-30"), '"2026-02-30" is not a date'),
        (waiver(jobs=[]), "needs at least 1 item"),
        (waiver(control="NOPE-01"), "unknown control 'NOPE-01'"),
        (waiver(colour="red"), "unknown field 'colour'"),
    ],
)
def test_malformed_waivers_are_exit_2_with_line(catalog, tmp_path, entry, fragment):
    path = write_waivers(tmp_path, entry)
    with pytest.raises(FtcomplyError, match=fragment):
        load_waivers(path, catalog)
    result = run_cli("check", "--as-of", AS_OF, "--waivers", str(path), MINIMAL)
    assert result.returncode == 2
    assert f"{path}:" in result.stderr and "Traceback" not in result.stderr


def test_duplicate_waiver_ids_are_rejected(catalog, tmp_path):
    with pytest.raises(FtcomplyError, match="used twice"):
        load_waivers(write_waivers(tmp_path, waiver(), waiver()), catalog)


def test_exit_code_matrix(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("metadata: [")
    cases = [
        ((MINIMAL,), "low", 0),
        ((FAILING,), "low", 1),
        ((FAILING,), "critical", 1),
        ((MINIMAL, str(broken)), "low", 2),
        ((FAILING, str(broken)), "critical", 2),  # an error outranks any threshold
    ]
    for paths, threshold, expected in cases:
        result = run_cli("check", "--as-of", AS_OF, "--fail-on", threshold, *paths)
        assert result.returncode == expected, (paths, threshold, result.stderr)


def test_waivers_from_config_and_flag(tmp_path):
    path = write_waivers(tmp_path, waiver())
    config = tmp_path / "ftcomply.yaml"
    config.write_text(f"waivers: {path.name}\n")
    result = run_cli("check", "--as-of", AS_OF, "--format", "json", "--config", str(config),
                     FAILING)
    report = json.loads(result.stdout)
    statuses = {r["control_id"]: r for r in report["documents"][0]["results"]}
    assert statuses["POST-EVAL-02"]["status"] == "waived"
    assert statuses["POST-EVAL-02"]["waiver"]["id"] == "W-1"
    assert report["waivers"][0]["uses"] == 1


def make_batch(directory: Path, count: int) -> list[Path]:
    """`count` descriptors in nested folders, alternating passing and failing jobs."""
    sources = [(EXAMPLES / "minimal-low.yaml").read_text(),
               (EXAMPLES / "failing-multi-phase.yaml").read_text()]
    paths = []
    for i in range(count):
        text = sources[i % 2]
        text = text.replace("name: intent-classifier", f"name: job-{i:04d}")
        text = text.replace("name: sales-agent-qlora", f"name: job-{i:04d}")
        path = directory / f"team-{i % 7}" / f"job-{i:04d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


def test_batch_run_is_parallel_stable_and_survives_a_broken_file(catalog, tmp_path):
    paths = make_batch(tmp_path, 300)
    paths[137].write_text("apiVersion: ftcomply/v1\nkind: [unclosed\n")
    first = run(catalog, str(tmp_path), jobs=2)
    second = run(catalog, str(tmp_path), jobs=2)
    serial = run(catalog, str(tmp_path), jobs=1)
    assert first.exit_code == 2
    assert len(first.documents) == 300
    order = [(d.path, d.index) for d in first.documents]
    assert order == sorted(order)
    assert order == [(d.path, d.index) for d in second.documents]
    assert [d.status(first.info.fail_on) for d in first.documents] == [
        d.status(serial.info.fail_on) for d in serial.documents]
    assert first.documents == serial.documents  # every result and finding, not only statuses
    errors = [d for d in first.documents if d.errors]
    assert [d.path for d in errors] == [str(paths[137])]
    # every result refers to the run's own Control objects (memory grows with results only)
    controls = {id(c) for c in catalog.controls}
    assert all(id(r.control) in controls for d in first.documents for r in d.results)


def test_workers_reuse_the_checker_they_were_forked_with_or_compile_their_own(catalog):
    """Forked workers inherit the parent's compiled checker; a worker started afresh
    (spawn), or for other options, compiles one."""
    from ftcomply import pipeline as runner

    options = CheckOptions(paths=(), as_of=AS_OF)
    parent = runner.Checker(catalog, options)
    thresholds = gc.get_threshold()
    try:
        runner._worker_checker = parent
        runner._start_worker(catalog, options)
        assert runner._worker_checker is parent
        other = CheckOptions(paths=(), as_of="2026-01-01T00:00:00Z")
        runner._start_worker(catalog, other)
        assert runner._worker_checker is not parent and runner._worker_checker.options == other
    finally:  # what a worker process does to its collector, undone here
        runner._worker_checker = None
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def test_a_run_leaves_the_garbage_collector_as_it_found_it(catalog):
    """Batches tune the cycle collector; run_check is a library call and undoes it."""
    before = (gc.get_threshold(), gc.get_freeze_count())
    run_check(catalog, CheckOptions(paths=DECLARED_EXAMPLE_PATHS, as_of=AS_OF))
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_batch_through_the_cli(tmp_path):
    make_batch(tmp_path, 40)
    result = run_cli("check", "--as-of", AS_OF, "--format", "json", "--jobs", "2",
                     str(tmp_path))
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["summary"]["documents"] == 40
    assert "checked" not in result.stderr  # no progress bar when not on a terminal


def test_baseline_fails_only_on_new_failures(tmp_path):
    baseline = tmp_path / "baseline.json"
    first = run_cli("check", "--as-of", AS_OF, "--report", f"json={baseline}", FAILING)
    assert first.returncode == 1
    # Same failures, file moved and renamed: matched by job name, not by file.
    moved = tmp_path / "elsewhere" / "renamed.yaml"
    moved.parent.mkdir()
    moved.write_text(Path(FAILING).read_text())
    again = run_cli("check", "--as-of", AS_OF, "--format", "json", "--baseline", str(baseline),
                    str(moved))
    report = json.loads(again.stdout)
    assert again.returncode == 0, again.stdout
    assert report["summary"]["baselined"] > 0
    # A new failure (another control) fails the run again.
    worse = moved.read_text().replace("    verified: false                   # DUR-IF-01",
                                      "    verified: false\n    x-token: hf_" + "a" * 34)
    worse = worse.replace("  model_card_reviewed: false          # PRE-MODEL-04",
                          "  model_card_reviewed: false\n  x-api-key: sk-" + "b" * 30)
    moved.write_text(worse)
    new = run_cli("check", "--as-of", AS_OF, "--format", "json", "--baseline", str(baseline),
                  str(moved))
    assert new.returncode == 1
    fresh = [r for r in json.loads(new.stdout)["documents"][0]["results"]
             if r["status"] == "fail" and not r["baselined"]]
    assert [r["control_id"] for r in fresh] == ["DUR-ENV-02"]


def test_baseline_must_be_a_json_report(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{")
    result = run_cli("check", "--as-of", AS_OF, "--baseline", str(bad), MINIMAL)
    assert result.returncode == 2 and "baseline is not JSON" in result.stderr


def test_github_annotations(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n")
    env_run = run_cli_env({"GITHUB_STEP_SUMMARY": str(summary)}, "check", "--as-of", AS_OF,
                          "--format", "github", FAILING)
    assert env_run.returncode == 1
    lines = env_run.stdout.splitlines()
    dataset = Path(FAILING).read_text().splitlines().index(
        "  - name: scraped-forum-threads") + 1  # PRE-DATA-01 points at /datasets/0
    assert any(line.startswith(f"::error file={FAILING},line={dataset},col=5,"
                               "title=PRE-DATA-01 ") for line in lines)
    assert all(line.startswith(("::error ", "::warning ", "::notice ", "ftcomply: "))
               for line in lines)
    assert summary.read_text().startswith("previous step\n")
    assert "ftcomply" in summary.read_text().splitlines()[1]


def test_github_escaping():
    from ftcomply.output.github import _command

    line = _command("error", "50% bad\nnext", "a,b:c.yaml", 3, None, "T: x, y")
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,title=T%3A x%2C y::50%25 bad%0Anext"


def run_cli_env(env: dict[str, str], *args: str):
    import os
    import subprocess
    import sys


    return subprocess.run([sys.executable, "-m", "ftcomply", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **env}, timeout=60)


# --- baselines: keyed on the finding's message too -------------------------------------

def write_report(report, path: Path) -> Path:
    from ftcomply.output.json import report_dict

    path.write_text(json.dumps(report_dict(report)))
    return path


def without_approvals(text: str) -> str:
    start = text.index("approvals:\n")
    return text[:start] + "approvals: []\n"


def test_baseline_does_not_absorb_a_changed_finding_at_the_same_pointer(catalog, tmp_path):
    """GOV-APR-01 reports every missing role at /approvals: removing the one approval left
    adds a finding at the same pointer, which the old (job, control, pointer) key absorbed."""
    from ftcomply.baseline import load_baseline

    baseline = load_baseline(write_report(run(catalog, FAILING), tmp_path / "baseline.json"))
    job = tmp_path / "job.yaml"
    job.write_text(Path(FAILING).read_text())
    same = run(catalog, str(job), baseline=baseline)
    assert same.exit_code == 0 and result_of(same, "GOV-APR-01").baselined
    job.write_text(without_approvals(Path(FAILING).read_text()))
    worse = run(catalog, str(job), baseline=baseline)
    approvals = result_of(worse, "GOV-APR-01")
    assert {f.pointer for f in approvals.findings} == {"/approvals"}
    assert any('"model-owner"' in f.message for f in approvals.findings)
    assert approvals.status is Status.FAIL and not approvals.baselined
    assert worse.exit_code == 1
    # A different failure at the same pointer: another format at /base_model/format.
    job.write_text(Path(FAILING).read_text().replace("format: pytorch-pickle", "format: pickle"))
    changed = run(catalog, str(job), baseline=baseline)
    assert not result_of(changed, "PRE-MODEL-03").baselined and changed.exit_code == 1


def test_baseline_does_not_absorb_a_pickle_where_a_format_was_missing(tmp_path):
    """The issue's case: an adapter without a declared format is baselined; its file then
    becomes an os.system pickle, a new finding at the same pointer /adapters/0."""
    import hashlib
    import os
    import pickle

    import numpy as np
    from safetensors.numpy import save_file

    class Exploit:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    adapter = tmp_path / "adapter.bin"
    save_file({"lora_A": np.zeros((4, 2), dtype=np.float32)}, str(adapter))
    job = tmp_path / "job.yaml"
    job.write_text(Path(MINIMAL).read_text() + (
        "adapters:\n  - name: intents-lora\n    uri: adapter.bin\n"
        f"    sha256: {digest(adapter)}\n    source: internal\n"
        "    base_model_revision: v3.2.0\n    signature: {method: sigstore, verified: true}\n"))
    baseline = tmp_path / "baseline.json"
    first = run_cli("check", "--as-of", AS_OF, "--no-config", "--verify",
                    "--report", f"json={baseline}", str(job))
    assert first.returncode == 1
    accepted = run_cli("check", "--as-of", AS_OF, "--no-config", "--verify",
                       "--baseline", str(baseline), str(job))
    assert accepted.returncode == 0, accepted.stdout
    old = digest(adapter)
    adapter.write_bytes(pickle.dumps(Exploit()))
    job.write_text(job.read_text().replace(old, digest(adapter)))
    result = run_cli("check", "--as-of", AS_OF, "--no-config", "--verify", "--format", "json",
                     "--baseline", str(baseline), str(job))
    model = next(r for r in json.loads(result.stdout)["documents"][0]["results"]
                 if r["control_id"] == "PRE-MODEL-03")
    assert any("system" in f["message"] for f in model["findings"])
    assert {f["path"] for f in model["findings"]} == {"/adapters/0"}
    assert model["status"] == "fail" and not model["baselined"]
    assert result.returncode == 1


def test_baseline_findings_need_a_message(tmp_path):
    """A report whose findings carry no message cannot key a baseline: an error, exit 2."""
    from ftcomply.baseline import load_baseline

    old = tmp_path / "old.json"
    old.write_text(json.dumps({"documents": [{"name": JOB, "results": [
        {"control_id": "PRE-DATA-01", "status": "fail", "findings": [{"path": "/datasets/0"}]}
    ]}]}))
    with pytest.raises(FtcomplyError, match=r"findings\[\]\.path and \.message"):
        load_baseline(old)


def test_waiver_notes_do_not_unbaseline_a_failure(catalog, tmp_path):
    """An expired or partial waiver appends a note to a baselined failure; the note is not
    a failure, so the result stays baselined (and the run passes as before)."""
    from ftcomply.baseline import load_baseline

    baseline = load_baseline(write_report(run(catalog, FAILING), tmp_path / "baseline.json"))
    waivers = load_waivers(write_waivers(
        tmp_path,
        waiver(id="W-expired", expires="2026-11-01"),
        waiver(id="W-part", control="PRE-DATA-04", paths=["/datasets/1"]),
    ), catalog)
    report = run(catalog, FAILING, waivers=waivers, baseline=baseline)
    for control, note in (("POST-EVAL-02", "W-expired expired"), ("PRE-DATA-04", "W-part")):
        result = result_of(report, control)
        assert any(note in f.message for f in result.findings)
        assert result.status is Status.FAIL and result.baselined
    assert report.exit_code == 0


# --- waivers scoped by paths -----------------------------------------------------------

def moderation_job(tmp_path: Path, *, new_dataset: bool) -> str:
    """The failing example with dataset 0's moderation scan clean: PRE-DATA-04 fails only
    for dataset 1 (no moderation scan yet); `new_dataset` adds a dataset 2 flagged 0.9."""
    text = Path(FAILING).read_text().replace("flagged_ratio: 0.031", "flagged_ratio: 0.0")
    if new_dataset:
        text = text.replace("training:", (
            "  - name: partner-chats\n    role: train\n"
            "    uri: s3://growth/partner-chats.jsonl\n"
            "    sha256: 1a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9\n"
            "    license: proprietary\n    languages: [en]\n    classification: confidential\n"
            "    provenance: {origin: internal, collected_at: 2026-10-01}\n"
            "    scans:\n      moderation: {tool: llama-guard-3, tool_version: '3.1', "
            "run_at: '2026-11-20T00:00:00Z', flagged_ratio: 0.9}\n"
            "training:"), 1)
    path = tmp_path / ("new.yaml" if new_dataset else "job.yaml")
    path.write_text(text)
    return str(path)


def test_a_scoped_waiver_does_not_waive_a_new_dataset(catalog, tmp_path):
    scoped = waiver(id="W-scan", control="PRE-DATA-04", paths=["/datasets/1"])
    waivers = load_waivers(write_waivers(tmp_path, scoped), catalog)
    before = result_of(run(catalog, moderation_job(tmp_path, new_dataset=False),
                           waivers=waivers), "PRE-DATA-04")
    assert before.status is Status.WAIVED and before.waiver.paths == ("/datasets/1",)
    assert not before.waiver.unscoped
    report = run(catalog, moderation_job(tmp_path, new_dataset=True), waivers=waivers)
    after = result_of(report, "PRE-DATA-04")
    assert after.status is Status.FAIL and after.waiver is None
    note = after.findings[-1]
    assert note.message.startswith("waiver W-scan (ticket SEC-1) covers the finding(s) at "
                                   "/datasets/1 but not at "
                                   "/datasets/2/scans/moderation/flagged_ratio")
    assert note.location == waivers[0].location
    assert report.waivers[0].uses == 0  # it waived nothing
    # The same waiver unscoped still waives the whole control, and says it is unscoped.
    unscoped = load_waivers(write_waivers(tmp_path, waiver(id="W-scan", control="PRE-DATA-04")),
                            catalog)
    wide = result_of(run(catalog, moderation_job(tmp_path, new_dataset=True),
                         waivers=unscoped), "PRE-DATA-04")
    assert wide.status is Status.WAIVED and wide.waiver.unscoped


@pytest.mark.parametrize(
    ("paths", "status"),
    [
        (["/datasets/**"], Status.WAIVED),
        (["/datasets/1", "/datasets/2/*/*/*"], Status.WAIVED),
        (["/datasets/1", "/datasets/*/scans/moderation/flagged_ratio"], Status.WAIVED),
        (["/datasets/*"], Status.FAIL),  # * is one segment: not /datasets/2/scans/...
        (["/datasets/2/**"], Status.FAIL),  # covers dataset 2 only
        (["/base_model"], Status.FAIL),  # covers no finding: no note either
    ],
)
def test_scoped_waiver_paths(catalog, tmp_path, paths, status):
    waivers = load_waivers(write_waivers(tmp_path, waiver(control="PRE-DATA-04", paths=paths)),
                           catalog)
    result = result_of(run(catalog, moderation_job(tmp_path, new_dataset=True),
                           waivers=waivers), "PRE-DATA-04")
    assert result.status is status
    notes = [f for f in result.findings if f.message.startswith("waiver W-1 ")]
    assert len(notes) == (status is Status.FAIL and paths != ["/base_model"])


def test_a_waiver_covering_the_whole_result_wins_over_a_partial_one(catalog, tmp_path):
    waivers = load_waivers(write_waivers(
        tmp_path,
        waiver(id="W-part", control="PRE-DATA-04", paths=["/datasets/1"]),
        waiver(id="W-wide", control="PRE-DATA-04"),
        waiver(id="W-all", control="PRE-DATA-04", paths=["/datasets/**"]),
    ), catalog)
    result = result_of(run(catalog, moderation_job(tmp_path, new_dataset=True),
                           waivers=waivers), "PRE-DATA-04")
    assert result.status is Status.WAIVED and result.waiver.id == "W-all"  # scoped first


@pytest.mark.parametrize(
    ("pattern", "pointer", "matches"),
    [
        ("/datasets/1", "/datasets/1", True),
        ("/datasets/1", "/datasets/1/scans", False),  # no implicit subtree
        ("/datasets/1", "/datasets/10", False),
        ("/datasets/1/*", "/datasets/1/scans", True),
        ("/datasets/1/*", "/datasets/1", False),
        ("/datasets/1/*", "/datasets/1/scans/pii", False),
        ("/datasets/1/**", "/datasets/1", True),
        ("/datasets/1/**", "/datasets/1/scans/pii/action", True),
        ("/datasets/*/scans/poisoning", "/datasets/3/scans/poisoning", True),
        ("/datasets/*/scans/poisoning", "/datasets/3/scans/poisoning/flagged_ratio", False),
        ("/**/uri", "/datasets/1/uri", True),
        ("/**/uri", "/uri", True),
        ("/x-*/a~1b", "/x-team/a~1b", True),  # escaped tokens compare as written
        ("/data*s*", "/datasets", True),
        ("/data*s*", "/dat", False),
        ("", "", True),
        ("", "/datasets", False),
        ("/**", "", True),
    ],
)
def test_path_globs(pattern, pointer, matches):
    from ftcomply.waivers import path_matches

    assert path_matches(pattern, pointer) is matches


def test_path_globs_do_not_backtrack():
    import time

    from ftcomply.waivers import path_matches

    pointer = "/" + "/".join(["a"] * 2000) + "/b"
    pattern = "/**/a*a*a*a*a*c/**/**/x" * 3
    start = time.perf_counter()
    assert not path_matches(pattern, pointer)
    assert not path_matches("/" + "*a" * 50 + "c", "/" + "a" * 5000)
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    ("paths", "fragment"),
    [
        ([], "needs at least 1 item"),
        (["datasets/1"], "datasets/1"),
        (["/datasets/**x"], '"\\*\\*" stands for whole segments only'),
        (["/a", "/a"], "unique"),
    ],
)
def test_malformed_waiver_paths_are_errors(catalog, tmp_path, paths, fragment):
    path = write_waivers(tmp_path, waiver(paths=paths))
    with pytest.raises(FtcomplyError, match=fragment) as caught:
        load_waivers(path, catalog)
    assert all(e.location.line for e in caught.value.errors)


def test_reports_mark_unscoped_waivers(tmp_path):
    path = write_waivers(tmp_path, waiver(),
                         waiver(id="W-2", control="POST-BD-01", paths=["/evaluation/**"]))
    result = run_cli("check", "--as-of", AS_OF, "--no-config", "--format", "json",
                     "--waivers", str(path), FAILING)
    report = json.loads(result.stdout)
    states = {w["id"]: w for w in report["waivers"]}
    assert states["W-1"]["unscoped"] is True and states["W-1"]["paths"] == []
    assert states["W-2"]["unscoped"] is False and states["W-2"]["paths"] == ["/evaluation/**"]
    results = {r["control_id"]: r for r in report["documents"][0]["results"]}
    assert results["POST-EVAL-02"]["waiver"]["unscoped"] is True
    assert results["POST-BD-01"]["status"] == "waived"
    assert results["POST-BD-01"]["waiver"]["unscoped"] is False
    text = run_cli("check", "--as-of", AS_OF, "--no-config", "--no-color",
                   "--waivers", str(path), FAILING).stdout
    assert "waived POST-EVAL-02 by W-1 (approved by jane.doe@example.com, expires " \
           "2026-12-31, unscoped)" in text
    assert "waived POST-BD-01 by W-2 (approved by jane.doe@example.com, expires " \
           "2026-12-31)" in text
