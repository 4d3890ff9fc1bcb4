"""Which files a check reads: directory searches, symlinks, and report files."""

from __future__ import annotations

import json
import os
import shutil

from support import AS_OF, EXAMPLES, run_cli

MINIMAL = EXAMPLES / "minimal-low.yaml"


def repository(tmp_path):
    """A working tree as CI sees it: jobs beside tool state and other YAML files."""
    (tmp_path / "jobs").mkdir()
    shutil.copy(MINIMAL, tmp_path / "jobs" / "job.yaml")
    for folder in (".venv/lib", ".github/workflows", "venv-custom", "node_modules/x"):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(MINIMAL, tmp_path / folder / "copy.yaml")
    (tmp_path / "venv-custom" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "kubernetes.yaml").write_text("apiVersion: v1\nkind: Service\n")
    (tmp_path / "bench.json").write_text('{"results": []}')
    return tmp_path


def test_a_directory_search_takes_only_descriptors_and_counts_the_rest(tmp_path):
    root = repository(tmp_path)
    done = run_cli("check", ".", "--as-of", AS_OF, "-f", "json", cwd=root)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [d["path"] for d in report["documents"]] == ["jobs/job.yaml"]
    assert report["summary"]["skipped"] == 2  # deploy/kubernetes.yaml and bench.json


def test_a_job_with_a_wrong_api_version_is_an_error_never_skipped(tmp_path):
    text = MINIMAL.read_text().replace("apiVersion: ftcomply/v1", "apiVersion: acme/v1")
    (tmp_path / "job.yaml").write_text(text)
    done = run_cli("check", str(tmp_path), "--as-of", AS_OF)
    assert done.returncode == 2
    assert "apiVersion" in done.stderr


def test_a_directory_without_descriptors_exits_2(tmp_path):
    (tmp_path / "values.yaml").write_text("replicas: 2\n")
    done = run_cli("check", str(tmp_path), "--as-of", AS_OF)
    assert done.returncode == 2
    assert "holds no ftcomply descriptor" in done.stderr


def test_named_files_are_checked_unless_descriptors_only(tmp_path):
    other = tmp_path / "values.yaml"
    other.write_text("replicas: 2\n")
    assert run_cli("check", str(other), "--as-of", AS_OF).returncode == 2
    done = run_cli("check", str(other), str(MINIMAL), "--descriptors-only", "--as-of", AS_OF,
                   "-f", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["skipped"] == 1
    assert len(report["documents"]) == 1


def test_a_symlink_out_of_the_directory_is_not_read(tmp_path):
    secret = tmp_path / "home" / ".git-credentials"
    secret.parent.mkdir()
    secret.write_text("https://user:ghp_0123456789abcdefghijklmnopqrstuvwxyzAB@github.com\n")
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    shutil.copy(MINIMAL, jobs / "job.yaml")
    (jobs / "creds.yaml").symlink_to(secret)
    done = run_cli("check", str(jobs), "--as-of", AS_OF, "-f", "json")
    assert done.returncode == 2
    assert "outside" in done.stderr
    assert "ghp_" not in done.stdout + done.stderr


def test_a_scalar_document_is_never_quoted_in_an_error(tmp_path):
    path = tmp_path / "creds.yaml"
    path.write_text("https://user:hunter2@example.com\n")
    done = run_cli("check", str(path), "--as-of", AS_OF)
    assert done.returncode == 2
    assert "hunter2" not in done.stdout + done.stderr


def test_a_report_path_that_is_a_symlink_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.sh"
    victim.write_text("#!/bin/sh\necho safe\n")
    link = tmp_path / "ftcomply.txt"
    link.symlink_to(victim)
    done = run_cli("check", str(MINIMAL), "--as-of", AS_OF, "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "#!/bin/sh\necho safe\n"
    assert not link.is_symlink() and "PASS" in link.read_text()


def test_dev_stdout_is_written_through_when_stdout_is_a_file(tmp_path):
    out = tmp_path / "captured.txt"
    with out.open("w") as handle:
        import subprocess
        import sys

        from support import ROOT
        subprocess.run([sys.executable, "-m", "ftcomply", "check", str(MINIMAL), "--as-of",
                        AS_OF, "-o", "/dev/stdout"], stdout=handle, cwd=ROOT, check=True,
                       timeout=60)
    assert "verdict: PASS" in out.read_text()
    assert os.path.exists("/dev/stdout")


def test_a_file_name_that_is_not_utf8_is_refused_in_every_format(tmp_path):
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    shutil.copy(MINIMAL, jobs / "job.yaml")
    (jobs / os.fsdecode(b"bad\xff.yaml")).write_text(MINIMAL.read_text())
    for fmt in ("sarif", "json", "junit", "markdown", "html", "oscal", "text"):
        done = run_cli("check", str(jobs), "--as-of", AS_OF, "-f", fmt)
        assert done.returncode == 2, (fmt, done.stderr)
        assert "internal error" not in done.stderr, fmt
        assert "not valid UTF-8" in done.stderr
