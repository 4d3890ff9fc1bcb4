"""Reproducible performance measurements of `ftcomply check` (issue 8).

    .venv/bin/python bench/run.py [--sizes 100 1000 10000] [--jobs N] [--out bench/results.json]

For each corpus size N it generates (or reuses, cached by seed, N and the generator's
source) a corpus with bench/generate.py and measures, every number in this one run:

- end to end: `ftcomply check DIR --format json --output FILE --as-of 2026-11-26T00:00:00Z`
  with `--jobs J` (J = --jobs, default all cores) and with `--jobs 1`: wall time,
  descriptors per second, peak memory of the process tree (bench/measure.py);
- the floor: only parsing the same files with PyYAML's C loader (bench/yaml_floor.py),
  on one core and on J cores, compared like with like (J workers with `--jobs J`, one
  core with `--jobs 1`);
- the stages of one single-process run with ftcomply's own modules (bench/stages.py);
- `check-jsonschema` validating the single-document files against `ftcomply schema`
  (schema only; it reads one document per file), from its own virtualenv under the cache
  directory, compared per descriptor with `--jobs 1` (both one process) and with `--jobs J`;
- once: `ftcomply --version` and a single-file `check`, median of --startup-runs runs.

Each measurement is repeated (--repeat) within a time budget (--budget), and runs during
which other processes used more than --noisy of the machine's CPU are retried (--retries)
and, when a quieter run exists, not used. The best (fastest) usable run is reported.
Prints Markdown tables and writes JSON (--out) and the same Markdown beside it (.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
from measure import Sample, loadavg, run_measured, wait_for_quiet  # noqa: E402

AS_OF = "2026-11-26T00:00:00Z"
SINGLE_FILE = ROOT / "examples" / "compliant-high-lora.yaml"
TARGETS_N = 10_000


@dataclass
class Settings:
    """How hard to try for a clean number; see --help."""

    repeat: int
    budget: float
    noisy: float
    retries: int
    settle: float  # seconds to wait for a quiet machine before each run


@dataclass
class Measured:
    """Every run of one command, and which one counts."""

    command: list[str]
    samples: list[Sample]
    noisy_limit: float
    shown: str  # the command as reported (long file lists abbreviated)

    @property
    def clean(self) -> list[Sample]:
        return [s for s in self.samples if s.others_cpu_share <= self.noisy_limit]

    @property
    def best(self) -> Sample:
        return min(self.clean or self.samples, key=lambda s: s.wall_s)

    @property
    def is_clean(self) -> bool:
        return bool(self.clean)

    def as_dict(self) -> dict[str, Any]:
        return {"command": self.shown, "best": self.best.as_dict(),
                "clean": self.is_clean, "runs": [s.as_dict() for s in self.samples]}


def measure(command: list[str], settings: Settings, cwd: Path | None = None,
            ok_codes: tuple[int, ...] = (0,), shown: str | None = None) -> Measured:
    """Run until `repeat` quiet runs, or the budget or the retries are spent."""
    samples: list[Sample] = []
    spent = 0.0
    while True:
        wait_for_quiet(settings.noisy, settings.settle)
        sample = run_measured(command, cwd=cwd)
        if sample.exit_code not in ok_codes:
            tail = "\n".join(sample.stderr.strip().splitlines()[-5:])
            raise RuntimeError(f"{' '.join(command)} exited {sample.exit_code}:\n{tail}")
        samples.append(sample)
        spent += sample.wall_s
        clean = [s for s in samples if s.others_cpu_share <= settings.noisy]
        if len(clean) >= settings.repeat or len(samples) >= settings.repeat + settings.retries:
            break
        if spent >= settings.budget and (clean or len(samples) > settings.retries):
            break
    return Measured(command, samples, settings.noisy, shown or " ".join(command))


# --- environment -------------------------------------------------------------------------


def ftcomply_command() -> list[str]:
    """The `ftcomply` console script of the interpreter running this, as a user runs it."""
    script = Path(sys.executable).parent / "ftcomply"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ftcomply"]


def snapshot(ref: str, cache: Path) -> tuple[str, Path]:
    """`git archive` of `ref` unpacked under the cache (git's state is left alone):
    its commit, and its `src/` to put first on PYTHONPATH."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.strip()
    target = cache / f"source-{commit[:12]}"
    if not (target / "src").is_dir():
        archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        staging = Path(tempfile.mkdtemp(prefix="source-", dir=cache))
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(staging, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return commit, target / "src"


def git_state(ref: str | None = None) -> str:
    """The commit measured, and whether the code or policies differ from it."""
    if ref:
        return f"{ref[:12]} (a snapshot: git archive)"
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()
    changed = subprocess.run(["git", "status", "--porcelain", "--", "src", "policies"], cwd=ROOT,
                             capture_output=True, text=True).stdout.splitlines()
    return (head or "unknown") + (f" + {len(changed)} changed file(s) under src/ and policies/"
                                  if changed else "")


def machine_info(ref: str | None) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.MULTILINE)
    version = subprocess.run([*ftcomply_command(), "--version"], capture_output=True,
                             text=True, check=True).stdout
    catalog = re.search(r"^catalog (\S+) \((\d+) controls, (\S+)\)", version, re.MULTILINE)
    import yaml

    return {
        "git": git_state(ref),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model.group(1) if model else platform.processor(),
        "memory_gib": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "pyyaml": f"{yaml.__version__} (libyaml {'yes' if yaml.__with_libyaml__ else 'no'})",
        "ftcomply": version.splitlines()[0].split()[-1],
        "catalog_version": catalog.group(1) if catalog else None,
        "catalog_controls": int(catalog.group(2)) if catalog else None,
        "catalog_digest": catalog.group(3) if catalog else None,
        "engine": version.splitlines()[-1].removeprefix("engine "),
    }


def bench_venv(cache: Path, want_profiler: bool) -> dict[str, Any]:
    """A virtualenv apart from the project's, for check-jsonschema (and py-spy)."""
    venv = cache / "venv"
    packages = ["check-jsonschema"] + (["py-spy"] if want_profiler else [])
    tools = {"check-jsonschema": venv / "bin" / "check-jsonschema",
             "py-spy": venv / "bin" / "py-spy"}
    missing = [p for p in packages if not tools[p].exists()]
    problem = None
    if missing:
        try:
            if not (venv / "bin" / "python").exists():
                subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True,
                               capture_output=True, text=True)
            subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                            *missing], check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as exc:
            problem = f"could not install {', '.join(missing)}: " + (
                (exc.stderr or exc.stdout or str(exc)).strip().splitlines() or ["?"])[-1]
    found = {name: str(path) if path.exists() else None for name, path in tools.items()}
    version = None
    if found["check-jsonschema"]:
        version = subprocess.run([found["check-jsonschema"], "--version"], capture_output=True,
                                 text=True).stdout.split()[-1]
    return {"venv": str(venv), **found, "check_jsonschema_version": version, "problem": problem}


def corpus(cache: Path, seed: int, count: int) -> Path:
    """The corpus for (seed, count), generated once per version of the generator."""
    source = hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:12]
    target = cache / f"corpus-s{seed}-n{count}-{source}"
    if not (target / generate.MANIFEST).exists():
        staging = Path(tempfile.mkdtemp(prefix="corpus-", dir=cache))
        generate.write_corpus(staging, count, seed)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target


# --- one corpus --------------------------------------------------------------------------


def measure_corpus(count: int, args: argparse.Namespace, cache: Path, tools: dict[str, Any],
                   schema: Path, settings: Settings) -> dict[str, Any]:
    directory = corpus(cache, args.seed, count)
    files = generate.read_manifest(directory)
    documents = sum(len(f.plans) for f in files)
    paths = sorted(str(directory / f.path) for f in files)
    single = sorted(f.path for f in files if len(f.plans) == 1)
    single_documents = len(single)
    file_list = cache / f"files-{directory.name}.txt"
    file_list.write_text("\n".join(paths) + "\n", encoding="utf-8")
    for path in paths:  # warm the page cache: every tool then reads from memory
        Path(path).read_bytes()
    reports = cache / "reports"
    reports.mkdir(exist_ok=True)
    jobs = args.jobs
    python = sys.executable
    print(f"N={count}: {generate.summary(files)}", file=sys.stderr)

    result: dict[str, Any] = {
        "n": count, "git": git_state(args.ref), "files": len(files), "documents": documents,
        "corpus": str(directory),
        "corpus_summary": generate.summary(files),
        "bytes_per_document": sum(f.size for f in files) / documents,
    }

    def check_command(j: int) -> list[str]:
        return [*ftcomply_command(), "check", str(directory), "--format", "json", "--output",
                str(reports / f"report-n{count}-j{j}.json"), "--as-of", AS_OF, "--jobs", str(j)]

    # (name, command, working directory, accepted exit codes, command as reported)
    steps: list[tuple[str, list[str], Path | None, tuple[int, ...], str | None]] = [
        ("floor_1", [python, str(BENCH / "yaml_floor.py"), str(file_list), "--jobs", "1"],
         None, (0,), None),
        ("check_1", check_command(1), None, (0, 1), None),
        ("stages", [python, str(BENCH / "stages.py"), str(directory), "--as-of", AS_OF,
                    "--output", str(reports / f"stages-n{count}.json")], None, (0,), None),
    ]
    if jobs > 1:
        steps[1:1] = [
            ("floor_j", [python, str(BENCH / "yaml_floor.py"), str(file_list), "--jobs",
                         str(jobs)], None, (0,), None),
            ("check_j", check_command(jobs), None, (0, 1), None),
        ]
    if tools["check-jsonschema"] and not args.skip_check_jsonschema:
        cjs = [tools["check-jsonschema"], "--schemafile", str(schema)]
        steps.append(("check_jsonschema", [*cjs, *single], directory, (0,),
                      f"cd {directory} && {' '.join(cjs)} {' '.join(single[:2])} … "
                      f"(the {len(single):,} single-document files)"))
    measured: dict[str, Measured] = {}
    for name, command, cwd, ok, shown in steps:
        print(f"N={count}: {name} ...", file=sys.stderr, flush=True)
        try:
            measured[name] = measure(command, settings, cwd=cwd, ok_codes=ok, shown=shown)
        except RuntimeError as exc:
            if name != "check_jsonschema":
                raise
            result["check_jsonschema_problem"] = str(exc)
            continue
        best = measured[name].best
        print(f"N={count}: {name} {best.wall_s:.2f} s (other load "
              f"{best.others_cpu_share:.0%}, {len(measured[name].samples)} run(s))",
              file=sys.stderr, flush=True)
    if jobs == 1:
        measured["floor_j"], measured["check_j"] = measured["floor_1"], measured["check_1"]
    result["measurements"] = {name: m.as_dict() for name, m in measured.items()}
    # The policies evaluated (others may edit them between runs): from the report's head.
    with open(reports / f"report-n{count}-j{jobs}.json", encoding="utf-8") as handle:
        found = re.search(r'"catalog":\s*\{[^}]*"digest":\s*"([^"]+)"', handle.read(4096))
    result["catalog_digest"] = found.group(1) if found else None
    stages = json.loads(measured["stages"].best.stdout)
    result["stages"] = stages["seconds"]
    result["stages_documents"] = stages["documents"]

    check_j, check_1 = measured["check_j"].best, measured["check_1"].best
    floor_j, floor_1 = measured["floor_j"].best, measured["floor_1"].best
    result["summary"] = {
        "jobs": jobs,
        "check_j_s": check_j.wall_s,
        "check_j_docs_per_s": documents / check_j.wall_s,
        "check_j_peak_rss_mb": check_j.peak_rss_mb,
        "check_j_peak_pss_mb": check_j.peak_pss_mb,
        "check_j_parent_peak_mb": check_j.parent_peak_mb,
        "check_1_s": check_1.wall_s,
        "check_1_docs_per_s": documents / check_1.wall_s,
        "check_1_peak_rss_mb": check_1.peak_rss_mb,
        "floor_1_s": floor_1.wall_s,
        "floor_1_parse_s": json.loads(floor_1.stdout)["seconds"],
        "floor_j_s": floor_j.wall_s,
        "floor_j_parse_s": json.loads(floor_j.stdout)["seconds"],
        "ratio_floor_j": check_j.wall_s / floor_j.wall_s,
        "ratio_floor_1": check_1.wall_s / floor_1.wall_s,
        "max_other_load": max(m.best.others_cpu_share for m in measured.values()),
        "all_clean": all(m.is_clean for m in measured.values()),
    }
    if "check_jsonschema" in measured:
        cjs = measured["check_jsonschema"].best
        per_doc = cjs.wall_s / single_documents
        result["summary"].update({
            "check_jsonschema_s": cjs.wall_s,
            "check_jsonschema_documents": single_documents,
            "check_jsonschema_docs_per_s": single_documents / cjs.wall_s,
            "ratio_check_jsonschema_1": (check_1.wall_s / documents) / per_doc,
            "ratio_check_jsonschema_j": (check_j.wall_s / documents) / per_doc,
        })
    return result


# --- startup -----------------------------------------------------------------------------


def measure_startup(runs: int) -> dict[str, Any]:
    """`ftcomply --version` and a single-file check: median wall time of `runs` runs."""
    out = Path(tempfile.mkdtemp(prefix="ftcomply-bench-")) / "single.json"
    commands = {
        "version": [*ftcomply_command(), "--version"],
        "single_file_check": [*ftcomply_command(), "check", str(SINGLE_FILE), "--format", "json",
                              "--output", str(out), "--as-of", AS_OF],
    }
    result = {}
    for name, command in commands.items():
        run_measured(command)  # one warm-up: the first run pays for cold caches
        samples = [run_measured(command) for _ in range(runs)]
        walls = [s.wall_s for s in samples]
        result[name] = {"command": " ".join(command), "median_s": statistics.median(walls),
                        "min_s": min(walls), "max_s": max(walls), "runs": len(walls),
                        "peak_rss_mb": max(s.peak_rss_mb for s in samples),
                        "max_other_load": max(s.others_cpu_share for s in samples)}
    shutil.rmtree(out.parent, ignore_errors=True)
    return result


# --- profile -----------------------------------------------------------------------------


def profile(py_spy: str, directory: Path, cache: Path, top: int = 20) -> dict[str, Any]:
    """A py-spy profile of bench/stages.py on one corpus: the functions that take the time.

    Native frames are included (libyaml, the engine, the garbage collector); unnamed ones
    are grouped by library. Frames of stages.py and of the import machinery are left out
    of the inclusive ranking, which they would top without saying anything."""
    raw = cache / f"profile-{directory.name}.txt"
    command = [py_spy, "record", "--native", "--format", "raw", "--rate", "200", "--output",
               str(raw), "--", sys.executable, str(BENCH / "stages.py"), str(directory),
               "--as-of", AS_OF]
    subprocess.run(command, check=True, capture_output=True)
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        frames = [re.sub(r"^0x[0-9a-f]+ \((.*)\)$", r"[native] (\1)",
                         re.sub(r":\d+\)$", ")", frame)) for frame in stack.split(";")]
        total += count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            if "stages.py" not in frame and "<frozen " not in frame:
                inclusive[frame] = inclusive.get(frame, 0) + count

    def ranked(table: dict[str, int]) -> list[list[Any]]:
        rows = sorted(table.items(), key=lambda item: -item[1])[:top]
        return [[frame, round(100 * count / total, 1)] for frame, count in rows]

    return {"command": " ".join(command), "raw": str(raw), "samples": total,
            "self_percent": ranked(own), "inclusive_percent": ranked(inclusive)}


# --- output ------------------------------------------------------------------------------


def verdicts(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """Each target of issue 8: (target, measured, met); None when it was not measured."""
    rows: list[tuple[str, str, bool | None]] = []
    sizes = {r["n"]: r["summary"] for r in results["corpora"]}
    at = sizes.get(TARGETS_N)
    label = f"N = {TARGETS_N:,}"
    if at is None and sizes:
        label = f"N = {max(sizes):,} (N = {TARGETS_N:,} not measured)"
        at = sizes[max(sizes)]
    if at:
        rate = at["check_j_docs_per_s"]
        rows.append((f"≥ 1,000 descriptors/s end to end ({label}, --jobs {at['jobs']})",
                     f"{rate:,.0f}/s", rate >= 1000))
        rows.append(("aim: 2,000 descriptors/s", f"{rate:,.0f}/s", rate >= 2000))
        rows.append((f"≤ 3x the YAML-parse floor ({label}, {at['jobs']} v {at['jobs']} cores)",
                     f"{at['ratio_floor_j']:.1f}x", at["ratio_floor_j"] <= 3))
        if "ratio_check_jsonschema_1" in at:
            rows.append((f"faster than check-jsonschema, schema only ({label}, per descriptor, "
                         "1 process each)", f"{at['ratio_check_jsonschema_1']:.2f}x its time",
                         at["ratio_check_jsonschema_1"] < 1))
        else:
            rows.append(("faster than check-jsonschema", "not measured", None))
        rows.append((f"peak memory < 300 MB ({label}, parent + Σ worker peaks)",
                     f"{at['check_j_peak_rss_mb']:.0f} MB (PSS {at['check_j_peak_pss_mb']:.0f})",
                     at["check_j_peak_rss_mb"] < 300))
    startup = results["startup"]
    rows.append(("`ftcomply --version` < 0.2 s", f"{startup['version']['median_s']:.2f} s",
                 startup["version"]["median_s"] < 0.2))
    rows.append(("single-file `check` < 0.5 s",
                 f"{startup['single_file_check']['median_s']:.2f} s",
                 startup["single_file_check"]["median_s"] < 0.5))
    return rows


def _stage_order(name: str) -> int:
    order = ["import", "setup", "collect", "read", "load", "load.compose", "schema",
             "policies.engine", "policies.results", "report.build", "report.render",
             "report.write"]
    return order.index(name) if name in order else len(order)


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    jobs = results["jobs"]
    lines = [
        f"Measured {machine['date']} at {machine['git']} on {machine['cpu_model']}, "
        f"{machine['nproc']} cores, "
        f"{machine['memory_gib']} GiB, Linux {machine['kernel']}; Python {machine['python']}, "
        f"PyYAML {machine['pyyaml']}; ftcomply {machine['ftcomply']}, catalog "
        f"{machine['catalog_version']} ({machine['catalog_controls']} controls, "
        f"{machine['catalog_digest']}), {machine['engine']}; "
        f"check-jsonschema {results['tools']['check_jsonschema_version'] or 'not available'}.",
        "",
        f"| N | files | KiB/doc | check -j{jobs} (s) | docs/s | peak MB Σ RSS (PSS) | "
        f"check -j1 (s) | docs/s | YAML floor 1 core (s) | YAML floor {jobs} cores (s) | "
        f"x floor ({jobs} v {jobs}) | x floor (1 v 1) | check-jsonschema (s / docs) | "
        f"x check-jsonschema (-j1 / -j{jobs}) | other load |",
        "|" + "---:|" * 15,
    ]
    for corpus_result in results["corpora"]:
        s = corpus_result["summary"]
        if "check_jsonschema_s" in s:
            cjs = f"{s['check_jsonschema_s']:.2f} / {s['check_jsonschema_documents']:,}"
            cjs_ratio = (f"{s['ratio_check_jsonschema_1']:.2f}x / "
                         f"{s['ratio_check_jsonschema_j']:.2f}x")
        else:
            cjs, cjs_ratio = "n/a", "n/a"
        lines.append(
            f"| {corpus_result['n']:,} | {corpus_result['files']:,} | "
            f"{corpus_result['bytes_per_document'] / 1024:.1f} | {s['check_j_s']:.2f} | "
            f"{s['check_j_docs_per_s']:,.0f} | {s['check_j_peak_rss_mb']:.0f} "
            f"({s['check_j_peak_pss_mb']:.0f}) | {s['check_1_s']:.2f} | "
            f"{s['check_1_docs_per_s']:,.0f} | {s['floor_1_s']:.2f} | {s['floor_j_s']:.2f} | "
            f"{s['ratio_floor_j']:.1f}x | {s['ratio_floor_1']:.1f}x | {cjs} | {cjs_ratio} | "
            f"{s['max_other_load']:.0%}{'' if s['all_clean'] else ' (noisy)'} |")
    lines.append("")
    for corpus_result in results["corpora"]:  # the code can change between sizes
        lines.append(f"- N = {corpus_result['n']:,}: {corpus_result.get('git', '?')}, catalog "
                     f"{(corpus_result.get('catalog_digest') or '?')[:19]}…")
    lines += ["", "Time per stage, one process (bench/stages.py), milliseconds per descriptor:",
              ""]
    corpora = results["corpora"]
    names = sorted(corpora[0]["stages"], key=_stage_order) if corpora else []
    lines.append("| stage | " + " | ".join(f"N = {c['n']:,}" for c in corpora)
                 + " | share (largest N) |")
    lines.append("|---|" + "---:|" * (len(corpora) + 1))
    if corpora:
        last = corpora[-1]
        counted = sum(v for k, v in last["stages"].items() if k != "load.compose")
        for name in names:
            cells = [f"{1000 * c['stages'][name] / c['stages_documents']:.3f}" for c in corpora]
            share = "" if name == "load.compose" else f"{last['stages'][name] / counted:.0%}"
            label = f"(of load) {name}" if name == "load.compose" else name
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {share} |")
    startup = results["startup"]
    lines += ["", "| startup | median (s) | min-max (s) | runs |", "|---|---:|---:|---:|"]
    for name, label in (("version", "`ftcomply --version`"),
                        ("single_file_check", "single-file `check` (json to a file)")):
        item = startup[name]
        lines.append(f"| {label} | {item['median_s']:.3f} | {item['min_s']:.3f}-"
                     f"{item['max_s']:.3f} | {item['runs']} |")
    lines += ["", "| target (issue 8) | measured | met |", "|---|---|---|"]
    for target, value, met in verdicts(results):
        lines.append(f"| {target} | {value} | "
                     f"{'—' if met is None else 'met' if met else 'missed'} |")
    if results.get("profile"):
        prof = results["profile"]
        lines += ["", f"Profile (py-spy --native, {prof['samples']:,} samples of "
                  f"bench/stages.py on N = {prof['n']:,}), share of samples:", "",
                  "| function (inclusive) | % | function (self) | % |", "|---|---:|---|---:|"]
        for (frame, percent), (leaf, own) in zip(prof["inclusive_percent"],
                                                 prof["self_percent"], strict=False):
            lines.append(f"| `{frame}` | {percent} | `{leaf}` | {own} |")
    lines += ["", "Commands (the largest N):", "", "```"]
    if results.get("pythonpath"):
        lines.append(f"# every command ran with PYTHONPATH={results['pythonpath']}")
    if corpora:
        for name, item in corpora[-1]["measurements"].items():
            lines += [f"# {name}", item["command"]]
    lines.append("```")
    return "\n".join(lines) + "\n"


def write_results(results: dict[str, Any], out: Path) -> str:
    """Write the JSON and the Markdown beside it; returns the Markdown."""
    results["loadavg_end"] = loadavg()
    results["targets"] = [{"target": t, "measured": v, "met": m} for t, v, m in verdicts(results)]
    text = markdown(results)
    results["markdown"] = text
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                        help="worker processes for the parallel runs (default: all cores)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "ftcomply-bench",
                        help="corpora, the tools' virtualenv, reports (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="quiet runs wanted per number")
    parser.add_argument("--budget", type=float, default=120,
                        help="seconds after which a number is not repeated further")
    parser.add_argument("--noisy", type=float, default=0.25,
                        help="a run is noisy when other processes used more than this share "
                             "of the machine's CPU")
    parser.add_argument("--retries", type=int, default=2, help="extra runs for noisy ones")
    parser.add_argument("--settle", type=float, default=30,
                        help="before each run, wait up to this many seconds for other "
                             "processes to use at most --noisy of the CPU")
    parser.add_argument("--startup-runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true",
                        help="also profile a single-process run with py-spy (N = 1,000 if "
                             "measured, else the smallest N)")
    parser.add_argument("--skip-check-jsonschema", action="store_true")
    parser.add_argument("--ref", metavar="COMMIT",
                        help="measure the code and policies of this commit (a git archive "
                             "snapshot on PYTHONPATH) instead of the working tree")
    parser.add_argument("--render", type=Path, metavar="RESULTS_JSON",
                        help="measure nothing: print the Markdown of earlier results")
    args = parser.parse_args(argv)
    if args.render:
        print(markdown(json.loads(args.render.read_text(encoding="utf-8"))), end="")
        return 0
    if args.jobs < 1 or any(n < 1 for n in args.sizes):
        parser.error("--jobs and --sizes must be positive")
    settings = Settings(args.repeat, args.budget, args.noisy, args.retries, args.settle)
    cache = args.cache_dir
    cache.mkdir(parents=True, exist_ok=True)
    if args.ref:  # every ftcomply process started from here on imports the snapshot
        args.ref, source = snapshot(args.ref, cache)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(source), os.environ.get("PYTHONPATH")]))

    results: dict[str, Any] = {"machine": machine_info(args.ref), "jobs": args.jobs,
                               "seed": args.seed, "as_of": AS_OF,
                               "pythonpath": os.environ["PYTHONPATH"] if args.ref else None,
                               "settings": vars(settings),
                               "loadavg_start": loadavg()}
    tools = bench_venv(cache, args.profile)
    results["tools"] = tools
    if tools["problem"]:
        print(f"warning: {tools['problem']}", file=sys.stderr)
    schema = cache / "schema.json"
    schema.write_text(subprocess.run([*ftcomply_command(), "schema"], capture_output=True,
                                     text=True, check=True).stdout, encoding="utf-8")
    results["commands"] = {
        "schema": f"{' '.join(ftcomply_command())} schema > {schema}",
        "generate": f"{sys.executable} {BENCH / 'generate.py'} DIR --count N --seed {args.seed}",
    }
    print("startup ...", file=sys.stderr, flush=True)
    results["startup"] = measure_startup(args.startup_runs)
    profiled = 1000 if 1000 in args.sizes else min(args.sizes)
    if args.profile and not tools["py-spy"]:
        print("warning: py-spy is not available; no profile", file=sys.stderr)
    results["corpora"] = []
    for n in sorted(args.sizes):  # written after each size: a long run keeps what it measured
        results["corpora"].append(measure_corpus(n, args, cache, tools, schema, settings))
        if args.profile and tools["py-spy"] and n == profiled:
            print(f"profile N={n} ...", file=sys.stderr, flush=True)
            results["profile"] = {"n": n, **profile(tools["py-spy"],
                                                    corpus(cache, args.seed, n), cache)}
        write_results(results, args.out)
    print(write_results(results, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
