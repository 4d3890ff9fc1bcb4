"""A non-editable install must carry the policies, schemas and templates."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from support import AS_OF, EXAMPLES, ROOT


def test_wheel_ships_policies_schemas_and_templates_and_runs(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("ftcomply-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ftcomply/policies/catalog.json" in names
    assert "ftcomply/policies/pre-tuning/PRE-DATA-01.rego" in names
    assert "ftcomply/schemas/ftjob.v1.schema.json" in names
    assert "ftcomply/templates/starter.yaml" in names

    # Install the wheel alone into a fresh venv; borrow dependencies from this one.
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {"PYTHONPATH": sysconfig.get_paths()["purelib"], "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [str(python), "-c", "import ftcomply, sys; print(ftcomply.__file__)"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert Path(result.stdout.strip()).is_relative_to(target), result.stdout + result.stderr
    result = subprocess.run(
        [str(python), "-m", "ftcomply", "check", "--as-of", AS_OF,
         str(EXAMPLES / "minimal-low.yaml")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The console script the wheel installs, as a user types it.
    result = subprocess.run([str(target / "bin" / "ftcomply"), "--version"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("ftcomply "), result.stderr
